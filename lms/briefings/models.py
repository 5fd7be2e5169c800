"""An admin's briefing (简报) or summary report (总结报告) on a batch or a project, for its own area (J16b)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.db import Base, UTCDateTime


class AreaBriefing(Base):
    """Written by an admin of ``org_unit_id`` from a template of the area's figures; a draft is seen by the
    admins of the unit only, a published one by its whole subtree and by the levels above it."""

    __tablename__ = "area_briefing"
    __table_args__ = (
        CheckConstraint("kind IN ('briefing', 'summary')", name="kind_known"),
        CheckConstraint("(status = 'draft' AND published_at IS NULL) OR "
                        "(status = 'published' AND published_at IS NOT NULL)", name="published_when"),
        Index("ix_area_briefing_unit_status", "org_unit_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batch.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    org_unit = relationship("OrgUnit", lazy="joined")
    author = relationship("User", lazy="joined")
    project = relationship("Project", lazy="joined")
    batch = relationship("Batch", lazy="joined")

    def to_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "status": self.status, "org_unit_id": self.org_unit_id,
                "org_unit": self.org_unit.name, "level": self.org_unit.level,
                "author": self.author.name if self.author else None, "project_id": self.project_id,
                "batch_id": self.batch_id, "title": self.title, "body": self.body,
                "created_at": self.created_at.isoformat(), "updated_at": self.updated_at.isoformat(),
                "published_at": self.published_at.isoformat() if self.published_at else None}
