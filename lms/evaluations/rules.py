"""The project's comprehensive evaluation (综合评估, JX11b, 004 L162): the four dimensions, the score scale, how a
self-evaluation and the outside evaluations combine, the grade, and who may evaluate an area from outside.
Pure functions of plain values (docs/RULES.md "JX11b")."""
from __future__ import annotations

# The four dimensions of 004 L162, in the order the forms and the exports show them.
DIMENSIONS = ("progress", "measures", "innovation", "performance")
SCORE_MIN, SCORE_MAX = 0, 100
# The combined result weighs the area's own view less than the outside view (自评与他评相结合: the outside
# evaluators check what the area claims). The weights add up to 1.
SELF_WEIGHT = 0.3
OUTSIDE_WEIGHT = 0.7
# Grades of a combined score: (lowest score, grade), highest first.
GRADES = ((90, "excellent"), (75, "good"), (60, "pass"), (0, "fail"))
# The levels that evaluate themselves (the province, each city and each county: 004 L58, L70, L162).
LEVELS = ("province", "city", "county")
STATUSES = ("draft", "submitted", "returned")
ROUND_STATES = ("open", "closed")
MAX_REVIEWERS = 5
UNIT_LEVELS = ("province", "city", "county", "school")


def score_problems(scores: dict) -> list[str]:
    """The dimensions whose score is missing or not a whole number from SCORE_MIN to SCORE_MAX."""
    return [d for d in DIMENSIONS
            if not isinstance(scores.get(d), int) or isinstance(scores.get(d), bool)
            or not SCORE_MIN <= scores[d] <= SCORE_MAX]


def overall(scores: dict) -> float | None:
    """One evaluation's score: the mean of its four dimensions (each weighs the same), one decimal; None while
    one is missing."""
    values = [scores.get(d) for d in DIMENSIONS]
    if any(v is None for v in values):
        return None
    return round(sum(values) / len(values), 1)


def outside_score(overalls: list[float | None]) -> float | None:
    """The outside evaluators' score: the mean of the overall scores of those who evaluated (None: nobody yet)."""
    given = [v for v in overalls if v is not None]
    return round(sum(given) / len(given), 1) if given else None


def combined(self_score: float | None, outside: float | None) -> float | None:
    """SELF_WEIGHT × the self-evaluation + OUTSIDE_WEIGHT × the outside score; None unless both exist (a
    result needs the area's submitted view and at least one outside evaluation)."""
    if self_score is None or outside is None:
        return None
    return round(SELF_WEIGHT * self_score + OUTSIDE_WEIGHT * outside, 1)


def grade(score: float | None) -> str | None:
    if score is None:
        return None
    return next(name for lowest, name in GRADES if score >= lowest)


def ancestor_ids(path: dict) -> set[int]:
    """A unit's own id and its ancestors' ids, from its ancestor columns (``province_id`` … ``school_id``)."""
    return {path.get(f"{level}_id") for level in UNIT_LEVELS} - {None}


def overlaps(area_id: int, area_path: dict, unit_id: int, unit_path: dict) -> bool:
    """Whether two units' areas overlap: one is the other or lies within it."""
    return area_id in ancestor_ids(unit_path) or unit_id in ancestor_ids(area_path)


def peer_allowed(area_id: int, area_path: dict, reviewer_units: list[tuple[int, dict]]) -> bool:
    """A city admin evaluates another city's area from outside: never one its own area overlaps (its own city,
    a county of it, or the province that contains it)."""
    return bool(reviewer_units) and not any(overlaps(area_id, area_path, uid, path) for uid, path in reviewer_units)


def can_edit_self(state: str, status: str) -> bool:
    """The area writes its self-evaluation while the round is open and it is not submitted (or was returned)."""
    return state == "open" and status in ("draft", "returned")


def can_review(state: str, status: str) -> bool:
    """Outside evaluators score a submitted self-evaluation while the round is open."""
    return state == "open" and status == "submitted"
