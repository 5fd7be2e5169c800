"""Projects (项目) with their batches (期), courses and classes (培训班: one course in one batch)."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (BigInteger, CheckConstraint, Column, Date, ForeignKey, Index, String, Table, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.clock import local_tz
from lms.core.db import Base, UTCDateTime

if TYPE_CHECKING:
    from lms.org.models import OrgUnit, User

CALENDARS = ("jiangsu", "none")


class Project(Base):
    __tablename__ = "project"
    __table_args__ = (
        CheckConstraint("calendar IN ('jiangsu', 'none')", name="calendar_known"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),
        CheckConstraint("minimum_percent BETWEEN 0 AND 100", name="minimum_percent_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(index=True)
    # Projects of one series are "the same training" for J2's consecutive-year rule.
    series: Mapped[str] = mapped_column(String(64), index=True)
    calendar: Mapped[str] = mapped_column(String(16))
    quota_deadline: Mapped[date | None] = mapped_column(Date)
    # J2 "原则上": blocked by default; a province admin may switch it off per project.
    consecutive_year_rule: Mapped[bool] = mapped_column(default=True)
    minimum_percent: Mapped[int] = mapped_column(default=10)  # J6
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    batches: Mapped[list[Batch]] = relationship(back_populates="project", order_by="Batch.number",
                                                cascade="all, delete-orphan")

    def to_dict(self, with_batches: bool = True) -> dict:
        data = {"id": self.id, "code": self.code, "name": self.name, "year": self.year, "series": self.series,
                "calendar": self.calendar,
                "quota_deadline": self.quota_deadline.isoformat() if self.quota_deadline else None,
                "consecutive_year_rule": self.consecutive_year_rule, "minimum_percent": self.minimum_percent}
        if with_batches:
            data["batches"] = [b.to_dict() for b in self.batches]
        return data


class Batch(Base):
    __tablename__ = "batch"
    __table_args__ = (
        UniqueConstraint("project_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint("registration_closes_at > registration_opens_at", name="window_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    starts_on: Mapped[date] = mapped_column(Date, index=True)
    ends_on: Mapped[date] = mapped_column(Date)
    registration_opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime] = mapped_column(UTCDateTime)

    project: Mapped[Project] = relationship(back_populates="batches", lazy="joined")

    def to_dict(self) -> dict:
        return {"id": self.id, "project_id": self.project_id, "number": self.number,
                "starts_on": self.starts_on.isoformat(), "ends_on": self.ends_on.isoformat(),
                "registration_opens_at": self.registration_opens_at.astimezone(local_tz()).isoformat(),
                "registration_closes_at": self.registration_closes_at.astimezone(local_tz()).isoformat()}


# A course's way into the catalogue (docs/RULES.md "E2"): made as a draft, sent to expert review, published by the
# province once the reviewers approve. Only a published course is offered to batches (a class) and to teachers.
COURSE_STATUSES = ("draft", "in_review", "published")


class Course(Base):
    __tablename__ = "course"
    __table_args__ = (CheckConstraint("required_minutes > 0", name="required_minutes_positive"),
                      CheckConstraint("status IN ('draft', 'in_review', 'published')", name="status_known"))

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), index=True)
    subject: Mapped[str] = mapped_column(String(32))
    stage: Mapped[str] = mapped_column(String(16))
    description: Mapped[str | None] = mapped_column(Text)
    # The study time that earns the full 50 points of J13.
    required_minutes: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Made by the system (the demo, imports) a course is published; made by an admin it starts as a draft.
    # The level that made it: the province's catalogue, or a city's or county's local course (E3), seen in that
    # area only until the province publishes it. Null: made by the system (the demo, imports).
    owner_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="published", server_default="published", index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # E2a: when the lessons of the published course last changed since its last approval (the catalogue marks
    # it "being re-reviewed" until the province confirms the new round); None: the lessons are the approved ones.
    lessons_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    owner_unit: Mapped[OrgUnit | None] = relationship(lazy="joined")

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "subject": self.subject, "stage": self.stage,
                "description": self.description, "required_minutes": self.required_minutes,
                "status": self.status, "owner_unit_id": self.owner_unit_id,
                "owner_unit": self.owner_unit.name if self.owner_unit else None,
                "published_at": self.published_at.isoformat() if self.published_at else None,
                "lessons_changed_at": self.lessons_changed_at.isoformat() if self.lessons_changed_at else None}


class_tutor = Table(
    "class_tutor", Base.metadata,
    Column("class_id", ForeignKey("training_class.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_class_tutor_user_id", "user_id"),
)


class TrainingClass(Base):
    """培训班: one course offered in one batch, with its tutors."""

    __tablename__ = "training_class"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batch.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    course: Mapped[Course] = relationship(lazy="joined")
    batch: Mapped[Batch] = relationship(lazy="joined")
    tutors: Mapped[list[User]] = relationship(secondary=class_tutor, lazy="selectin", order_by="User.id")

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "course_id": self.course_id, "batch_id": self.batch_id,
                "course": self.course.to_dict(), "batch": self.batch.to_dict(),
                "project": self.batch.project.to_dict(with_batches=False),
                "tutors": [{"id": t.id, "name": t.name, "username": t.username} for t in self.tutors]}


class Lesson(Base):
    """A course's video (length read from the file) or reading (Markdown with a nominal reading time)."""

    __tablename__ = "lesson"
    __table_args__ = (
        CheckConstraint("kind IN ('video', 'reading')", name="kind_known"),
        CheckConstraint("duration_seconds > 0", name="duration_positive"),
        CheckConstraint("kind = 'video' OR reading_minutes IS NOT NULL", name="reading_has_minutes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    # Video: measured from the file on upload. Reading: reading_minutes × 60. Never from the client.
    duration_seconds: Mapped[int]
    media_key: Mapped[str | None] = mapped_column(String(64))
    media_size: Mapped[int | None] = mapped_column(BigInteger)
    content_type: Mapped[str | None] = mapped_column(String(64))
    body: Mapped[str | None] = mapped_column(Text)
    reading_minutes: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A video's HLS renditions (lms.projects.transcode): queued, running, ready, failed; null for a reading.
    transcode_state: Mapped[str | None] = mapped_column(String(16))
    transcode_progress: Mapped[int] = mapped_column(default=0, server_default="0")  # percent
    transcode_error: Mapped[str | None] = mapped_column(String(500))
    hls_key: Mapped[str | None] = mapped_column(String(64))  # the folder of master.m3u8, renditions, poster

    course: Mapped[Course] = relationship()

    @property
    def hls_ready(self) -> bool:
        return self.transcode_state == "ready" and bool(self.hls_key)

    def to_dict(self) -> dict:
        data = {"id": self.id, "course_id": self.course_id, "position": self.position, "title": self.title,
                "kind": self.kind, "duration_seconds": self.duration_seconds,
                "reading_minutes": self.reading_minutes, "content_type": self.content_type}
        if self.kind == "video":
            data["transcode"] = {"state": self.transcode_state, "progress": self.transcode_progress or 0,
                                 "error": self.transcode_error}
        return data
