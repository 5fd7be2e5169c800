"""Choices (选课), enrollments (报名), consecutive-year waivers (J2) and plagiarism bans (J12)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.db import Base, UTCDateTime

STATUSES = ("active", "cancelled", "replaced")
# Statuses that mean "the teacher took this training" for J2; later issues may add more.
TAKEN_STATUSES = ("active",)


class Choice(Base):
    """A teacher's wish to join a class; the school admin enrolls against it."""

    __tablename__ = "choice"
    __table_args__ = (UniqueConstraint("teacher_id", "class_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("training_class.id", ondelete="CASCADE"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batch.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    teacher = relationship("User", lazy="joined")
    training_class = relationship("TrainingClass", lazy="joined")

    def to_dict(self) -> dict:
        return {"id": self.id, "teacher_id": self.teacher_id, "class_id": self.class_id,
                "school_id": self.school_id, "batch_id": self.batch_id, "created_at": self.created_at.isoformat()}


class Enrollment(Base):
    __tablename__ = "enrollment"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'cancelled', 'replaced')", name="status_known"),
        # One active enrollment per teacher and batch, even when two admins click at once.
        Index("ix_enrollment_one_active_per_batch", "teacher_id", "batch_id", unique=True,
              postgresql_where=text("status = 'active'"), sqlite_where=text("status = 'active'")),
        Index("ix_enrollment_school_batch_status", "school_id", "batch_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("training_class.id"), index=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batch.id"), index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    status: Mapped[str] = mapped_column(String(16), default="active")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("enrollment.id"))
    # J2 waived for this enrollment by a province admin (the waiver keeps the reason).
    waiver_id: Mapped[int | None] = mapped_column(ForeignKey("consecutive_year_waiver.id"))
    # J12: the plagiarism ban that cancelled this place (restored if the ban is lifted on appeal).
    ban_id: Mapped[int | None] = mapped_column(ForeignKey("plagiarism_ban.id", ondelete="SET NULL",
                                                          use_alter=True))

    teacher = relationship("User", foreign_keys=[teacher_id], lazy="joined")
    training_class = relationship("TrainingClass", lazy="joined")

    def to_dict(self) -> dict:
        return {"id": self.id, "class_id": self.class_id, "batch_id": self.batch_id, "teacher_id": self.teacher_id,
                "teacher_name": self.teacher.name if self.teacher else None, "school_id": self.school_id,
                "status": self.status, "created_at": self.created_at.isoformat(),
                "ended_at": self.ended_at.isoformat() if self.ended_at else None,
                "replaced_by_id": self.replaced_by_id, "ban_id": self.ban_id}


class ConsecutiveYearWaiver(Base):
    """J2: a province admin lets a teacher take the same series again, with the reason on record."""

    __tablename__ = "consecutive_year_waiver"
    __table_args__ = (UniqueConstraint("project_id", "teacher_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(500))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    teacher = relationship("User", foreign_keys=[teacher_id], lazy="joined")

    def to_dict(self) -> dict:
        return {"id": self.id, "project_id": self.project_id, "teacher_id": self.teacher_id, "reason": self.reason,
                "granted_by_id": self.granted_by_id, "created_at": self.created_at.isoformat()}


class PlagiarismBan(Base):
    """J12: confirmed plagiarism bars the teacher from provincial training for that calendar year.

    Written by the assignments domain (a tutor confirms); enrollment only reads it.
    """

    __tablename__ = "plagiarism_ban"
    __table_args__ = (Index("ix_plagiarism_ban_teacher_year", "teacher_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    year: Mapped[int]
    reason: Mapped[str] = mapped_column(String(500))
    enrollment_id: Mapped[int | None] = mapped_column(ForeignKey("enrollment.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Lifted when a province admin overturns the verdict on appeal: the teacher may enroll again.
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
