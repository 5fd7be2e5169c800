"""Completion certificates (结业证书, J16): one per passed, final enrollment, with a verification code."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, LargeBinary, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.db import Base, UTCDateTime


class Certificate(Base):
    """What the PDF states, kept as issued: a later rename of a school or course leaves it as printed."""

    __tablename__ = "certificate"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"), unique=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    school: Mapped[str] = mapped_column(String(120))
    project: Mapped[str] = mapped_column(String(200))
    course: Mapped[str] = mapped_column(String(200))
    batch: Mapped[str] = mapped_column(String(64))
    total: Mapped[float] = mapped_column(Numeric(5, 2, asdecimal=False))
    study_hours: Mapped[float] = mapped_column(Numeric(6, 1, asdecimal=False))
    # As printed (docs/RULES.md J16g): who issues it, the project's code, the course's 学时 (credits' terms).
    # None on certificates issued before these were printed and not found by the migration.
    issuing_body: Mapped[str | None] = mapped_column(String(120))
    project_code: Mapped[str | None] = mapped_column(String(32))
    credit_hours: Mapped[float | None] = mapped_column(Numeric(6, 1, asdecimal=False))
    issued_on: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Why, as a code the public page words neutrally (REVOKE_REASONS); never the verdict's own words.
    revoked_reason: Mapped[str | None] = mapped_column(String(32))

    def public_dict(self, outstanding: bool = False) -> dict:
        return {"valid": self.revoked_at is None, "code": self.code, "name": self.name, "school": self.school,
                "project": self.project, "project_code": self.project_code, "course": self.course,
                "batch": self.batch, "total": self.total, "study_hours": self.study_hours,
                "credit_hours": self.credit_hours, "issuing_body": self.issuing_body, "outstanding": outstanding,
                "issued_on": self.issued_on.isoformat(),
                "revoked": self.revoked_at is not None,
                "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
                "revoked_reason": self.revoked_reason}


class CertificateIssuer(Base):
    """A project's issuing body (颁发单位) and its seal (公章), set by a province admin; without a row the
    province issues under its own name and a seal drawn from that name (services.issuer_of)."""

    __tablename__ = "certificate_issuer"

    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), primary_key=True)
    issuing_body: Mapped[str | None] = mapped_column(String(120))
    # A PNG with transparency, checked by rules.check_seal; None: a round red seal drawn from the body's name.
    seal_png: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
