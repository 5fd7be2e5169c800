"""Synchronous and offline training activities (同步直播、实践活动、线下研讨、学情指导) and their attendance."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.db import Base, UTCDateTime

KIND_CHECK = "kind IN ('live_lecture', 'practice', 'offline_discussion', 'guidance')"
REVIEW_CHECK = "review_status IN ('pending', 'approved', 'rejected')"

# The classes an activity addresses (none: every learner of its organiser's area in the batch).
activity_class = Table(
    "activity_class", Base.metadata,
    Column("activity_id", Integer, ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True),
    Column("class_id", Integer, ForeignKey("training_class.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Activity(Base):
    """An activity of one batch, addressed to the learners of its organiser's area (``org_unit_id``) or of some
    of the batch's classes (``classes``, the table activity_class), or both. A tutor's activity always names
    classes (its own). It counts toward grades once the province approved it (``review_status``)."""

    __tablename__ = "activity"
    __table_args__ = (
        CheckConstraint(KIND_CHECK, name="kind_known"),
        CheckConstraint("starts_at < ends_at", name="ordered"),
        CheckConstraint("capacity IS NULL OR capacity >= 1", name="capacity_positive"),
        CheckConstraint(REVIEW_CHECK, name="review_known"),
        Index("ix_activity_batch_starts", "batch_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batch.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    room_url: Mapped[str | None] = mapped_column(String(500))  # a live activity's room
    location: Mapped[str | None] = mapped_column(String(200))  # an offline activity's place
    capacity: Mapped[int | None]
    # The organiser admin's unit: the activity addresses (and its admins manage) that subtree's learners.
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The organiser's evidence of the attendance: a note and optionally one photo or scan, kept in the media
    # storage (lms.projects.media) under ``evidence_key``.
    evidence_note: Mapped[str | None] = mapped_column(Text)
    evidence_name: Mapped[str | None] = mapped_column(String(200))
    evidence_type: Mapped[str | None] = mapped_column(String(64))
    evidence_key: Mapped[str | None] = mapped_column(String(64))
    attendance_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Cancelled by a manager: its learners are told, its attendance counts nothing (rules.counts).
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    cancel_reason: Mapped[str | None] = mapped_column(String(500))
    # The province's review (004 L135 "符合省级要求"): pending until a province admin approves or rejects it.
    review_status: Mapped[str] = mapped_column(String(10), default="pending")
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    review_reason: Mapped[str | None] = mapped_column(String(500))

    batch = relationship("Batch", lazy="joined")
    org_unit = relationship("OrgUnit", lazy="joined")
    classes = relationship("TrainingClass", secondary=activity_class, lazy="selectin", order_by="TrainingClass.id")
    created_by = relationship("User", lazy="joined", foreign_keys=[created_by_id])

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def approved(self) -> bool:
        return self.review_status == "approved"

    @property
    def class_ids(self) -> list[int]:
        return [c.id for c in self.classes]

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    def to_dict(self) -> dict:
        return {"id": self.id, "batch_id": self.batch_id, "kind": self.kind, "title": self.title,
                "description": self.description, "starts_at": self.starts_at.isoformat(),
                "ends_at": self.ends_at.isoformat(), "room_url": self.room_url, "location": self.location,
                "capacity": self.capacity, "org_unit_id": self.org_unit_id, "class_ids": self.class_ids,
                # The one class addressed, as before several could be (null: none, or several).
                "class_id": self.class_ids[0] if len(self.classes) == 1 else None,
                "organiser": {"id": self.created_by_id, "name": self.created_by.name},
                "evidence_note": self.evidence_note, "evidence_file": self.evidence_name,
                "attendance_recorded_at": (self.attendance_recorded_at.isoformat()
                                           if self.attendance_recorded_at else None),
                "cancelled_at": self.cancelled_at.isoformat() if self.cancelled_at else None,
                "cancel_reason": self.cancel_reason, "review_status": self.review_status,
                "reviewed_at": self.reviewed_at.isoformat() if self.reviewed_at else None,
                "review_reason": self.review_reason}


class Attendance(Base):
    """A learner's attendance of an activity as its organiser recorded it; ``attended`` is whether it
    qualifies (rules.qualifies), what grading counts."""

    __tablename__ = "activity_attendance"
    __table_args__ = (UniqueConstraint("activity_id", "enrollment_id"),
                      CheckConstraint("minutes IS NULL OR minutes >= 0", name="minutes_non_negative"),
                      Index("ix_activity_attendance_enrollment", "enrollment_id", "attended"))

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"))
    attended: Mapped[bool] = mapped_column(default=False)
    minutes: Mapped[int | None]  # a synchronous activity's attended minutes
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)

    def to_dict(self) -> dict:
        return {"enrollment_id": self.enrollment_id, "attended": self.attended, "minutes": self.minutes,
                "recorded_at": self.recorded_at.isoformat()}
