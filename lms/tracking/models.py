"""Study-time state: the learner's one active watch session, coverage per lesson, totals, presence checks."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.db import Base, UTCDateTime


class TrackingPolicy(Base):
    """A project's study-time settings; a project without a row uses the defaults."""

    __tablename__ = "tracking_policy"
    __table_args__ = (
        CheckConstraint("max_gap_seconds BETWEEN 5 AND 300", name="gap_range"),
        CheckConstraint("max_playback_rate >= 1 AND max_playback_rate <= 4", name="rate_range"),
        CheckConstraint("presence_check_minutes >= 0", name="presence_non_negative"),
    )

    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), primary_key=True)
    max_gap_seconds: Mapped[int] = mapped_column(default=30)
    max_playback_rate: Mapped[float] = mapped_column(Float, default=1.0)
    daily_cap_minutes: Mapped[int | None]
    batch_cap_minutes: Mapped[int | None]
    # 防挂机: a presence check about every N minutes of study (0: off; on by default); answered within the window.
    presence_check_minutes: Mapped[int] = mapped_column(default=20)
    presence_answer_seconds: Mapped[int] = mapped_column(default=120)


class WatchSession(Base):
    """One player page (or app screen) of a learner; the newest one supersedes the older ones."""

    __tablename__ = "watch_session"
    __table_args__ = (Index("ix_watch_session_user_started", "user_id", "started_at"),
                      Index("ix_watch_session_address_started", "address", "started_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    session_key: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    address: Mapped[str | None] = mapped_column(String(64))


class LearnerState(Base):
    """Per learner: the active session and its previous beat, the anchor of the next stretch."""

    __tablename__ = "learner_state"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    session_key: Mapped[str] = mapped_column(String(64))
    enrollment_id: Mapped[int | None] = mapped_column(ForeignKey("enrollment.id", ondelete="SET NULL"))
    lesson_id: Mapped[int | None] = mapped_column(ForeignKey("lesson.id", ondelete="SET NULL"))
    beat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    position: Mapped[float] = mapped_column(Float, default=0.0)
    playing: Mapped[bool] = mapped_column(default=False)
    visible: Mapped[bool] = mapped_column(default=True)
    playback_rate: Mapped[float] = mapped_column(Float, default=1.0)
    # Seconds between recent beats, newest last, for the regular-beat (script) flag.
    recent_gaps: Mapped[list[float]] = mapped_column(JSON, default=list)
    studied_since_check: Mapped[float] = mapped_column(Float, default=0.0)
    last_reason: Mapped[str | None] = mapped_column(String(32))


class LessonProgress(Base):
    __tablename__ = "lesson_progress"
    __table_args__ = (
        UniqueConstraint("enrollment_id", "lesson_id"),
        CheckConstraint("covered_seconds >= 0 AND credited_seconds >= 0", name="non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id", ondelete="CASCADE"), index=True)
    intervals: Mapped[list[list[float]]] = mapped_column(JSON, default=list)
    covered_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    credited_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    last_position: Mapped[float] = mapped_column(Float, default=0.0)  # where the player resumes
    completed: Mapped[bool] = mapped_column(default=False)
    # When the lesson was first completed (watched or read to the end): the outstanding learner's "率先完成".
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class StudyTotal(Base):
    """Per enrollment: credited seconds in all, and today's (for the daily cap)."""

    __tablename__ = "study_total"
    __table_args__ = (CheckConstraint("credited_seconds >= 0", name="non_negative"),)

    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"), primary_key=True)
    credited_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    day: Mapped[date | None] = mapped_column(Date)
    day_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Not indexed: every beat changes it, and an index would keep the row's updates from being made in place.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # When the credited time first reached the course's required minutes (the outstanding learner's "率先完成").
    required_met_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PresenceCheck(Base):
    """防挂机: a question drawn as an image; crediting waits until it is answered."""

    __tablename__ = "presence_check"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'passed', 'expired', 'failed')", name="status_known"),
        Index("ix_presence_check_user_status", "user_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"), index=True)
    answer_digest: Mapped[str] = mapped_column(String(64))
    # The digits to draw; never sent as text (the image is rendered server-side).
    question: Mapped[str] = mapped_column(String(16))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(16), default="open")


class StudyFlag(Base):
    """A pattern worth an admin's look (regular beats, many accounts from one address); never a verdict."""

    __tablename__ = "study_flag"
    __table_args__ = (Index("ix_study_flag_open", "reviewed_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    enrollment_id: Mapped[int | None] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    outcome: Mapped[str | None] = mapped_column(String(200))
