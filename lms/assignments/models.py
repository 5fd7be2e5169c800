"""Assignments (作业) of a course, learners' submissions and drafts, tutors' plagiarism decisions."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.db import Base, UTCDateTime

KINDS = ("objective", "subjective")
QUESTION_TYPES = ("single", "multiple", "truefalse")
PLAGIARISM_STATES = ("suspected", "confirmed", "cleared")
DECISIONS = ("confirmed", "cleared")
APPEAL_STATES = ("pending", "upheld", "overturned")


class Assignment(Base):
    """An objective quiz (auto-graded) or a written assignment with a prompt, of one course; every
    class of the course takes it, each until its own batch ends."""

    __tablename__ = "assignment"
    __table_args__ = (
        CheckConstraint("kind IN ('objective', 'subjective')", name="kind_known"),
        CheckConstraint("min_chars >= 0", name="min_chars_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    prompt: Mapped[str | None] = mapped_column(Text)
    min_chars: Mapped[int] = mapped_column(default=0)
    # Objective: [{type, text, options, answer (correct option indices), points}], validated by rules.
    questions: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    # Objective, drawn: each learner's paper draws this many questions from the course's question bank
    # (``questions`` is then empty). None: the quiz's own questions, options shuffled per learner.
    draw_count: Mapped[int | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    def to_dict(self, *, with_answers: bool) -> dict:
        data = {"id": self.id, "course_id": self.course_id, "kind": self.kind, "title": self.title,
                "created_at": self.created_at.isoformat()}
        if self.kind == "subjective":
            data.update(prompt=self.prompt, min_chars=self.min_chars)
        elif self.draw_count is not None:
            data["draw"] = self.draw_count  # the questions are each learner's paper, drawn from the bank
        else:
            data["questions"] = [
                {k: v for k, v in q.items() if with_answers or k != "answer"} for q in self.questions or []]
            data["total_points"] = sum(q["points"] for q in self.questions or [])
        return data


class BankQuestion(Base):
    """A question of a course's question bank (题库): the pool that drawn quizzes take their papers from."""

    __tablename__ = "bank_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    options: Mapped[list[str]] = mapped_column(JSON)
    answer: Mapped[list[int]] = mapped_column(JSON)
    points: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    def as_question(self) -> dict:
        return {"id": self.id, "type": self.type, "text": self.text, "options": list(self.options),
                "answer": list(self.answer), "points": self.points}

    def to_dict(self, *, with_answers: bool) -> dict:
        data = {**self.as_question(), "course_id": self.course_id}
        if not with_answers:
            data.pop("answer")
        return data


