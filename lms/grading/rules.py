"""The grade (J13, J14, J12) as a pure function of plain inputs and the project's policy.

Grade = study time 50 + objective 10 + subjective 20 + excellent work 2 +
interaction 18. Arithmetic is Decimal, each figure rounded half-up to 0.01 and
bounded to 0..its maximum; the total is the sum of the rounded components, so
the breakdown a learner sees always adds up to the total shown.
Missing inputs (no quiz taken, no reviewed work) score 0.
Attended live and practice activities add study time, attended offline discussions and guidance and featured
posts add interaction points (004 L135, L153-156), each up to the project's cap and never beyond a maximum.
"""
from __future__ import annotations

import bisect
import math
from collections.abc import Callable
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

# A criterion's words are translated when shown (lazily): a class's table assesses every learner but shows the
# words of few, and outside an app (the rules' own tests) the English stays as is.
from flask_babel import lazy_gettext

from lms.activities import rules as activity_rules

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
    # Activities and featured posts add to study time and interaction (never beyond their maxima).
    live_minutes_per_hour: int = 60
    activity_study_cap_minutes: int = 240
    offline_activity_points: int = 2
    activity_points_cap: int = 6
    featured_post_points: int = 2
    featured_points_cap: int = 4

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

    def activity_credit_rules(self) -> activity_rules.CreditRules:
        return activity_rules.CreditRules(self.live_minutes_per_hour, self.activity_study_cap_minutes,
                                          self.offline_activity_points, self.activity_points_cap)


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
    # Qualifying activity attendances per kind: (kind, count, attended minutes) — lms.activities.
    activities: tuple[tuple[str, int, int], ...] = ()
    featured_posts: int = 0  # the learner's counted posts a tutor featured (精华帖)


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
        activities = activity_rules.credit(inputs.activities, policy.activity_credit_rules())
        studied = _dec(inputs.credited_seconds, "credited_seconds") + activities.study_seconds
        study = _bounded(study_max * _share(studied, inputs.required_seconds), study_max)
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
        featured = Decimal(activity_rules.featured_points(inputs.featured_posts, policy.featured_post_points,
                                                          policy.featured_points_cap))
        earned = sum((p["score"] for p in parts.values()), Decimal(0)) + activities.points + featured
        interaction = min(earned, interaction_max)

        study_details: tuple = (("credited_seconds", _dec(inputs.credited_seconds, "credited_seconds")),
                                ("required_seconds", _dec(inputs.required_seconds, "required_seconds")))
        interaction_details: tuple = (("parts", parts),)
        # Only a learner with activities or featured posts gets their lines: other grades stay as they were.
        lines = [line.as_dict() for line in activities.lines]
        if any(activity_rules.is_synchronous(line["kind"]) for line in lines):
            study_details += (("activity_seconds", activities.study_seconds),
                              ("activities", [x for x in lines if activity_rules.is_synchronous(x["kind"])]))
        offline = [x for x in lines if not activity_rules.is_synchronous(x["kind"])]
        if offline:
            interaction_details += (("activities", offline),)
        if inputs.featured_posts:
            interaction_details += (("featured", {"count": inputs.featured_posts, "points": featured}),)
        components = (
            Component("study", study, study_max, study_details),
            Component("objective", objective, policy.maximum("objective")),
            Component("subjective", subjective, policy.maximum("subjective")),
            Component("excellent_work", excellent_work, excellent_max),
            Component("interaction", interaction, interaction_max, interaction_details),
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
        study = dict(breakdown.component("study").details)
        remaining = (_dec(inputs.required_seconds, "required") - _dec(inputs.credited_seconds, "credited")
                     - study.get("activity_seconds", Decimal(0)))
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
        # Activities and featured posts may fill the interaction points before every part does.
        if info["score"] < info["max"] and gap("interaction") > 0:
            hints.append({"component": "interaction", "part": part,
                          "points": float(min(info["max"] - info["score"], gap("interaction"))),
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


# --- the outstanding learner (J14; 004 L166-170): each criterion from the data, met or not and why ---------------

CRITERIA = ("score", "finished_first", "studied_all", "active", "excellent_work")


@dataclass(frozen=True)
class CommendationPolicy:
    """What makes an outstanding learner beyond the score; a project sets the numbers beside its grading policy.

    * 率先完成 (finished first): the learner finished all required study (every lesson, the required time) among
      the first ``first_percent`` % of the class to do so (at least one learner: the first), or within
      ``early_days`` days of the batch's start (0: only the ranking counts). Default: the first 30 %.
    * active beyond the minimum: counted forum topics and replies and Q&A sessions taken part in, at least
      ``extra_interactions`` more than full interaction points need (topics + replies + Q&A targets). Default 2.
    """

    outstanding_mark: Number = 90
    first_percent: int = 30
    early_days: int = 0
    extra_interactions: int = 2
    interaction_minimum: int = 5  # topics_target + replies_target + qa_target of the grading policy

    def __post_init__(self) -> None:
        if not 0 <= self.first_percent <= 100:
            raise ValueError("first_percent must be between 0 and 100")
        for name in ("early_days", "extra_interactions", "interaction_minimum"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")

    def first_places(self, class_size: int) -> int:
        """How many of a class of ``class_size`` count as "first": first_percent of it rounded up, at least 1
        (none when first_percent is 0)."""
        if self.first_percent <= 0 or class_size <= 0:
            return 0
        return max(1, math.ceil(class_size * self.first_percent / 100))


@dataclass(frozen=True)
class CommendationFacts:
    """A learner's facts as the data has them (plain values; queries read them, tests write them)."""

    total: Number = 0
    plagiarism: bool = False
    lessons: int = 0  # lessons of the course
    lessons_done: int = 0  # watched or read to the end
    study_met: bool = False  # credited study time reached the course's required time
    finished_at: Any = None  # when all required study was done (local datetime), None: not yet
    batch_starts_at: Any = None  # when the batch opened (local datetime)
    finish_rank: int | None = None  # 1 = first of the class to finish; ties share a rank
    class_size: int = 0  # active learners of the class
    topics: int = 0  # counted forum topics
    replies: int = 0  # counted forum replies
    qa: int = 0  # expert Q&A sessions taken part in
    excellent_work: bool = False  # a tutor marked a reviewed piece of work excellent
    showcased_outcome: bool = False  # the province showcases one of the learner's training outcomes (lms.outcomes)


@dataclass(frozen=True)
class Criterion:
    key: str
    met: bool
    why: Any  # in words, for the tutor and the province: a lazy string, translated when shown

    def as_dict(self, render: Callable[[Any], str] = str) -> dict[str, Any]:
        """``render``: how ``why`` becomes text (``lms.core.texts.text_renderer`` for many at once)."""
        return {"key": self.key, "met": self.met, "why": render(self.why)}


def score_criterion(facts: CommendationFacts, policy: CommendationPolicy) -> Criterion:
    """(4) 最终学习成绩在90分及以上: total ≥ the outstanding mark, and no plagiarism confirmed."""
    total, mark = _dec(facts.total, "total"), _dec(policy.outstanding_mark, "outstanding_mark")
    if facts.plagiarism:
        return Criterion("score", False, lazy_gettext("Plagiarism was confirmed: the training has failed."))
    if total >= mark:
        return Criterion("score", True, lazy_gettext("Total %(total)s reaches the outstanding mark %(mark)s.",
                                                    total="%.2f" % total, mark="%g" % mark))
    return Criterion("score", False, lazy_gettext("Total %(total)s is below the outstanding mark %(mark)s.",
                                                 total="%.2f" % total, mark="%g" % mark))


def finished_first_criterion(facts: CommendationFacts, policy: CommendationPolicy) -> Criterion:
    """(1) 率先完成在线学习: all required study done among the first of the class, or early in the batch."""
    if facts.finished_at is None:
        return Criterion("finished_first", False, lazy_gettext("Has not finished all required study yet."))
    on = facts.finished_at.date().isoformat()
    if policy.early_days > 0 and facts.batch_starts_at is not None:
        days = (facts.finished_at - facts.batch_starts_at).total_seconds() / 86400
        if days < policy.early_days:
            return Criterion("finished_first", True, lazy_gettext(
                "Finished all required study on %(date)s, within %(days)d days of the batch's start.",
                date=on, days=policy.early_days))
    places = policy.first_places(facts.class_size)
    rank = facts.finish_rank
    if rank is not None and rank <= places:
        return Criterion("finished_first", True, lazy_gettext(
            "Finished all required study on %(date)s, number %(rank)d of %(size)d in the class (the first "
            "%(places)d count).", date=on, rank=rank, size=facts.class_size, places=places))
    return Criterion("finished_first", False, lazy_gettext(
        "Finished all required study on %(date)s, number %(rank)d of %(size)d in the class; only the first "
        "%(places)d count.", date=on, rank=rank or 0, size=facts.class_size, places=places))


def studied_all_criterion(facts: CommendationFacts, policy: CommendationPolicy) -> Criterion:
    """(2) 认真收看课程视频和阅读课程电子讲稿: every lesson watched or read to the end, and the required time."""
    if facts.lessons_done < facts.lessons:
        return Criterion("studied_all", False, lazy_gettext(
            "%(done)d of %(n)d lessons watched or read to the end.", done=facts.lessons_done, n=facts.lessons))
    if not facts.study_met:
        return Criterion("studied_all", False, lazy_gettext(
            "Every lesson watched or read, but the required study time is not reached yet."))
    return Criterion("studied_all", True, lazy_gettext(
        "Every lesson (%(n)d) watched or read, and the required study time reached.", n=facts.lessons))


def active_criterion(facts: CommendationFacts, policy: CommendationPolicy) -> Criterion:
    """(2)(3) 积极参与在线研讨、论坛发帖: counted posts and Q&A sessions beyond what full interaction points need."""
    count = facts.topics + facts.replies + facts.qa
    needed = policy.interaction_minimum + policy.extra_interactions
    words = dict(count=count, topics=facts.topics, replies=facts.replies, qa=facts.qa, needed=needed,
                 extra=policy.extra_interactions)
    if count >= needed:
        return Criterion("active", True, lazy_gettext(
            "%(count)d counted contributions (%(topics)d topics, %(replies)d replies, %(qa)d Q&A sessions); "
            "%(needed)d needed, %(extra)d beyond the minimum.", **words))
    return Criterion("active", False, lazy_gettext(
        "%(count)d counted contributions (%(topics)d topics, %(replies)d replies, %(qa)d Q&A sessions); "
        "%(needed)d needed, %(extra)d beyond the minimum.", **words))


def excellent_work_criterion(facts: CommendationFacts, policy: CommendationPolicy) -> Criterion:
    """(2) 高质量完成课程作业: at least one piece of work a tutor marked excellent — or, for the quality of the
    outcomes (004 L119), a training outcome the province showcases."""
    if facts.showcased_outcome:
        return Criterion("excellent_work", True, lazy_gettext(
            "The province showcases one of the learner's training outcomes."))
    if facts.excellent_work:
        return Criterion("excellent_work", True, lazy_gettext("A tutor marked a piece of work excellent."))
    return Criterion("excellent_work", False, lazy_gettext("No work has been marked excellent."))


_CRITERIA_RULES = (score_criterion, finished_first_criterion, studied_all_criterion, active_criterion,
                   excellent_work_criterion)


@dataclass(frozen=True)
class Assessment:
    criteria: tuple[Criterion, ...]

    @property
    def candidate(self) -> bool:
        """Meets every criterion: a candidate outstanding learner (the tutor recommends, the province decides)."""
        return all(c.met for c in self.criteria)

    @property
    def score_met(self) -> bool:
        return self.criteria[0].met

    def unmet(self) -> list[Criterion]:
        return [c for c in self.criteria if not c.met]

    def as_dict(self, render: Callable[[Any], str] = str) -> dict[str, Any]:
        return {"candidate": self.candidate, "criteria": [c.as_dict(render) for c in self.criteria]}


def assess(facts: CommendationFacts, policy: CommendationPolicy = CommendationPolicy()) -> Assessment:
    """Every criterion of the outstanding learner, in CRITERIA's order."""
    return Assessment(tuple(rule(facts, policy) for rule in _CRITERIA_RULES))


def finish_ranks(finished: dict[int, Any]) -> dict[int, int | None]:
    """Each learner's place in finishing (1 = first); learners finishing at the same moment share a place, the
    next one counts them all (1, 1, 3); a learner not finished has None."""
    moments = sorted(at for at in finished.values() if at is not None)
    return {key: None if at is None else 1 + bisect.bisect_left(moments, at) for key, at in finished.items()}


def recommendation_needs_reason(assessment: Assessment, note: str | None) -> bool:
    """A tutor recommending a learner who misses a criterion (other than the score, which is never waived)
    must say why; a learner meeting every criterion needs no reason."""
    return not assessment.candidate and not (note or "").strip()
