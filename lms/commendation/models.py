"""A batch's province commendation list of outstanding learners (J14, JX12; 004 L163-170): confirmed by the
province from the learners the tutors recommended, each entry kept as it was confirmed."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.db import Base, UTCDateTime


class Commendation(Base):
    """The batch's list as the province confirmed it (confirmed again: replaced, and audited each time)."""

    __tablename__ = "commendation"

    batch_id: Mapped[int] = mapped_column(ForeignKey("batch.id", ondelete="CASCADE"), primary_key=True)
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(String(500))


class CommendationEntry(Base):
    """One commended learner, as confirmed: name, school, class and score, the criteria and the tutor's reason."""

    __tablename__ = "commendation_entry"
    __table_args__ = (UniqueConstraint("batch_id", "enrollment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("commendation.batch_id", ondelete="CASCADE"), index=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"))
    school_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    school_name: Mapped[str] = mapped_column(String(200))
    class_name: Mapped[str] = mapped_column(String(200))
    course_title: Mapped[str] = mapped_column(String(200))
    total: Mapped[float] = mapped_column(Numeric(5, 2, asdecimal=False))
    criteria: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    recommendation_note: Mapped[str | None] = mapped_column(String(500))