class QuizPaper(Base):
    """One learner's paper of a quiz, drawn once and stored: a reload shows it again, grading scores
    the answers against it. Questions are kept as shown (options shuffled, answer renumbered)."""

    __tablename__ = "quiz_paper"
    __table_args__ = (UniqueConstraint("assignment_id", "enrollment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"), index=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"), index=True)
    seed: Mapped[int] = mapped_column(BigInteger)
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    drawn_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Submission(Base):
    """A learner's answer to one assignment in one enrollment; a written one may be handed in again
    until the deadline (each version joins the originality corpus; this row holds the newest)."""

    __tablename__ = "submission"
    __table_args__ = (
        UniqueConstraint("assignment_id", "enrollment_id"),
        CheckConstraint("score IS NULL OR score BETWEEN 0 AND 100", name="score_range"),
        CheckConstraint("plagiarism IS NULL OR plagiarism IN ('suspected', 'confirmed', 'cleared')",
                        name="plagiarism_known"),
        Index("ix_submission_class_review", "class_id", "reviewed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"), index=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"), index=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("training_class.id"))
    learner_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(default=1)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Objective
    answers: Mapped[list[list[int]] | None] = mapped_column(JSON)
    score_percent: Mapped[float | None] = mapped_column(Float)
    # Subjective, with the check of its newest version
    text: Mapped[str | None] = mapped_column(Text)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("originality_document.id", ondelete="SET NULL"))
    copied_ratio: Mapped[float | None] = mapped_column(Float)
    originality: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the report as made on submission
    plagiarism: Mapped[str | None] = mapped_column(String(16), index=True)
    # The tutor's review
    score: Mapped[int | None]
    excellent: Mapped[bool] = mapped_column(default=False)
    comment: Mapped[str | None] = mapped_column(Text)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    assignment: Mapped[Assignment] = relationship(lazy="joined")
    learner = relationship("User", foreign_keys=[learner_id], lazy="joined")
    training_class = relationship("TrainingClass", viewonly=True)

    @property
    def verdict(self) -> str | None:
        return self.originality["verdict"] if self.originality else None

    def to_dict(self) -> dict:
        data = {"id": self.id, "assignment_id": self.assignment_id, "enrollment_id": self.enrollment_id,
                "class_id": self.class_id, "learner_id": self.learner_id, "kind": self.kind,
                "version": self.version, "submitted_at": self.submitted_at.isoformat(),
                "score": self.score, "excellent": self.excellent, "comment": self.comment,
                "reviewed_at": self.reviewed_at.isoformat() if self.reviewed_at else None}
        if self.kind == "objective":
            data.update(answers=self.answers, score_percent=self.score_percent)
        else:
            data.update(text=self.text, copied_ratio=self.copied_ratio, verdict=self.verdict,
                        plagiarism=self.plagiarism)
        return data


class Draft(Base):
    """What the learner is writing, saved as they type; never checked, never a source."""

    __tablename__ = "assignment_draft"
    __table_args__ = (UniqueConstraint("assignment_id", "enrollment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"), index=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PlagiarismDecision(Base):
    """A tutor's ruling on a suspected submission (J12). A confirmed one fails the enrollment: grading
    reads ``queries.plagiarism_confirmed``; the ban itself lives in the enrollment domain."""

    __tablename__ = "plagiarism_decision"
    __table_args__ = (CheckConstraint("decision IN ('confirmed', 'cleared')", name="decision_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"), index=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"), index=True)
    decision: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(500))
    copied_ratio: Mapped[float | None] = mapped_column(Float)  # what the tutor saw
    ban_id: Mapped[int | None] = mapped_column(ForeignKey("plagiarism_ban.id", ondelete="SET NULL"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The grade's standing just before a confirmation, restored if a province admin overturns it.
    grade_before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Set when a province admin overturns the verdict on appeal: from then on it has no effect.
    overturned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @classmethod
    def in_force(cls):
        """SQL: a confirmed verdict that no appeal overturned (what fails a training)."""
        return (cls.decision == "confirmed") & cls.overturned_at.is_(None)

    def to_dict(self) -> dict:
        return {"id": self.id, "submission_id": self.submission_id, "enrollment_id": self.enrollment_id,
                "decision": self.decision, "reason": self.reason, "copied_ratio": self.copied_ratio,
                "ban_id": self.ban_id, "decided_by_id": self.decided_by_id,
                "decided_at": self.decided_at.isoformat(),
                "overturned_at": self.overturned_at.isoformat() if self.overturned_at else None}


class PlagiarismAppeal(Base):
    """A teacher's appeal of a confirmed verdict to the province admins; their decision is final."""

    __tablename__ = "plagiarism_appeal"
    __table_args__ = (CheckConstraint("status IN ('pending', 'upheld', 'overturned')", name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("plagiarism_decision.id", ondelete="CASCADE"), unique=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"), index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    note: Mapped[str | None] = mapped_column(String(1000))  # the province admin's grounds
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    decision: Mapped[PlagiarismDecision] = relationship(lazy="joined")
    teacher = relationship("User", foreign_keys=[teacher_id], lazy="joined")

    def to_dict(self) -> dict:
        return {"id": self.id, "decision_id": self.decision_id, "enrollment_id": self.enrollment_id,
                "teacher_id": self.teacher_id, "reason": self.reason, "submitted_at": self.submitted_at.isoformat(),
                "status": self.status, "note": self.note, "decided_by_id": self.decided_by_id,
                "decided_at": self.decided_at.isoformat() if self.decided_at else None}
