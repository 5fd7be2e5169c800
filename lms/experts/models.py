"""The expert pool (专家库) with each expert's profile, the experts each level selects from it, and the expert
review (专家审核) a course passes before it enters the catalogue."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.db import Base, UTCDateTime
from lms.org.models import OrgUnit, User
from lms.projects.models import Course


class ExpertProfile(Base):
    """An expert of the province pool (E1, 004 L41): kept by the province; retired ones stay on record."""

    __tablename__ = "expert_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    subject: Mapped[str] = mapped_column(String(32), index=True)
    stage: Mapped[str] = mapped_column(String(16), index=True)
    title: Mapped[str] = mapped_column(String(64))  # professional title: 正高级教师, 特级教师, 教授…
    organisation: Mapped[str] = mapped_column(String(200))
    specialty: Mapped[str | None] = mapped_column(String(200))
    introduction: Mapped[str | None] = mapped_column(Text)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")

    @property
    def active(self) -> bool:
        return self.retired_at is None

    def to_dict(self) -> dict:
        return {"id": self.id, "user_id": self.user_id, "name": self.user.name, "username": self.user.username,
                "subject": self.subject, "stage": self.stage, "title": self.title,
                "organisation": self.organisation, "specialty": self.specialty, "introduction": self.introduction,
                "active": self.active, "retired_at": self.retired_at.isoformat() if self.retired_at else None}


class ExpertSelection(Base):
    """An expert a city or county chose from the pool for its own activities and classes (E1, 004 L93)."""

    __tablename__ = "expert_selection"
    __table_args__ = (UniqueConstraint("unit_id", "profile_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("expert_profile.id", ondelete="CASCADE"), index=True)
    selected_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    selected_at: Mapped[datetime] = mapped_column(UTCDateTime)

    unit: Mapped[OrgUnit] = relationship(lazy="joined")
    profile: Mapped[ExpertProfile] = relationship(lazy="joined")


class CourseReview(Base):
    """One round of expert review of a course (E2, 004 L94): sent by its owner; open while the experts
    evaluate; published by the province when they approve, or returned to the owner when one asks for revision."""

    __tablename__ = "course_review"
    __table_args__ = (
        UniqueConstraint("course_id", "round"),
        CheckConstraint("round >= 1", name="round_positive"),
        CheckConstraint("state IN ('open', 'returned', 'published')", name="state_known"),
        CheckConstraint("reason IN ('submitted', 'lessons_changed')", name="reason_known"),
        Index("ix_course_review_state", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    round: Mapped[int]
    state: Mapped[str] = mapped_column(String(16), default="open")
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(String(500))
    # E2a: "submitted" by the owner (a draft), or opened by the system when a published course's lessons changed
    reason: Mapped[str] = mapped_column(String(16), default="submitted", server_default="submitted")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    course: Mapped[Course] = relationship(lazy="joined")
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id], lazy="joined")
    reviewers: Mapped[list[CourseReviewer]] = relationship(back_populates="review", lazy="selectin",
                                                           order_by="CourseReviewer.id", cascade="all, delete-orphan")


class CourseReviewer(Base):
    """An expert assigned to a review round, with its evaluation once given: a score per criterion, a comment
    and a verdict."""

    __tablename__ = "course_reviewer"
    __table_args__ = (
        UniqueConstraint("review_id", "profile_id"),
        CheckConstraint("verdict IS NULL OR verdict IN ('approve', 'revise')", name="verdict_known"),
        CheckConstraint("(verdict IS NULL) = (reviewed_at IS NULL)", name="verdict_when_reviewed"),
        CheckConstraint("accuracy IS NULL OR accuracy BETWEEN 1 AND 5", name="accuracy_range"),
        CheckConstraint("curriculum_fit IS NULL OR curriculum_fit BETWEEN 1 AND 5", name="curriculum_fit_range"),
        CheckConstraint("production IS NULL OR production BETWEEN 1 AND 5", name="production_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("course_review.id", ondelete="CASCADE"), index=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("expert_profile.id"), index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accuracy: Mapped[int | None]  # scientific accuracy (科学性)
    curriculum_fit: Mapped[int | None]  # fit to the curriculum standards (契合课程标准)
    production: Mapped[int | None]  # production quality (制作质量)
    comment: Mapped[str | None] = mapped_column(Text)
    verdict: Mapped[str | None] = mapped_column(String(16))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    review: Mapped[CourseReview] = relationship(back_populates="reviewers")
    profile: Mapped[ExpertProfile] = relationship(lazy="joined")
