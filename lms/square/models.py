"""The question square's questions and answers; micro-lessons and the students' views and ratings of them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.db import Base, UTCDateTime
from lms.org.models import OrgUnit, User
from lms.square import rules

_q = ", ".join(f"'{s}'" for s in rules.QUESTION_STATUSES)
_l = ", ".join(f"'{s}'" for s in rules.LESSON_STATUSES)
_g = ", ".join(f"'{s}'" for s in rules.GRADES)


class SquareQuestion(Base):
    """A student's open question (001 L40): its subject, text, an optional photo and an optional short video."""

    __tablename__ = "square_question"
    __table_args__ = (
        CheckConstraint(f"status IN ({_q})", name="status_known"),
        Index("ix_square_question_status_subject", "status", "subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    # The student's school when it asked: whose admins count it (subtree scope).
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    subject: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8), default=rules.OPEN)
    image_name: Mapped[str | None] = mapped_column(String(200))
    image_type: Mapped[str | None] = mapped_column(String(40))
    image_data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    # A short video (001 L40 小视频) lives in the media storage (lms.projects.media), never in the database.
    video_key: Mapped[str | None] = mapped_column(String(64))
    video_type: Mapped[str | None] = mapped_column(String(40))
    video_seconds: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    adopted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    student: Mapped[User] = relationship(lazy="joined")
    org_unit: Mapped[OrgUnit] = relationship(lazy="joined")
    answers: Mapped[list[SquareAnswer]] = relationship(back_populates="question", cascade="all, delete-orphan",
                                                       order_by="SquareAnswer.id", lazy="selectin")

    @property
    def adopted(self) -> SquareAnswer | None:
        return next((a for a in self.answers if a.adopted_at is not None), None)


class SquareAnswer(Base):
    """A tutor's answer; the adopted one carries the student's judgements and the points it paid (001 L48)."""

    __tablename__ = "square_answer"
    __table_args__ = (
        UniqueConstraint("question_id", "tutor_id"),
        CheckConstraint("points IS NULL OR points BETWEEN 2 AND 4", name="points_range"),
        CheckConstraint("(adopted_at IS NULL AND points IS NULL) OR (adopted_at IS NOT NULL AND points IS NOT NULL)",
                        name="adopted_has_points"),
        Index("ix_square_answer_tutor_adopted", "tutor_id", "adopted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("square_question.id", ondelete="CASCADE"), index=True)
    tutor_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    difficulty: Mapped[int | None] = mapped_column(Integer)
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    points: Mapped[int | None] = mapped_column(Integer)
    adopted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    question: Mapped[SquareQuestion] = relationship(back_populates="answers")
    tutor: Mapped[User] = relationship(lazy="joined")


class MicroLesson(Base):
    """A tutor's micro-lesson (001 L42): a video file or a link; certified by the city, then settled (001 L49)."""

    __tablename__ = "micro_lesson"
    __table_args__ = (
        CheckConstraint(f"status IN ({_l})", name="status_known"),
        CheckConstraint(f"grade IN ({_g})", name="grade_known"),
        CheckConstraint("video_url IS NOT NULL OR video_key IS NOT NULL", name="has_video"),
        CheckConstraint("status != 'rejected' OR reason IS NOT NULL", name="reject_has_reason"),
        CheckConstraint("status NOT IN ('certified', 'settled') OR audience IS NOT NULL", name="certified_audience"),
        Index("ix_micro_lesson_status_unit", "status", "org_unit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tutor_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    # The tutor's unit when it uploaded: its city's admin certifies it.
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    title: Mapped[str] = mapped_column(String(100))
    subject: Mapped[str] = mapped_column(String(20))
    grade: Mapped[str] = mapped_column(String(4))
    description: Mapped[str] = mapped_column(Text, default="")
    video_url: Mapped[str | None] = mapped_column(String(500))
    # An uploaded video lives in the media storage (lms.projects.media), never in the database.
    video_key: Mapped[str | None] = mapped_column(String(64))
    video_type: Mapped[str | None] = mapped_column(String(40))
    video_seconds: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default=rules.PENDING)
    reason: Mapped[str | None] = mapped_column(String(500))
    audience: Mapped[int | None] = mapped_column(Integer)
    certifier_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    participation_points: Mapped[int | None] = mapped_column(Integer)
    quality_points: Mapped[int | None] = mapped_column(Integer)
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    tutor: Mapped[User] = relationship(lazy="joined", foreign_keys=[tutor_id])
    org_unit: Mapped[OrgUnit] = relationship(lazy="joined")
    certifier: Mapped[User | None] = relationship(foreign_keys=[certifier_id])


class MicroView(Base):
    """A student watched a micro-lesson (participation); its 1–5 star rating of the lesson's quality, once given."""

    __tablename__ = "micro_view"
    __table_args__ = (
        UniqueConstraint("lesson_id", "student_id"),
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("micro_lesson.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    watched_at: Mapped[datetime] = mapped_column(UTCDateTime)
    rating: Mapped[int | None] = mapped_column(Integer)
    rated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The student's progress through the video (001 L42 "跟踪学生的学习进度"), as the server credited it
    # (rules.progress_after): seconds played, the furthest position reached, when it was completed.
    seconds_watched: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    furthest_seconds: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_report_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    student: Mapped[User] = relationship(lazy="joined")


class MicroPost(Base):
    """A post in a micro-lesson's discussion (001 L42 "指导学生开展基于微课的讨论、提问"): a student's question or
    comment, or its tutor's reply; the tutor may hide a post from the others."""

    __tablename__ = "micro_post"

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("micro_lesson.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User] = relationship(lazy="joined")


class MicroQuiz(Base):
    """A micro-lesson's quiz (001 L42 "微测"): its tutor's 1–10 single-choice questions, each
    {"text", "options", "correct"} (rules.QuizQuestion); changeable until the first student answers it."""

    __tablename__ = "micro_quiz"

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("micro_lesson.id", ondelete="CASCADE"), unique=True)
    questions: Mapped[list[dict]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    @property
    def items(self) -> list[rules.QuizQuestion]:
        return [rules.QuizQuestion(q["text"], tuple(q["options"]), q["correct"]) for q in self.questions]


class MicroQuizAnswer(Base):
    """A student's one answer to a micro-lesson's quiz: its choices, scored at once."""

    __tablename__ = "micro_quiz_answer"
    __table_args__ = (
        UniqueConstraint("quiz_id", "student_id"),
        CheckConstraint("score BETWEEN 0 AND total", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("micro_quiz.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    choices: Mapped[list[int]] = mapped_column(JSON)
    score: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)
