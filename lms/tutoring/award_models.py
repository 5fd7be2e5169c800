"""The organisation awards of students' tutoring (B18): the winners a city's (or the province's) admins confirmed
for a term. Apart from models.py: the awards are their own piece."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.db import Base, UTCDateTime
from lms.live.models import LiveTerm
from lms.org.models import OrgUnit, User


class TutoringOrgAward(Base):
    """One winning school or district of an area's award of a term, with its rank and composite as confirmed."""

    __tablename__ = "tutoring_org_award"
    __table_args__ = (UniqueConstraint("term_id", "area_id", "org_unit_id"),
                      CheckConstraint("kind IN ('school', 'district')", name="kind_known"),
                      CheckConstraint("rank >= 1", name="rank_positive"),
                      CheckConstraint("score_cents BETWEEN 0 AND 10000", name="score_in_range"))

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("live_term.id"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))  # the city or province that awards
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))  # the winner
    kind: Mapped[str] = mapped_column(String(10))
    rank: Mapped[int]
    score_cents: Mapped[int]  # the composite (0–100) × 100
    confirmed_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime)

    term: Mapped[LiveTerm] = relationship()
    area: Mapped[OrgUnit] = relationship(foreign_keys=[area_id])
    unit: Mapped[OrgUnit] = relationship(foreign_keys=[org_unit_id])
    confirmed_by: Mapped[User] = relationship()
