"""The grade (J13, J14, J12) as a pure function of plain inputs and the project's policy.

Grade = study time 50 + objective 10 + subjective 20 + excellent work 2 +
interaction 18. Arithmetic is Decimal, each figure rounded half-up to 0.01 and
bounded to 0..its maximum; the total is the sum of the rounded components, so
the breakdown a learner sees always adds up to the total shown.
Missing inputs (no quiz taken, no reviewed work) score 0.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

CENT = Decimal("0.01")
COMPONENTS = ("study", "objective", "subjective", "excellent_work", "interaction")
INTERACTION_PARTS = ("topics", "replies", "qa")

Number = int | float | Decimal


def _dec(value: Number, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise TypeError(f"{name} must be a number")
    # A float goes through its shortest repr: 79.995 means 79.995, not 79.99499999...
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{name} must be finite")
    return number


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _bounded(value: Decimal, maximum: Decimal) -> Decimal:
    return min(max(_round(value), Decimal(0)), maximum)


def _share(count: Number, target: Number) -> Decimal:
    """count / target, bounded to 0..1; a target of 0 is met by anything."""
    count, target = _dec(count, "count"), _dec(target, "target")
    if target <= 0:
        return Decimal(1)
    return min(max(count / target, Decimal(0)), Decimal(1))


@dataclass(frozen=True)
class GradingPolicy:
    """A project's grading settings; defaults are J13/J14, visible to province admins.

    Interaction (18) is split by default: forum topics 6 (1 counted topic earns
    them), replies 8 (3 counted replies), expert Q&A 4 (taking part once). Only
    posts that ``count`` (long enough, not near-duplicates) are passed in.
    """

    study_points: Number = 50
    objective_points: Number = 10
    subjective_points: Number = 20
    excellent_work_points: Number = 2
    interaction_points: Number = 18
    pass_mark: Number = 80
    outstanding_mark: Number = 90
    topic_points: Number = 6
    reply_points: Number = 8
    qa_points: Number = 4
    topics_target: int = 1
    replies_target: int = 3
    qa_target: int = 1

    def __post_init__(self) -> None:
        for f in fields(self):
            if _dec(getattr(self, f.name), f.name) < 0:
                raise ValueError(f"{f.name} must not be negative")
        total = sum(self.maximum(c) for c in COMPONENTS)
        if total != 100:
            raise ValueError(f"component maxima must add up to 100, not {total}")
        parts = sum(self.part_maximum(p) for p in INTERACTION_PARTS)
        if parts != self.maximum("interaction"):
            raise ValueError("topic, reply and Q&A points must add up to the interaction points")
        if _dec(self.outstanding_mark, "outstanding_mark") < _dec(self.pass_mark, "pass_mark"):
            raise ValueError("outstanding_mark must not be below pass_mark")

    def maximum(self, component: str) -> Decimal:
        return _dec(getattr(self, f"{component}_points"), component)

    def part_maximum(self, part: str) -> Decimal:
        name = {"topics": "topic_points", "replies": "reply_points", "qa": "qa_points"}[part]
        return _dec(getattr(self, name), name)

    def part_target(self, part: str) -> int:
        return getattr(self, f"{part}_target")


@dataclass(frozen=True)
class GradeInputs:
    credited_seconds: Number = 0
    required_seconds: Number = 0  # the course's required_minutes × 60; 0 is met by anything
    objective_percent: Number | None = None  # average of objective assignments, 0–100
    subjective_score: Number | None = None  # average of reviewed subjective work, 0–100
    excellent_work: bool = False  # a tutor marked a submission excellent
    counted_topics: int = 0
    counted_replies: int = 0
    qa_participations: int = 0
    plagiarism_confirmed: bool = False  # J12: a tutor confirmed it


@dataclass(frozen=True)
class Component:
    name: str
    score: Decimal
    max: Decimal
    details: tuple[tuple[str, Any], ...] = ()  # extra API fields, e.g. credited_seconds

    def as_dict(self) -> dict[str, Any]:
        return {"score": float(self.score), "max": float(self.max),
                **{key: _plain(value) for key, value in self.details}}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class GradeBreakdown:
    components: tuple[Component, ...]
    total: Decimal
    passed: bool
    excellent: bool
    plagiarism: bool

    def component(self, name: str) -> Component:
        return next(c for c in self.components if c.name == name)

    def as_dict(self) -> dict[str, Any]:
        """The API's grade shape (without ``final``, which the service knows)."""
        return {"total": float(self.total), "passed": self.passed, "excellent": self.excellent,
                "plagiarism": self.plagiarism,
                "components": {c.name: c.as_dict() for c in self.components}}


def _percent_score(percent: Number | None, maximum: Decimal, name: str) -> Decimal:
    if percent is None:
        return Decimal(0)
    return _bounded(maximum * _dec(percent, name) / 100, maximum)


