"""The project's comprehensive evaluation (综合评估, JX11b): a round per project opened by the province, each area's
self-evaluation (自评: the province, every city and county), and the outside evaluations (他评) of experts and
other cities' admins."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.db import Base, UTCDateTime


def _score_checks() -> tuple:
    return tuple(CheckConstraint(f"{d}_score IS NULL OR {d}_score BETWEEN 0 AND 100", name=f"{d}_score_range")
                 for d in ("progress", "measures", "innovation", "performance"))


class EvaluationRound(Base):
    """One project's evaluation, open while the areas evaluate themselves and are evaluated; closed, it no longer
    changes."""

    __tablename__ = "evaluation_round"
    __table_args__ = (CheckConstraint("state IN ('open', 'closed')", name="state_known"),
                      CheckConstraint("(state = 'open') = (closed_at IS NULL)", name="closed_when"))

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), unique=True)
    state: Mapped[str] = mapped_column(String(16), default="open")
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    project = relationship("Project", lazy="joined")


class _Scores:
    """The four dimensions of 004 L162, each scored 0–100 with a written assessment."""

    progress_score: Mapped[int | None]
    progress_text: Mapped[str | None] = mapped_column(Text)
    measures_score: Mapped[int | None]
    measures_text: Mapped[str | None] = mapped_column(Text)
    innovation_score: Mapped[int | None]
    innovation_text: Mapped[str | None] = mapped_column(Text)
    performance_score: Mapped[int | None]
    performance_text: Mapped[str | None] = mapped_column(Text)

    def scores(self) -> dict[str, int | None]:
        return {d: getattr(self, f"{d}_score") for d in ("progress", "measures", "innovation", "performance")}

    def texts(self) -> dict[str, str | None]:
        return {d: getattr(self, f"{d}_text") for d in ("progress", "measures", "innovation", "performance")}


class AreaEvaluation(_Scores, Base):
    """An area's self-evaluation in a round: written by the admins of that unit, submitted, possibly returned for
    revision; ``figures`` are the area's statistics as they stood when it was submitted."""

    __tablename__ = "area_evaluation"
    __table_args__ = (UniqueConstraint("round_id", "org_unit_id"),
                      CheckConstraint("status IN ('draft', 'submitted', 'returned')", name="status_known"),
                      *_score_checks())

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_round.id", ondelete="CASCADE"), index=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    figures: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    returned_reason: Mapped[str | None] = mapped_column(String(500))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    round: Mapped[EvaluationRound] = relationship(lazy="joined")
    org_unit = relationship("OrgUnit", lazy="joined")
    reviews: Mapped[list[OutsideEvaluation]] = relationship(back_populates="evaluation", lazy="selectin",
                                                            order_by="OutsideEvaluation.id",
                                                            cascade="all, delete-orphan")


class OutsideEvaluation(_Scores, Base):
    """An outside evaluator assigned by the province to an area's self-evaluation: an expert of the pool or an
    admin of another city (``kind``), with its scores and comments once given."""

    __tablename__ = "outside_evaluation"
    __table_args__ = (UniqueConstraint("evaluation_id", "reviewer_id"),
                      CheckConstraint("kind IN ('expert', 'peer')", name="kind_known"),
                      *_score_checks())

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("area_evaluation.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    evaluation: Mapped[AreaEvaluation] = relationship(back_populates="reviews")
    reviewer = relationship("User", foreign_keys=[reviewer_id], lazy="joined")
