"""Tutor applications (指导教师申报) and their reviews; the approved ones make the tutor library."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.db import Base, UTCDateTime
from lms.org.models import OrgUnit, User
from lms.tutors import rules

_statuses = ", ".join(f"'{s}'" for s in rules.STATUSES)
_open = ", ".join(f"'{s}'" for s in rules.OPEN)
_levels = ", ".join(f"'{s}'" for s in rules.REVIEW_LEVELS)


class TutorApplication(Base):
    """One version of a teacher's tutor profile and where its review stands.

    A teacher has at most one open version (in review or returned) and at most one approved one: a changed
    profile is a new version, reviewed from the start, while the approved one stays in the library until the
    new one is approved (then it is ``superseded``).
    """

    __tablename__ = "tutor_application"
    __table_args__ = (
        CheckConstraint(f"status IN ({_statuses})", name="status_known"),
        CheckConstraint("status != 'returned' OR reason IS NOT NULL", name="return_has_reason"),
        Index("uq_tutor_application_open", "user_id", unique=True,
              postgresql_where=text(f"status IN ({_open})"), sqlite_where=text(f"status IN ({_open})")),
        Index("uq_tutor_application_approved", "user_id", unique=True,
              postgresql_where=text("status = 'approved'"), sqlite_where=text("status = 'approved'")),
        Index("ix_tutor_application_status_unit", "status", "org_unit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    # The applicant's unit when it applied: whose admins review it (subtree scope).
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    status: Mapped[str] = mapped_column(String(12))
    subjects: Mapped[list[str]] = mapped_column(JSON)
    stages: Mapped[list[str]] = mapped_column(JSON)
    topics: Mapped[list[str]] = mapped_column(JSON)
    introduction: Mapped[str] = mapped_column(Text)
    achievements: Mapped[str] = mapped_column(Text, default="")
    sample_url: Mapped[str] = mapped_column(String(500))  # "" when only a video is uploaded
    # An uploaded sample micro-lesson (001 L30 鼓励上传微课视频): stored like a lesson's video (lms.projects.media).
    sample_video_key: Mapped[str | None] = mapped_column(String(64))
    sample_video_type: Mapped[str | None] = mapped_column(String(32))
    sample_video_seconds: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(String(500))  # the last return's reason
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    applicant: Mapped[User] = relationship(lazy="joined")
    org_unit: Mapped[OrgUnit] = relationship(lazy="joined")
    reviews: Mapped[list[TutorReview]] = relationship(back_populates="application", cascade="all, delete-orphan",
                                                      order_by="TutorReview.id", lazy="selectin")

    def profile(self) -> rules.Profile:
        return rules.Profile(tuple(self.subjects), tuple(self.stages), tuple(self.topics), self.introduction,
                             self.achievements, self.sample_url, has_video=self.sample_video_key is not None)

    def to_dict(self) -> dict:
        return {"id": self.id, "status": self.status,
                "applicant": {"id": self.applicant.id, "name": self.applicant.name},
                "org_unit": {"id": self.org_unit.id, "name": self.org_unit.name, "level": self.org_unit.level},
                "subjects": list(self.subjects), "stages": list(self.stages), "topics": list(self.topics),
                "introduction": self.introduction, "achievements": self.achievements,
                "sample_url": self.sample_url, "sample_video": self.sample_video_dict(), "reason": self.reason, "submitted_at": self.submitted_at.isoformat(),
                "approved_at": self.approved_at.isoformat() if self.approved_at else None,
                "reviews": [r.to_dict() for r in self.reviews]}

    def sample_video_dict(self) -> dict | None:
        if self.sample_video_key is None:
            return None
        return {"content_type": self.sample_video_type, "duration_seconds": self.sample_video_seconds,
                "url": f"/api/v1/tutors/applications/{self.id}/sample-video"}


class TutorDisqualification(Base):
    """A tutor's qualification revoked by its city's admin (the province's for a province-unit tutor) with the
    reason (001 L69, B17); reinstated by the same level. At most one in force per tutor."""

    __tablename__ = "tutor_disqualification"
    __table_args__ = (
        Index("uq_tutor_disqualification_in_force", "user_id", unique=True,
              postgresql_where=text("reinstated_at IS NULL"), sqlite_where=text("reinstated_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reinstated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    reinstated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    tutor: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    def to_dict(self) -> dict:
        return {"id": self.id, "tutor": {"id": self.tutor.id, "name": self.tutor.name,
                                         "unit": self.tutor.org_unit.name if self.tutor.org_unit else ""},
                "reason": self.reason, "decided_by": self.decided_by.name if self.decided_by else None,
                "decided_at": self.decided_at.isoformat(),
                "reinstated_at": self.reinstated_at.isoformat() if self.reinstated_at else None}


class TutorReview(Base):
    """One reviewer's decision on an application at its level."""

    __tablename__ = "tutor_review"
    __table_args__ = (
        CheckConstraint(f"level IN ({_levels})", name="level_known"),
        CheckConstraint("decision IN ('approve', 'return')", name="decision_known"),
        CheckConstraint("decision = 'approve' OR reason IS NOT NULL", name="return_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("tutor_application.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(String(8))
    decision: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str | None] = mapped_column(String(500))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)

    application: Mapped[TutorApplication] = relationship(back_populates="reviews")
    reviewer: Mapped[User | None] = relationship(lazy="joined")

    def to_dict(self) -> dict:
        return {"level": self.level, "decision": self.decision, "reason": self.reason,
                "reviewer": self.reviewer.name if self.reviewer else None,
                "decided_at": self.decided_at.isoformat()}
