"""Students' tutoring's term settlement (学期结算, 001 L57, L60): an area's confirmation and each tutor's locked
figures (docs/TUTORING.md "Terms"). Apart from models.py: the term side is its own piece."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.db import Base, UTCDateTime
from lms.live.models import LiveTerm, SettledFigures
from lms.org.models import OrgUnit, User


class TutoringSettlement(Base):
    """A city's (or the province's) admins lock the term's figures of the tutors of their area not settled yet."""

    __tablename__ = "tutoring_settlement"
    __table_args__ = (UniqueConstraint("term_id", "org_unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("live_term.id"), index=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))  # the area settled
    settled_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    settled_at: Mapped[datetime] = mapped_column(UTCDateTime)

    term: Mapped[LiveTerm] = relationship()
    area: Mapped[OrgUnit] = relationship()
    settled_by: Mapped[User] = relationship()
    rows: Mapped[list[TutoringSettlementRow]] = relationship(back_populates="settlement",
                                                             cascade="all, delete-orphan",
                                                             order_by="TutoringSettlementRow.id")


class TutoringSettlementRow(SettledFigures, Base):
    """One tutor's settled term: at most once a term, whichever area settled it first."""

    __tablename__ = "tutoring_settlement_row"
    __table_args__ = (UniqueConstraint("term_id", "tutor_id"), CheckConstraint("minutes >= 0", name="minutes_not_negative"),
                      *SettledFigures.checks())

    id: Mapped[int] = mapped_column(primary_key=True)
    settlement_id: Mapped[int] = mapped_column(ForeignKey("tutoring_settlement.id", ondelete="CASCADE"), index=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("live_term.id"))
    minutes: Mapped[int]

    settlement: Mapped[TutoringSettlement] = relationship(back_populates="rows")
