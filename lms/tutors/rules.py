"""Tutor applications and the tutor library: the rules as pure functions (docs/LIVE.md "Tutors", docs/RULES.md B7).

A teacher applies to become a live-research tutor (指导教师); its school's admin, then its district's, then its
city's review the application, each approving it on or returning it with a reason. The city's approval puts the
applicant in the tutor library. A changed profile is reviewed again from the start while the approved one stays
in the library until the new one is approved.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

SCHOOL, COUNTY, CITY = "school", "county", "city"
REVIEW_LEVELS = (SCHOOL, COUNTY, CITY)  # the order of the three-level review
RETURNED, APPROVED, SUPERSEDED = "returned", "approved", "superseded"
REVOKED = "revoked"  # the approved profile of a tutor whose qualification the city revoked (B17)
OPEN = REVIEW_LEVELS + (RETURNED,)  # an application the applicant is still working on or waiting for
STATUSES = OPEN + (APPROVED, SUPERSEDED, REVOKED)
REVIEWER_ROLE = {SCHOOL: "school_admin", COUNTY: "county_admin", CITY: "city_admin"}
APPROVE, RETURN = "approve", "return"

MAX_ITEMS = {"subjects": 5, "stages": 4, "topics": 10}
MAX_ITEM_CHARS = 40
INTRODUCTION_CHARS = (20, 2_000)
MAX_ACHIEVEMENT_CHARS = 4_000
MAX_URL_CHARS = 500
_SEPARATORS = re.compile(r"[,，、;；\n]+")


class ReviewRefused(Exception):
    """A decision the application's state does not allow; ``code`` is the API's error code."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def first_level(unit_level: str) -> str | None:
    """Where the review starts for an applicant of a unit at ``unit_level``: a school's teacher at its school, a
    district's research institute's teacher at the district, a city's at the city; the province's staff have no
    review above them here (None: they cannot apply)."""
    return unit_level if unit_level in REVIEW_LEVELS else None


def after_decision(status: str, decision: str) -> str:
    """The status after a reviewer's decision: approval moves the application one level up (the city's makes it
    approved), a return sends it back to the applicant."""
    if status not in REVIEW_LEVELS:
        raise ReviewRefused("not_in_review")
    if decision == RETURN:
        return RETURNED
    if decision != APPROVE:
        raise ValueError(decision)
    i = REVIEW_LEVELS.index(status)
    return REVIEW_LEVELS[i + 1] if i + 1 < len(REVIEW_LEVELS) else APPROVED


def reviewer_role(status: str) -> str | None:
    """The admin role that decides an application in ``status`` (None when nobody reviews it now)."""
    return REVIEWER_ROLE.get(status)


def split_items(text: str) -> list[str]:
    """A list typed in one field: commas (either width), 、, semicolons or new lines separate; duplicates go."""
    return list(dict.fromkeys(p.strip() for p in _SEPARATORS.split(text or "") if p.strip()))


