"""One quota row per (batch, org unit): the seats a unit received and what it did with them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.db import Base, UTCDateTime


class Quota(Base):
    __tablename__ = "quota"
    __table_args__ = (
        UniqueConstraint("batch_id", "org_unit_id"),
        CheckConstraint("seats >= 0", name="seats_non_negative"),
        CheckConstraint("allocated >= 0", name="allocated_non_negative"),
        CheckConstraint("enrolled >= 0", name="enrolled_non_negative"),
        # J4/J8: the database refuses oversubscription even if a code path forgot to check.
        CheckConstraint("allocated + enrolled <= seats", name="within_seats"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batch.id", ondelete="CASCADE"), index=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    seats: Mapped[int] = mapped_column(default=0)
    allocated: Mapped[int] = mapped_column(default=0)  # the sum of the children's seats
    enrolled: Mapped[int] = mapped_column(default=0)  # the unit's own active enrollments (schools)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def available(self) -> int:
        return self.seats - self.allocated - self.enrolled

    def to_dict(self) -> dict:
        return {"batch_id": self.batch_id, "org_unit_id": self.org_unit_id, "seats": self.seats,
                "allocated": self.allocated, "enrolled": self.enrolled, "available": self.available}
