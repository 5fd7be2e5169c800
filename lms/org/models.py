"""Org units (province → city → county → school), users, their roles and API tokens."""
from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core import scope
from lms.core.db import Base, UTCDateTime
from lms.org.rules import TITLE_GRADES

_levels_sql = ", ".join(f"'{level}'" for level in scope.LEVELS)
_titles_sql = ", ".join(f"'{grade}'" for grade in TITLE_GRADES)
_roles_sql = ", ".join(f"'{role}'" for role in scope.ROLES)


class OrgUnit(Base):
    __tablename__ = "org_unit"
    __table_args__ = (
        CheckConstraint(f"level IN ({_levels_sql})", name="level_known"),
        CheckConstraint("teacher_count >= 0", name="teacher_count_non_negative"),
        # Only the province has no parent.
        CheckConstraint("(level = 'province') = (parent_id IS NULL)", name="parent_matches_level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    level: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    code: Mapped[str | None] = mapped_column(String(32), unique=True)
    teacher_count: Mapped[int] = mapped_column(default=0)
    # A school's kind or stage as the province lists it (小学, 初中, 九年一贯制…); free text, set by the import.
    kind: Mapped[str | None] = mapped_column(String(32))
    # Ancestor ids at every level, this unit's own included: subtree filters are one equality.
    province_id: Mapped[int | None] = mapped_column(index=True)
    city_id: Mapped[int | None] = mapped_column(index=True)
    county_id: Mapped[int | None] = mapped_column(index=True)
    school_id: Mapped[int | None] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    parent: Mapped[OrgUnit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[OrgUnit]] = relationship(back_populates="parent", order_by="OrgUnit.code, OrgUnit.id")

    def ancestor_ids(self) -> list[int]:
        """Ids from the province down to this unit."""
        ids = [getattr(self, scope.ancestor_column(level)) for level in scope.LEVELS]
        return [i for i in ids if i is not None]

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "level": self.level, "parent_id": self.parent_id,
                "code": self.code, "teacher_count": self.teacher_count, "kind": self.kind}


class User(UserMixin, Base):
    __tablename__ = "user"
    __table_args__ = (CheckConstraint(f"title_grade IN ({_titles_sql})", name="title_grade_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    email: Mapped[str | None] = mapped_column(String(254))
    subject: Mapped[str | None] = mapped_column(String(32))
    stage: Mapped[str | None] = mapped_column(String(16))
    # 正高级/特级 senior, 市级学科带头人/骨干 leader, other: a tutor's fee coefficient (docs/LIVE.md).
    title_grade: Mapped[str] = mapped_column(String(10), default="other", server_default="other")
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # Deactivated (离职, 调出省外…): no sign-in, no token; every record of the person is kept.
    is_active_account: Mapped[bool] = mapped_column(default=True)
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    # Bumped on password change: signs out every other browser session.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    org_unit: Mapped[OrgUnit] = relationship(lazy="joined")
    role_assignments: Mapped[list[RoleAssignment]] = relationship(
        back_populates="user", cascade="all, delete-orphan", foreign_keys="RoleAssignment.user_id")

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.is_active_account

    def get_id(self) -> str:  # Flask-Login: the version makes old sessions invalid
        return f"{self.id}:{self.session_version}"

    @property
    def roles(self) -> list[str]:
        return [a.role for a in self.role_assignments]

    def has_role(self, *roles: str) -> bool:
        return any(a.role in roles for a in self.role_assignments)

    @property
    def is_admin(self) -> bool:
        return any(a.role in scope.ADMIN_ROLE_LEVEL for a in self.role_assignments)

    def to_dict(self) -> dict:
        return {"id": self.id, "username": self.username, "name": self.name, "phone": self.phone,
                "email": self.email, "subject": self.subject, "stage": self.stage, "title_grade": self.title_grade,
                "org_unit_id": self.org_unit_id, "roles": [{"role": a.role, "org_unit_id": a.org_unit_id} for a in self.role_assignments],
                "locked": self.locked_until is not None, "active": self.is_active_account,
                "deactivated_at": self.deactivated_at.isoformat() if self.deactivated_at else None}


class RoleAssignment(Base):
    __tablename__ = "role_assignment"
    __table_args__ = (
        UniqueConstraint("user_id", "role", "org_unit_id"),
        CheckConstraint(f"role IN ({_roles_sql})", name="role_known"),
        Index("ix_role_assignment_unit_role", "org_unit_id", "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))

    user: Mapped[User] = relationship(back_populates="role_assignments", foreign_keys=[user_id])
    org_unit: Mapped[OrgUnit] = relationship(lazy="joined")


class ApiToken(Base):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    # sha256 of the token: a stolen database does not yield usable tokens.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    user: Mapped[User] = relationship()


class SignInThrottle(Base):
    """Failed sign-ins counted per account+address, per address and per account (lms.org.throttle).

    Keyed on the name as typed, not the user row: unknown names are counted the same, so a refusal
    never tells whether an account exists.
    """
    __tablename__ = "sign_in_throttle"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    # The name tried, so unlocking an account clears all of its counters.
    username: Mapped[str | None] = mapped_column(String(64), index=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_started: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
