"""The credit ledger: each teacher's entries (学时, category, 学分, review status), their evidence, the credit
terms of this product's courses and each teacher's situation for the rules (docs/RULES.md, "Continuing-education
credits").

Hours are stored in tenths and credits in hundredths (whole numbers: exact on every database); the
``hours`` and ``credits`` properties give them as ``Decimal``.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.db import Base, UTCDateTime
from lms.credits import rules
from lms.org.models import OrgUnit, User

_statuses = ", ".join(f"'{s}'" for s in rules.STATUSES)
_categories = ", ".join(f"'{c}'" for c in rules.CATEGORIES)
_sources = ", ".join(f"'{s}'" for s in rules.SOURCES)
_kinds = ", ".join(f"'{k}'" for k in rules.KINDS)


def tenths(value: Decimal) -> int:
    return int((Decimal(value) * 10).to_integral_value())


def cents(value: Decimal) -> int:
    return int((Decimal(value) * 100).to_integral_value())


class CreditEntry(Base):
    """One line of a teacher's record: where it comes from, what it counts for, and where its review stands."""

    __tablename__ = "credit_entry"
    __table_args__ = (
        CheckConstraint(f"status IN ({_statuses})", name="status_known"),
        CheckConstraint(f"category IN ({_categories})", name="category_known"),
        CheckConstraint(f"source IN ({_sources})", name="source_known"),
        CheckConstraint("hours_tenths >= 0", name="hours_non_negative"),
        CheckConstraint("credit_cents >= 0", name="credits_non_negative"),
        CheckConstraint("status != 'rejected' OR reason IS NOT NULL", name="rejection_has_reason"),
        Index("ix_credit_entry_user_year", "user_id", "year"),
        Index("ix_credit_entry_unit_status", "org_unit_id", "status"),
        UniqueConstraint("user_id", "live_session_id", name="uq_credit_entry_live_session"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    # The teacher's school when the entry was made: reviews follow it (the school approves, its district confirms).
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    source: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str | None] = mapped_column(String(200))
    year: Mapped[int]
    hours_tenths: Mapped[int]
    category: Mapped[str] = mapped_column(String(32))
    theme: Mapped[str | None] = mapped_column(String(32))
    credit_cents: Mapped[int]
    # Every award of the entry ([{category, theme, credits}]): IT 2.0 counts in two categories (L373).
    awards: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(String(500))
    # The approved school-based project or self-study plan a claim of those sources is made under.
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("credit_plan.id", ondelete="SET NULL"), index=True)
    # An entry posted from this product's own training: one per enrollment, however often it is reconciled.
    enrollment_id: Mapped[int | None] = mapped_column(ForeignKey("enrollment.id", ondelete="SET NULL"), unique=True)
    # An entry posted from a live research session this teacher learned in (lms.live): one per teacher and session.
    live_session_id: Mapped[int | None] = mapped_column(ForeignKey("live_session.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rejected_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    rejected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    teacher: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    org_unit: Mapped[OrgUnit] = relationship(lazy="joined")
    evidence: Mapped[list[CreditEvidence]] = relationship(back_populates="entry", cascade="all, delete-orphan",
                                                          order_by="CreditEvidence.id", lazy="selectin")

    @property
    def hours(self) -> Decimal:
        return Decimal(self.hours_tenths) / 10

    @property
    def credits(self) -> Decimal:
        return Decimal(self.credit_cents) / 100

    def counted(self) -> list[rules.Counted]:
        """The entry as the rules count it, one item per award."""
        items = []
        for index, award in enumerate(self.awards or []):
            items.append(rules.Counted(self.year, award["category"], award.get("theme"),
                                       self.hours if index == 0 else Decimal(0), Decimal(str(award["credits"])),
                                       self.source))
        return items

    def to_dict(self) -> dict:
        return {"id": self.id, "user_id": self.user_id, "teacher": self.teacher.name if self.teacher else None,
                "org_unit_id": self.org_unit_id, "school": self.org_unit.name if self.org_unit else None,
                "source": self.source, "title": self.title, "provider": self.provider, "year": self.year,
                "hours": float(self.hours), "category": self.category, "theme": self.theme,
                "credits": float(self.credits), "awards": self.awards, "status": self.status,
                "reason": self.reason, "note": self.note, "enrollment_id": self.enrollment_id,
                "live_session_id": self.live_session_id, "plan_id": self.plan_id,
                "evidence": [e.to_dict() for e in self.evidence],
                "created_at": self.created_at.isoformat(),
                "approved_at": self.approved_at.isoformat() if self.approved_at else None,
                "confirmed_at": self.confirmed_at.isoformat() if self.confirmed_at else None,
                "rejected_at": self.rejected_at.isoformat() if self.rejected_at else None}


class CreditEvidence(Base):
    """A file a teacher attached to a claim (a certificate, a transcript): kept in the database."""

    __tablename__ = "credit_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("credit_entry.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime)

    entry: Mapped[CreditEntry] = relationship(back_populates="evidence")

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "content_type": self.content_type, "size": self.size}


class CourseCredit(Base):
    """What a course of this product counts for in the record: its 学时, category and theme."""

    __tablename__ = "course_credit"
    __table_args__ = (CheckConstraint(f"category IN ({_categories})", name="category_known"),
                      CheckConstraint("hours_tenths > 0", name="hours_positive"))

    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), primary_key=True)
    hours_tenths: Mapped[int]
    category: Mapped[str] = mapped_column(String(32))
    theme: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    @property
    def hours(self) -> Decimal:
        return Decimal(self.hours_tenths) / 10

    def to_dict(self) -> dict:
        return {"course_id": self.course_id, "hours": float(self.hours), "category": self.category,
                "theme": self.theme}


