"""Announcements (通告) to an admin's area, briefings (简报) to a class, and learners' course evaluations."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.db import Base, UTCDateTime


class Announcement(Base):
    """From an admin to everyone in the subtree of ``org_unit_id``."""

    __tablename__ = "announcement"
    __table_args__ = (Index("ix_announcement_unit_created", "org_unit_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    org_unit = relationship("OrgUnit", lazy="joined")
    author = relationship("User", lazy="joined")

    def to_dict(self) -> dict:
        return {"id": self.id, "org_unit_id": self.org_unit_id, "org_unit": self.org_unit.name,
                "author": self.author.name if self.author else None, "title": self.title, "body": self.body,
                "created_at": self.created_at.isoformat()}


class Briefing(Base):
    """A tutor's periodic report to the class: progress, good work, reminders."""

    __tablename__ = "briefing"
    __table_args__ = (Index("ix_briefing_class_created", "class_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("training_class.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    author = relationship("User", lazy="joined")

    def to_dict(self) -> dict:
        return {"id": self.id, "class_id": self.class_id, "author": self.author.name if self.author else None,
                "title": self.title, "body": self.body, "created_at": self.created_at.isoformat()}


class CourseEvaluation(Base):
    """One per enrollment; shown to tutors and admins only in aggregate and without names (C5)."""

    __tablename__ = "course_evaluation"
    __table_args__ = (CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
                      Index("ix_course_evaluation_class", "class_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"), unique=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("training_class.id", ondelete="CASCADE"))
    rating: Mapped[int]
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