def _url_ok(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in url


@dataclass(frozen=True)
class Profile:
    """What an applicant writes: its specialties, introduction, achievements and a sample micro-lesson's link."""
    subjects: tuple[str, ...]
    stages: tuple[str, ...]
    topics: tuple[str, ...]
    introduction: str
    achievements: str = ""
    sample_url: str = ""
    has_video: bool = False  # a sample video is uploaded (then the link may be left out)


def profile_problems(profile: Profile, known_stages: tuple[str, ...]) -> dict[str, str]:
    """Each wrong field with a problem code: ``missing``, ``too_many``, ``too_long``, ``too_short``,
    ``unknown_stage``, ``bad_url``. No problems: an empty dict. The sample micro-lesson is a link or an uploaded
    video (001 L30), or both; a link given must be http(s)."""
    problems: dict[str, str] = {}
    for name in ("subjects", "stages", "topics"):
        items = getattr(profile, name)
        if not items:
            problems[name] = "missing"
        elif len(items) > MAX_ITEMS[name]:
            problems[name] = "too_many"
        elif any(len(item) > MAX_ITEM_CHARS for item in items):
            problems[name] = "too_long"
    if "stages" not in problems and any(s not in known_stages for s in profile.stages):
        problems["stages"] = "unknown_stage"
    low, high = INTRODUCTION_CHARS
    length = len(profile.introduction.strip())
    if length < low:
        problems["introduction"] = "too_short"
    elif length > high:
        problems["introduction"] = "too_long"
    if len(profile.achievements) > MAX_ACHIEVEMENT_CHARS:
        problems["achievements"] = "too_long"
    if not profile.sample_url:
        if not profile.has_video:
            problems["sample_url"] = "missing"
    elif len(profile.sample_url) > MAX_URL_CHARS or not _url_ok(profile.sample_url):
        problems["sample_url"] = "bad_url"
    return problems


# Recommendation: how well a tutor suits a learner (docs/LIVE.md "Recommendation").
SUBJECT_POINTS = 40  # the learner's subject is one of the tutor's
STAGE_POINTS = 30  # the learner's stage is one of the tutor's
RATING_POINTS = 10  # per point of the learner's mean rating of the tutor above 3 (below 3: taken off)
TOPIC_POINTS = 5  # per topic shared with a tutor the learner rated 4 or 5 …
MAX_TOPIC_POINTS = 15  # … at most this much
FAMILIAR_POINTS = 5  # the learner booked the tutor's sessions before but has not rated it
BOOKABLE_POINTS = 10  # the tutor has a session the learner can book now


@dataclass(frozen=True)
class Learner:
    subject: str | None
    stage: str | None
    ratings: dict[int, tuple[int, ...]] = field(default_factory=dict)  # tutor id → the ratings the learner gave
    booked: frozenset[int] = frozenset()  # tutors whose sessions the learner booked
    liked_topics: frozenset[str] = frozenset()  # the topics of the tutors it rated 4 or 5
    # More subjects it studies besides ``subject`` (a student's sessions and questions: lms.tutoring.matching).
    other_subjects: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Candidate:
    tutor_id: int
    subjects: tuple[str, ...]
    stages: tuple[str, ...]
    topics: tuple[str, ...]
    upcoming: int = 0  # its scheduled sessions not over yet


# The reasons a tutor is recommended (score_parts' keys): what the pages and the API explain.
SUBJECT, STAGE, RATED, FAMILIAR, TOPICS, BOOKABLE = "subject", "stage", "rated", "familiar", "topics", "bookable"


def score_parts(candidate: Candidate, learner: Learner) -> dict[str, int]:
    """Each reason's points (non-zero ones only): subject 40, stage 30, the learner's own ratings (mean − 3) × 10,
    5 per topic shared with the tutors it liked (≤ 15), 5 for a tutor it booked but has not rated, 10 for a tutor
    with a session to book."""
    parts: dict[str, int] = {}
    learner_subjects = learner.other_subjects | ({learner.subject} if learner.subject else set())
    if learner_subjects & set(candidate.subjects):
        parts[SUBJECT] = SUBJECT_POINTS
    if learner.stage and learner.stage in candidate.stages:
        parts[STAGE] = STAGE_POINTS
    given = learner.ratings.get(candidate.tutor_id, ())
    if given:
        parts[RATED] = round((sum(given) / len(given) - 3) * RATING_POINTS)
    elif candidate.tutor_id in learner.booked:
        parts[FAMILIAR] = FAMILIAR_POINTS
    shared = len(set(candidate.topics) & learner.liked_topics)
    parts[TOPICS] = min(shared * TOPIC_POINTS, MAX_TOPIC_POINTS)
    if candidate.upcoming:
        parts[BOOKABLE] = BOOKABLE_POINTS
    return {reason: points for reason, points in parts.items() if points}


def liked_topics(ratings: dict[int, tuple[int, ...]], topics: dict[int, tuple[str, ...]]) -> frozenset[str]:
    """The topics of the tutors (``topics``: tutor id → its topics) a learner rated 4 or more on average."""
    return frozenset(t for tutor_id, given in ratings.items() if given and sum(given) / len(given) >= 4
                     for t in topics.get(tutor_id, ()))


def score(candidate: Candidate, learner: Learner) -> int:
    """The tutor's fit for the learner: the sum of its ``score_parts``."""
    return sum(score_parts(candidate, learner).values())


def recommend(candidates: list[Candidate], learner: Learner, *, exclude: int | None = None,
              limit: int = 5) -> list[tuple[Candidate, int]]:
    """The best ``limit`` tutors with a positive score, best first (ties: the lower id, the earlier approved);
    ``exclude`` the learner itself when it is a tutor too."""
    scored = [(c, score(c, learner)) for c in candidates if c.tutor_id != exclude]
    scored = [pair for pair in scored if pair[1] > 0]
    scored.sort(key=lambda pair: (-pair[1], pair[0].tutor_id))
    return scored[:limit]