class CreditProfile(Base):
    """A teacher's situation for the rules (rules.Profile); a teacher without a row is a regular one."""

    __tablename__ = "credit_profile"
    __table_args__ = (CheckConstraint(f"kind IN ({_kinds})", name="kind_known"),
                      CheckConstraint("kind = 'regular' OR start_year IS NOT NULL", name="start_year_given"))

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default=rules.REGULAR)
    start_year: Mapped[int | None]
    private: Mapped[bool] = mapped_column(default=False)
    institution: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    def rules_profile(self) -> rules.Profile:
        return rules.Profile(self.kind, self.start_year, self.private, self.institution)

    def to_dict(self) -> dict:
        return {"user_id": self.user_id, "kind": self.kind, "start_year": self.start_year,
                "private": self.private, "institution": self.institution}


_plan_statuses = ", ".join(f"'{s}'" for s in rules.PLAN_STATUSES)
_plan_kinds = ", ".join(f"'{k}'" for k in rules.PLAN_SOURCES)


class CreditPlan(Base):
    """A school's school-based study project for a year (the county approves it: L625, L801) or a teacher's
    self-study plan (the school approves it: L657). Claims of those sources are made under an approved one."""

    __tablename__ = "credit_plan"
    __table_args__ = (
        CheckConstraint(f"status IN ({_plan_statuses})", name="status_known"),
        CheckConstraint(f"kind IN ({_plan_kinds})", name="kind_known"),
        CheckConstraint("(kind = 'self_study_plan') = (user_id IS NOT NULL)", name="teacher_for_self_study"),
        CheckConstraint("status != 'rejected' OR reason IS NOT NULL", name="rejection_has_reason"),
        Index("ix_credit_plan_unit_year", "org_unit_id", "year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    year: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(2000))
    hours_tenths: Mapped[int]
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(500))
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The county's December evaluation of a school-based project (L801): passed or failed, with a comment.
    evaluation: Mapped[str | None] = mapped_column(String(16))
    evaluation_comment: Mapped[str | None] = mapped_column(String(1000))
    evaluated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    evaluated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    org_unit: Mapped[OrgUnit] = relationship(lazy="joined")
    teacher: Mapped[User | None] = relationship(foreign_keys=[user_id], lazy="joined")

    @property
    def hours(self) -> Decimal:
        return Decimal(self.hours_tenths) / 10

    def to_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "org_unit_id": self.org_unit_id,
                "school": self.org_unit.name if self.org_unit else None, "user_id": self.user_id,
                "teacher": self.teacher.name if self.teacher else None, "year": self.year, "title": self.title,
                "description": self.description, "hours": float(self.hours), "status": self.status,
                "reason": self.reason, "filed_at": self.filed_at.isoformat(),
                "decided_at": self.decided_at.isoformat() if self.decided_at else None,
                "evaluation": self.evaluation, "evaluation_comment": self.evaluation_comment,
                "evaluated_at": self.evaluated_at.isoformat() if self.evaluated_at else None}


class CreditCertificate(Base):
    """The certificate of completion of a cycle (L325: teachers who met the cycle's credits get one), kept as
    issued — name, school and figures as printed — with the code its public check page is found by."""

    __tablename__ = "credit_certificate"
    __table_args__ = (UniqueConstraint("user_id", "cycle_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    cycle_start: Mapped[int]
    cycle_end: Mapped[int]
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    school: Mapped[str] = mapped_column(String(120))
    credit_cents: Mapped[int]
    hours_tenths: Mapped[int]
    issued_on: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    @property
    def credits(self) -> Decimal:
        return Decimal(self.credit_cents) / 100

    @property
    def hours(self) -> Decimal:
        return Decimal(self.hours_tenths) / 10

    def public_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "school": self.school,
                "cycle": {"start_year": self.cycle_start, "end_year": self.cycle_end},
                "credits": float(self.credits), "hours": float(self.hours), "issued_on": self.issued_on.isoformat()}

    def to_dict(self) -> dict:
        return dict(self.public_dict(), id=self.id, user_id=self.user_id, issued_at=self.issued_at.isoformat())


class SelfStudySummary(Base):
    """A school's summary of a year's self-study, handed to the county in January of the next year; the county
    reviews and records it (L671: "经审核备案后，认定教师自主学习学分")."""

    __tablename__ = "credit_self_study_summary"
    __table_args__ = (
        CheckConstraint(f"status IN ({_plan_statuses})", name="status_known"),
        CheckConstraint("status != 'rejected' OR reason IS NOT NULL", name="rejection_has_reason"),
        UniqueConstraint("org_unit_id", "year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    year: Mapped[int]  # the year summarised
    text: Mapped[str] = mapped_column(String(4000))
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(500))
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    org_unit: Mapped[OrgUnit] = relationship(lazy="joined")

    def to_dict(self) -> dict:
        return {"id": self.id, "org_unit_id": self.org_unit_id, "school": self.org_unit.name if self.org_unit else None,
                "year": self.year, "text": self.text, "status": self.status, "reason": self.reason,
                "filed_at": self.filed_at.isoformat(),
                "decided_at": self.decided_at.isoformat() if self.decided_at else None}
