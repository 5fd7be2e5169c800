"""Surveys and questionnaires (docs/SURVEYS.md) as pure functions of plain values: a question's definition is
sound, an answer fits its question, a survey is open, and the results' counts.

Nothing here reads the clock, the database or the request; problems are returned as codes with their
parameters (``Problem``), which the services put into words.

Decisions:
- Four kinds of question: single choice, multiple choice (optionally at least / at most so many picks), a scale
  (whole numbers, e.g. 1–5, with a label at each end) and free text (at most ``max_length`` characters).
- A choice question has 2–20 distinct, non-empty options; a scale spans 2–11 points between 0 and 10.
- An answer to a required question may not be empty; an optional one left empty is simply not stored.
- A survey is open from ``opens_at`` (inclusive) to ``closes_at`` (exclusive) once published; each respondent
  answers once, and the answer is final (no editing: an anonymous answer has no link back to change it).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable, Mapping, Sequence

SINGLE, MULTIPLE, SCALE, TEXT = "single", "multiple", "scale", "text"
KINDS = (SINGLE, MULTIPLE, SCALE, TEXT)
CHOICE_KINDS = (SINGLE, MULTIPLE)

DRAFT, PUBLISHED, CLOSED = "draft", "published", "closed"
STATUSES = (DRAFT, PUBLISHED, CLOSED)

LEARNERS, TUTORS, ADMINS = "learners", "tutors", "admins"
AUDIENCES = (LEARNERS, TUTORS, ADMINS)
BATCH, CLASS, UNIT = "batch", "class", "unit"
TARGETS = (BATCH, CLASS, UNIT)
# Who a target can address: a batch or a class has learners and tutors; a unit's subtree has all three.
TARGET_AUDIENCES = {BATCH: (LEARNERS, TUTORS), CLASS: (LEARNERS, TUTORS), UNIT: AUDIENCES}

MIN_OPTIONS, MAX_OPTIONS = 2, 20
OPTION_MAX_CHARS = 200
SCALE_LOW, SCALE_HIGH, SCALE_MAX_POINTS = 0, 10, 11
TEXT_MAX_LENGTH = 5000
MAX_QUESTIONS = 100


@dataclass(frozen=True)
class Problem:
    """What is wrong, as a code the services put into words, with the numbers the words need."""
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class QuestionSpec:
    """A question as the rules need it (the model's columns, without the database)."""
    key: int
    kind: str
    required: bool = True
    options: Sequence[str] = ()
    min_picks: int | None = None
    max_picks: int | None = None
    scale_min: int | None = None
    scale_max: int | None = None
    max_length: int | None = None


def definition_problems(spec: QuestionSpec) -> dict[str, Problem]:
    """Field name → problem for a question being written (empty when it is sound)."""
    found: dict[str, Problem] = {}
    if spec.kind not in KINDS:
        return {"kind": Problem("unknown_kind")}
    if spec.kind in CHOICE_KINDS:
        options = [o.strip() for o in spec.options]
        if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
            found["options"] = Problem("option_count", {"low": MIN_OPTIONS, "high": MAX_OPTIONS})
        elif any(not o for o in options):
            found["options"] = Problem("option_empty")
        elif any(len(o) > OPTION_MAX_CHARS for o in options):
            found["options"] = Problem("option_long", {"n": OPTION_MAX_CHARS})
        elif len(set(options)) != len(options):
            found["options"] = Problem("option_twice")
    if spec.kind == MULTIPLE and "options" not in found:
        n = len(spec.options)
        low, high = spec.min_picks, spec.max_picks
        if low is not None and not 1 <= low <= n:
            found["min_picks"] = Problem("picks_range", {"n": n})
        if high is not None and not 1 <= high <= n:
            found["max_picks"] = Problem("picks_range", {"n": n})
        if low is not None and high is not None and "min_picks" not in found and "max_picks" not in found \
                and low > high:
            found["max_picks"] = Problem("picks_order")
    if spec.kind == SCALE:
        low, high = spec.scale_min, spec.scale_max
        if low is None or high is None or not SCALE_LOW <= low < high <= SCALE_HIGH \
                or high - low + 1 > SCALE_MAX_POINTS:
            found["scale_max"] = Problem("scale_range", {"low": SCALE_LOW, "high": SCALE_HIGH})
    if spec.kind == TEXT and (spec.max_length is None or not 1 <= spec.max_length <= TEXT_MAX_LENGTH):
        found["max_length"] = Problem("length_range", {"n": TEXT_MAX_LENGTH})
    return found


def is_open(status: str, opens_at: datetime, closes_at: datetime, now: datetime) -> bool:
    return status == PUBLISHED and opens_at <= now < closes_at


def window_problem(opens_at: datetime, closes_at: datetime, now: datetime | None = None) -> Problem | None:
    """A survey's window: it closes after it opens and, when it is being published (``now`` given), in the future."""
    if closes_at <= opens_at:
        return Problem("closes_before_opens")
    if now is not None and closes_at <= now:
        return Problem("closes_in_past")
    return None


def _whole(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit() and len(value.strip()) <= 6:
        return int(value.strip())
    return None


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or (isinstance(value, str) and not value.strip())


def check_answer(spec: QuestionSpec, value) -> tuple[Any, Problem | None]:
    """One answer against its question: the clean value (an option index, a sorted list of them, a point of the
    scale, the text; None when an optional question was left empty) or the problem."""
    if _empty(value):
        return None, (Problem("required") if spec.required else None)
    if spec.kind == SINGLE:
        pick = _whole(value)
        if pick is None or not 0 <= pick < len(spec.options):
            return None, Problem("not_an_option")
        return pick, None
    if spec.kind == MULTIPLE:
        values = value if isinstance(value, (list, tuple)) else [value]
        picks = [_whole(v) for v in values]
        if any(p is None or not 0 <= p < len(spec.options) for p in picks):
            return None, Problem("not_an_option")
        picks = sorted(set(picks))
        if spec.min_picks is not None and len(picks) < spec.min_picks:
            return None, Problem("too_few", {"n": spec.min_picks})
        if spec.max_picks is not None and len(picks) > spec.max_picks:
            return None, Problem("too_many", {"n": spec.max_picks})
        return picks, None
    if spec.kind == SCALE:
        point = _whole(value)
        if point is None or not spec.scale_min <= point <= spec.scale_max:
            return None, Problem("off_scale", {"low": spec.scale_min, "high": spec.scale_max})
        return point, None
    if not isinstance(value, str):
        return None, Problem("not_text")
    text = value.strip()
    if len(text) > (spec.max_length or TEXT_MAX_LENGTH):
        return None, Problem("too_long", {"n": spec.max_length})
    return text, None


def check_answers(specs: Iterable[QuestionSpec], raw: Mapping[int, Any]) -> tuple[dict[int, Any], dict[int, Problem]]:
    """Every question's answer: the clean values (questions left empty are absent) and the problems, by key.
    Answers to questions the survey does not have are a problem of their own (key -1)."""
    specs = list(specs)
    clean: dict[int, Any] = {}
    problems: dict[int, Problem] = {}
    for spec in specs:
        value, problem = check_answer(spec, raw.get(spec.key))
        if problem is not None:
            problems[spec.key] = problem
        elif value is not None:
            clean[spec.key] = value
    strangers = set(raw) - {s.key for s in specs}
    if strangers:
        problems[-1] = Problem("unknown_question", {"keys": sorted(strangers)})
    return clean, problems


def _percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def tally(spec: QuestionSpec, values: Iterable[Any], respondents: int) -> dict:
    """One question's results from its stored answers: per option (or point) the count and the percentage of
    those who answered the question; a scale's mean; a text question's answers in the order given.
    For multiple choice the percentages add up to more than 100 (each answerer may pick several)."""
    values = list(values)
    answered = len(values)
    result: dict[str, Any] = {"answered": answered, "skipped": max(respondents - answered, 0)}
    if spec.kind in CHOICE_KINDS:
        counts = Counter(p for v in values for p in (v if isinstance(v, list) else [v]))
        result["options"] = [{"label": label, "count": counts.get(i, 0), "percent": _percent(counts.get(i, 0), answered)}
                             for i, label in enumerate(spec.options)]
    elif spec.kind == SCALE:
        counts = Counter(values)
        result["options"] = [{"label": str(p), "count": counts.get(p, 0), "percent": _percent(counts.get(p, 0), answered)}
                             for p in range(spec.scale_min, spec.scale_max + 1)]
        result["mean"] = round(sum(values) / answered, 2) if answered else None
    else:
        result["texts"] = [v for v in values if v]
    return result


def response_rate(responses: int, addressed: int) -> float | None:
    """Responses against the people the survey addresses now, in percent (None when it addresses nobody)."""
    return _percent(responses, addressed)