def compute_grade(inputs: GradeInputs, policy: GradingPolicy = GradingPolicy()) -> GradeBreakdown:
    """J13/J14: the breakdown, total, passed (≥ pass mark, no plagiarism) and excellent."""
    with localcontext() as ctx:
        ctx.prec = 28
        study_max = policy.maximum("study")
        study = _bounded(study_max * _share(inputs.credited_seconds, inputs.required_seconds),
                         study_max)
        objective = _percent_score(inputs.objective_percent, policy.maximum("objective"),
                                   "objective_percent")
        subjective = _percent_score(inputs.subjective_score, policy.maximum("subjective"),
                                    "subjective_score")
        excellent_max = policy.maximum("excellent_work")
        excellent_work = excellent_max if inputs.excellent_work else Decimal(0)

        counts = {"topics": inputs.counted_topics, "replies": inputs.counted_replies,
                  "qa": inputs.qa_participations}
        parts = {}
        for part in INTERACTION_PARTS:
            part_max = policy.part_maximum(part)
            score = _bounded(part_max * _share(counts[part], policy.part_target(part)), part_max)
            parts[part] = {"score": score, "max": part_max, "count": counts[part],
                           "target": policy.part_target(part)}
        interaction_max = policy.maximum("interaction")
        interaction = min(sum((p["score"] for p in parts.values()), Decimal(0)), interaction_max)

        components = (
            Component("study", study, study_max,
                      (("credited_seconds", _dec(inputs.credited_seconds, "credited_seconds")),
                       ("required_seconds", _dec(inputs.required_seconds, "required_seconds")))),
            Component("objective", objective, policy.maximum("objective")),
            Component("subjective", subjective, policy.maximum("subjective")),
            Component("excellent_work", excellent_work, excellent_max),
            Component("interaction", interaction, interaction_max, (("parts", parts),)),
        )
        total = _round(sum((c.score for c in components), Decimal(0)))
    plagiarism = bool(inputs.plagiarism_confirmed)
    passed, excellent = standing(total, plagiarism, policy)
    return GradeBreakdown(components, total, passed, excellent, plagiarism)


def standing(total: Number, plagiarism: bool, policy: GradingPolicy = GradingPolicy()) -> tuple[bool, bool]:
    """(passed, excellent) of a total: J14's marks, and J12 — plagiarism fails whatever the score. Also
    what a verdict given or overturned after grading closed does to a final grade (its total stays)."""
    total = _dec(total, "total")
    passed = total >= _dec(policy.pass_mark, "pass_mark") and not plagiarism
    return passed, passed and total >= _dec(policy.outstanding_mark, "outstanding_mark")


def what_is_missing(breakdown: GradeBreakdown, inputs: GradeInputs,
                    policy: GradingPolicy = GradingPolicy()) -> list[dict[str, Any]]:
    """What would still earn points, component by component, for the learner's page.

    Each hint names the component, the points still open and the concrete step
    (e.g. ``{"component": "study", "points": 8.4, "minutes": 42}`` → "再观看 42
    分钟课程可得满分"). A confirmed plagiarism comes first: nothing else can pass.
    """
    hints: list[dict[str, Any]] = []
    if breakdown.plagiarism:
        hints.append({"component": "plagiarism", "points": 0.0, "reason": "plagiarism_confirmed"})

    def gap(name: str) -> Decimal:
        c = breakdown.component(name)
        return c.max - c.score

    if gap("study") > 0:
        remaining = _dec(inputs.required_seconds, "required") - _dec(inputs.credited_seconds, "credited")
        hints.append({"component": "study", "points": float(gap("study")),
                      "minutes": max(1, math.ceil(remaining / 60))})
    for name, value in (("objective", inputs.objective_percent),
                        ("subjective", inputs.subjective_score)):
        if gap(name) > 0:
            hint: dict[str, Any] = {"component": name, "points": float(gap(name))}
            hint["reason"] = "missing" if value is None else "below_full_marks"
            hints.append(hint)
    if gap("excellent_work") > 0:
        hints.append({"component": "excellent_work", "points": float(gap("excellent_work")),
                      "reason": "not_recommended"})
    parts = dict(breakdown.component("interaction").details)["parts"]
    for part in INTERACTION_PARTS:
        info = parts[part]
        if info["score"] < info["max"]:
            hints.append({"component": "interaction", "part": part,
                          "points": float(info["max"] - info["score"]),
                          "count": max(0, info["target"] - info["count"])})
    return hints


def points_needed(breakdown, policy: GradingPolicy = GradingPolicy()) -> dict[str, float | None]:
    """Points still missing to pass and to reach the outstanding mark (None: out of reach).

    ``breakdown`` is anything with a ``total`` and a ``plagiarism`` flag: a fresh GradeBreakdown or a
    stored grade (the grade page and API use this one function)."""
    if breakdown.plagiarism:
        return {"to_pass": None, "to_excellent": None}
    total = _dec(breakdown.total, "total")
    to_pass = max(Decimal(0), _dec(policy.pass_mark, "pass_mark") - total)
    to_excellent = max(Decimal(0), _dec(policy.outstanding_mark, "outstanding_mark") - total)
    return {"to_pass": float(to_pass), "to_excellent": float(to_excellent)}
