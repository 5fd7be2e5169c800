"""Live research and tutoring: the admins' calendar (terms, holidays), sessions, bookings, room presence."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from lms.core.db import Base, UTCDateTime
from lms.org.models import OrgUnit, User


class LiveTerm(Base):
    """A school term (学期): live sessions happen only inside one."""

    __tablename__ = "live_term"
    __table_args__ = (CheckConstraint("starts_on <= ends_on", name="ordered"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "starts_on": self.starts_on.isoformat(),
                "ends_on": self.ends_on.isoformat()}


class LiveCalendarDay(Base):
    """A day the admins mark: ``holiday`` (a weekday off) or ``workday`` (a weekend day worked, 调休)."""

    __tablename__ = "live_calendar_day"
    __table_args__ = (CheckConstraint("kind IN ('holiday', 'workday')", name="kind_known"),)

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(100), default="")

    def to_dict(self) -> dict:
        return {"day": self.day.isoformat(), "kind": self.kind, "name": self.name}


class LiveSession(Base):
    __tablename__ = "live_session"
    __table_args__ = (
        CheckConstraint("form IN ('lecture', 'one_to_one', 'review')", name="form_known"),
        CheckConstraint("status IN ('scheduled', 'cancelled', 'ended')", name="status_known"),
        CheckConstraint("capacity >= 1", name="capacity_positive"),
        CheckConstraint("starts_at < ends_at", name="ordered"),
        Index("ix_live_session_host_form_starts", "host_id", "form", "starts_at"),
        Index("ix_live_session_starts", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    form: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    host_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    # The host's unit when scheduled: whose admins manage it (subtree scope).
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    co_reviewer_ids: Mapped[list[int]] = mapped_column(JSON, default=list)  # a review's other reviewers (≤ 2)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int]
    status: Mapped[str] = mapped_column(String(10), default="scheduled")
    cancel_reason: Mapped[str | None] = mapped_column(String(500))  # optional, told with the cancellation
    meeting_key: Mapped[str] = mapped_column(String(64), unique=True)  # the engine's meeting id
    host_secret: Mapped[str] = mapped_column(String(64))
    guest_secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    host: Mapped[User] = relationship(foreign_keys=[host_id])
    org_unit: Mapped[OrgUnit] = relationship()
    bookings: Mapped[list[LiveBooking]] = relationship(back_populates="session", cascade="all, delete-orphan")

    @property
    def booked_count(self) -> int:
        return sum(1 for b in self.bookings if b.status == "booked")

    def to_dict(self) -> dict:
        return {"id": self.id, "form": self.form, "title": self.title, "description": self.description,
                "host": {"id": self.host.id, "name": self.host.name}, "org_unit_id": self.org_unit_id,
                "co_reviewer_ids": list(self.co_reviewer_ids or []),
                "starts_at": self.starts_at.isoformat(), "ends_at": self.ends_at.isoformat(),
                "capacity": self.capacity, "booked": self.booked_count, "status": self.status,
                "cancel_reason": self.cancel_reason}


class LiveBooking(Base):
    __tablename__ = "live_booking"
    __table_args__ = (UniqueConstraint("session_id", "user_id"),
                      CheckConstraint("status IN ('booked', 'cancelled')", name="status_known"))

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_session.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="booked")
    booked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    session: Mapped[LiveSession] = relationship(back_populates="bookings")
    user: Mapped[User] = relationship()

    def to_dict(self) -> dict:
        return {"id": self.id, "session_id": self.session_id, "status": self.status,
                "user": {"id": self.user.id, "name": self.user.name}, "booked_at": self.booked_at.isoformat()}


class PresenceColumns:
    """What a room's presence row keeps for rules.judge_beat (lms.live.services.record_presence): the latest beat
    (anchor), the page keys it replaced and the stretches credited. Live sessions' and students' tutoring's."""

    page_key: Mapped[str] = mapped_column(String(64))
    old_keys: Mapped[list[str]] = mapped_column(JSON, default=list)
    beat_at: Mapped[datetime] = mapped_column(UTCDateTime)
    visible: Mapped[bool] = mapped_column(default=True)
    in_room: Mapped[bool] = mapped_column(default=False)
    intervals: Mapped[list[list[float]]] = mapped_column(JSON, default=list)  # POSIX seconds, merged


class LivePresence(PresenceColumns, Base):
    """A participant's presence in a session's room: the latest beat (anchor) and the stretches credited."""

    __tablename__ = "live_presence"
    __table_args__ = (UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_session.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))

    user: Mapped[User] = relationship()


class LiveFeedback(Base):
    """A learner's feedback on a session it took part in (rating, satisfaction, ≥ 200 characters of reflection)."""

    __tablename__ = "live_feedback"
    __table_args__ = (UniqueConstraint("session_id", "user_id"),
                      CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"))

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_session.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int]
    satisfaction: Mapped[str] = mapped_column(String(20))
    reflection: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    def to_dict(self) -> dict:
        return {"id": self.id, "session_id": self.session_id, "rating": self.rating,
                "satisfaction": self.satisfaction, "reflection": self.reflection,
                "created_at": self.created_at.isoformat()}


class LiveReviewReport(Base):
    """An open lesson review's report (检课报告), recorded once by one of its reviewers."""

    __tablename__ = "live_review_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_session.id", ondelete="CASCADE"), unique=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    author: Mapped[User] = relationship()

    def to_dict(self) -> dict:
        return {"id": self.id, "session_id": self.session_id, "author": {"id": self.author.id, "name": self.author.name},
                "body": self.body, "created_at": self.created_at.isoformat()}


class LiveSettlement(Base):
    """A term's confirmed settlement (学期结算): the province's admins lock the tutors' points and fees as paid."""

    __tablename__ = "live_settlement"

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("live_term.id"), unique=True)
    settled_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    settled_at: Mapped[datetime] = mapped_column(UTCDateTime)

    settled_by: Mapped[User] = relationship()
    rows: Mapped[list[LiveSettlementRow]] = relationship(back_populates="settlement", cascade="all, delete-orphan",
                                                         order_by="LiveSettlementRow.id")


class SettledFigures:
    """One tutor's settled figures, as confirmed: points in hundredths, the fee in fen (no float money); with the
    tutor's unit when settled (whose admins see the row: subtree scope). Live research's and students' tutoring's
    settlement rows (lms.tutoring.term_models)."""

    tutor_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    unit_name: Mapped[str] = mapped_column(String(120))
    title_grade: Mapped[str] = mapped_column(String(10))
    sessions: Mapped[int]
    points_cents: Mapped[int]
    coefficient_pct: Mapped[int]
    amount_fen: Mapped[int]

    @declared_attr
    def org_unit(cls) -> Mapped[OrgUnit]:
        return relationship()

    @staticmethod
    def checks() -> tuple[CheckConstraint, ...]:
        return (CheckConstraint("points_cents >= 0 AND amount_fen >= 0 AND sessions >= 0", name="not_negative"),
                CheckConstraint("coefficient_pct IN (100, 120, 140)", name="coefficient_known"))


class LiveSettlementRow(SettledFigures, Base):
    """One tutor's settled figures of live research."""

    __tablename__ = "live_settlement_row"
    __table_args__ = (UniqueConstraint("settlement_id", "tutor_id"), *SettledFigures.checks())

    id: Mapped[int] = mapped_column(primary_key=True)
    settlement_id: Mapped[int] = mapped_column(ForeignKey("live_settlement.id", ondelete="CASCADE"))

    settlement: Mapped[LiveSettlement] = relationship(back_populates="rows")
