"""A notice (its kind and parameters: the words are made in the reader's language when read), the kinds a
user turned off, and the kinds a user also wants by e-mail (lms/notices/mail.py)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.db import Base, UTCDateTime


class Notice(Base):
    __tablename__ = "notice"
    __table_args__ = (
        Index("ix_notice_user_created", "user_id", "created_at"),
        Index("ix_notice_user_unread", "user_id", "read_at"),
        # A reminder is sent once per subject: rerunning the periodic work sends nothing new.
        UniqueConstraint("user_id", "key"),
        Index("ix_notice_email_state", "email_state"),  # the periodic retry looks for failed mails
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    key: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The e-mail copy (lms/notices/mail.py): None (none wanted), pending, sent or failed; tries are bounded.
    email_state: Mapped[str | None] = mapped_column(String(10))
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_error: Mapped[str | None] = mapped_column(String(300))
    email_attempts: Mapped[int] = mapped_column(default=0, server_default="0")


class NoticePreference(Base):
    """A kind the user turned off (no row: the kind is wanted)."""
    __tablename__ = "notice_preference"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)


class NoticeMail(Base):
    """The kinds a user also wants by e-mail (none without a row), and the language of those mails (the one the
    user's session had when it chose)."""
    __tablename__ = "notice_mail"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    language: Mapped[str] = mapped_column(String(10), default="zh_CN", server_default="zh_CN")
