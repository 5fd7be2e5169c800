"""The students' tutor directory and recommendations (docs/RULES.md B12, docs/TUTORING.md "Finding a tutor").

The tutors students see are the tutor library's approved profiles (lms.tutors: reviewed by school, district and
city) whose accounts are active and still hold the ``tutor`` role; each with its specialties, its open slots and
its certified micro-lessons. Recommendations score them with the library's rules (lms/tutors/rules.py) against
what the system knows of the student (lms/tutoring/matching.py): nothing of other students is read or shown.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from lms.square import queries as square_queries
from lms.square.models import MicroLesson, MicroView, SquareQuestion
from lms.tutoring import matching, queries
from lms.tutoring.models import TutoringBooking, TutoringRequest, TutoringSession
from lms.tutors import queries as tutors_queries
from lms.tutors import rules as tutors_rules
from lms.tutors.models import TutorApplication

SHOWN_SLOTS = 5  # a card lists this many of a tutor's next open sessions (the count says how many in all)


@dataclass(frozen=True)
class Card:
    profile: TutorApplication
    slots: list[TutoringSession]  # its open sessions, soonest first
    lessons: list[MicroLesson]  # its certified micro-lessons, newest first

    def to_dict(self) -> dict:
        user, p = self.profile.applicant, self.profile
        return {"id": user.id, "name": user.name, "subjects": list(p.subjects), "stages": list(p.stages),
                "topics": list(p.topics), "introduction": p.introduction, "open_session_count": len(self.slots),
                "open_sessions": [s.to_dict() for s in self.slots[:SHOWN_SLOTS]],
                "micro_lessons": [{"id": m.id, "title": m.title, "subject": m.subject, "grade": m.grade}
                                  for m in self.lessons]}


def _approved(session, *, subject: str | None = None, stage: str | None = None) -> list[TutorApplication]:
    return [p for p in tutors_queries.library(session, subject=subject, stage=stage)
            if p.applicant.is_active_account and p.applicant.has_role("tutor")]


def _cards(session, profiles: list[TutorApplication], now: datetime) -> dict[int, Card]:
    ids = {p.user_id for p in profiles}
    slots: dict[int, list[TutoringSession]] = {i: [] for i in ids}
    for s in queries.open_sessions(session, now, limit=100_000):
        if s.tutor_id in ids:
            slots[s.tutor_id].append(s)
    lessons: dict[int, list[MicroLesson]] = {i: [] for i in ids}
    for m in square_queries.listed_lessons(session):
        if m.tutor_id in ids:
            lessons[m.tutor_id].append(m)
    return {p.user_id: Card(p, slots[p.user_id], lessons[p.user_id]) for p in profiles}


def directory(session, now: datetime, *, subject: str | None = None, stage: str | None = None) -> list[Card]:
    """The approved tutors, filtered by subject and stage (exact), by name."""
    profiles = _approved(session, subject=subject, stage=stage)
    cards = _cards(session, profiles, now)
    return [cards[p.user_id] for p in profiles]


def choices(session) -> tuple[list[str], list[str]]:
    """The subjects and stages the approved tutors name (the directory's filters)."""
    subjects, stages = set(), set()
    for p in _approved(session):
        subjects.update(p.subjects)
        stages.update(p.stages)
    return sorted(subjects), sorted(stages)


def student_learner(session, student, topics: dict[int, tuple[str, ...]]) -> tutors_rules.Learner:
    """What the system knows of the student (its own rows only): its stage, the subjects of its sessions,
    questions and requests, the tutors it booked and the stars it gave them."""
    booked, ratings, dated = set(), {}, []
    for tutor_id, subject, rating, when in session.execute(
            select(TutoringSession.tutor_id, TutoringSession.subject, TutoringBooking.rating, TutoringBooking.booked_at)
            .join(TutoringBooking, TutoringBooking.session_id == TutoringSession.id)
            .where(TutoringBooking.student_id == student.id, TutoringBooking.status == "booked")):
        booked.add(tutor_id)
        dated.append((when, subject))
        if rating is not None:
            ratings.setdefault(tutor_id, []).append(rating)
    for model in (SquareQuestion, TutoringRequest):
        dated += session.execute(select(model.created_at, model.subject).where(model.student_id == student.id)).all()
    dated.sort(key=lambda pair: pair[0], reverse=True)
    main, studied = matching.student_subjects(student.subject, [subject for _when, subject in dated])
    grades = list(session.scalars(select(MicroLesson.grade).join(MicroView, MicroView.lesson_id == MicroLesson.id)
                                  .where(MicroView.student_id == student.id)
                                  .order_by(MicroView.watched_at.desc(), MicroView.id.desc())))
    stage = matching.student_stage(student.stage, student.org_unit.kind if student.org_unit else None, grades)
    given = {k: tuple(v) for k, v in ratings.items()}
    return tutors_rules.Learner(main, stage, given, frozenset(booked), tutors_rules.liked_topics(given, topics),
                                other_subjects=studied)


@dataclass(frozen=True)
class Recommended:
    card: Card
    score: int
    reasons: dict[str, int]  # tutors_rules.score_parts: reason → points
    learner: tutors_rules.Learner  # what the reasons refer to (the student's subjects and stage)


def recommendations(session, student, now: datetime, *, limit: int = 5) -> list[Recommended]:
    """The approved tutors that suit the student best (lms/tutors/rules.py: ``recommend``), with why."""
    profiles = _approved(session)
    cards = _cards(session, profiles, now)
    learner = student_learner(session, student, {p.user_id: tuple(p.topics) for p in profiles})
    candidates = [tutors_rules.Candidate(p.user_id, tuple(p.subjects), tuple(p.stages), tuple(p.topics),
                                         len(cards[p.user_id].slots)) for p in profiles]
    return [Recommended(cards[c.tutor_id], points, tutors_rules.score_parts(c, learner), learner)
            for c, points in tutors_rules.recommend(candidates, learner, exclude=student.id, limit=limit)]


def explain(rec: Recommended) -> list[dict]:
    """Each reason of a recommendation: its code, points and a sentence for the student."""
    p, learner = rec.card.profile, rec.learner
    studied = learner.other_subjects | ({learner.subject} if learner.subject else set())
    given = learner.ratings.get(p.user_id, ())
    texts = {
        tutors_rules.SUBJECT: lambda: _("Teaches %(subjects)s, which you study.",
                                        subjects="、".join(s for s in p.subjects if s in studied)),
        tutors_rules.STAGE: lambda: _("Tutors your stage (%(stage)s).", stage=learner.stage),
        tutors_rules.RATED: lambda: _("You rated this tutor %(mean).1f stars on average.",
                                      mean=sum(given) / len(given)),
        tutors_rules.FAMILIAR: lambda: _("You booked this tutor's sessions before."),
        tutors_rules.TOPICS: lambda: _("Shares topics with the tutors you rated highly."),
        tutors_rules.BOOKABLE: lambda: _("Has open slots to book."),
    }
    return [{"code": code, "points": points, "text": texts[code]()} for code, points in rec.reasons.items()]
