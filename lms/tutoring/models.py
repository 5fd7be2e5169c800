"""Students' tutoring: the sessions tutors offer (one-to-one slots, one-to-many topics), students' bookings with
the ratings both sides give, room presence, on-demand requests, tutors' availability and misconduct reports."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.db import Base, UTCDateTime
from lms.live.models import PresenceColumns
from lms.org.models import OrgUnit, User


class TutoringSession(Base):
    __tablename__ = "tutoring_session"
    __table_args__ = (
        CheckConstraint("kind IN ('one_to_one', 'group')", name="kind_known"),
        CheckConstraint("status IN ('open', 'cancelled', 'ended')", name="status_known"),
        CheckConstraint("capacity BETWEEN 1 AND 10", name="capacity_range"),
        CheckConstraint("starts_at < ends_at", name="ordered"),
        Index("ix_tutoring_session_tutor_starts", "tutor_id", "starts_at"),
        Index("ix_tutoring_session_starts", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    topic: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(32), default="")
    tutor_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)  # the tutor's unit
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int]
    on_demand: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(10), default="open")
    meeting_key: Mapped[str] = mapped_column(String(64), unique=True)
    host_secret: Mapped[str] = mapped_column(String(64))
    guest_secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    tutor: Mapped[User] = relationship()
    org_unit: Mapped[OrgUnit] = relationship()
    bookings: Mapped[list[TutoringBooking]] = relationship(back_populates="session", cascade="all, delete-orphan",
                                                           order_by="TutoringBooking.id")

    @property
    def booked(self) -> list[TutoringBooking]:
        return [b for b in self.bookings if b.status == "booked"]

    def to_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "topic": self.topic, "subject": self.subject,
                "tutor": {"id": self.tutor.id, "name": self.tutor.name}, "starts_at": self.starts_at.isoformat(),
                "ends_at": self.ends_at.isoformat(), "capacity": self.capacity, "booked": len(self.booked),
                "on_demand": self.on_demand, "status": self.status}


class TutoringBooking(Base):
    """A student's place in a session, with the student's stars for it and the tutor's score of the student."""

    __tablename__ = "tutoring_booking"
    __table_args__ = (UniqueConstraint("session_id", "student_id"),
                      CheckConstraint("status IN ('booked', 'cancelled')", name="status_known"),
                      CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating_range"),
                      CheckConstraint("score IS NULL OR score BETWEEN 0 AND 10", name="score_range"))

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("tutoring_session.id", ondelete="CASCADE"))
    student_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="booked")
    booked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    rating: Mapped[int | None]
    rated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    score: Mapped[int | None]
    scored_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    session: Mapped[TutoringSession] = relationship(back_populates="bookings")
    student: Mapped[User] = relationship()

    def to_dict(self) -> dict:
        return {"id": self.id, "session_id": self.session_id, "status": self.status,
                "student": {"id": self.student.id, "name": self.student.name},
                "booked_at": self.booked_at.isoformat(), "rating": self.rating, "score": self.score}


class TutoringPresence(PresenceColumns, Base):
    """Room presence, kept as lms.live keeps it (rules.judge_beat): the latest beat and the merged stretches."""

    __tablename__ = "tutoring_presence"
    __table_args__ = (UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("tutoring_session.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))


class TutorAvailability(Base):
    """A tutor marked free now: it may take on-demand requests."""

    __tablename__ = "tutor_availability"

    tutor_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    since: Mapped[datetime] = mapped_column(UTCDateTime)


class TutoringRequest(Base):
    """A student's "any free tutor now" request; a tutor marked available accepts it (a session starts)."""

    __tablename__ = "tutoring_request"
    __table_args__ = (CheckConstraint("status IN ('waiting', 'accepted', 'withdrawn')", name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(32), default="")
    question: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="waiting")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("tutoring_session.id", ondelete="SET NULL"))
    # A photo of the problem (001 L39 "拍照上传自己的问题"), kept as the square's question photo is.
    image_name: Mapped[str | None] = mapped_column(String(200))
    image_type: Mapped[str | None] = mapped_column(String(40))
    image_data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)

    student: Mapped[User] = relationship()
    tutoring: Mapped[TutoringSession | None] = relationship()

    def to_dict(self) -> dict:
        return {"id": self.id, "student": {"id": self.student.id, "name": self.student.name},
                "subject": self.subject, "question": self.question, "status": self.status,
                "created_at": self.created_at.isoformat(), "session_id": self.session_id}


class TutoringMisconduct(Base):
    """Negative online behaviour recorded on a student (001 L51), with its reason."""

    __tablename__ = "tutoring_misconduct"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    reported_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("tutoring_session.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    reported_by: Mapped[User] = relationship(foreign_keys=[reported_by_id])

    def to_dict(self) -> dict:
        return {"id": self.id, "student_id": self.student_id, "session_id": self.session_id,
                "reported_by": {"id": self.reported_by.id, "name": self.reported_by.name}, "reason": self.reason,
                "created_at": self.created_at.isoformat()}
