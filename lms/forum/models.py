"""The class forum (论坛): topics and replies in one table, and expert Q&A sessions (在线答疑)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.db import Base, UTCDateTime

NOT_COUNTED_REASONS = ("too_short", "duplicate", "hidden", "not_learner")


class ForumPost(Base):
    """A topic (``topic_id`` empty, with a title) or a reply to one.

    One table so that featuring, hiding and counting treat both alike. ``counts`` is decided when the
    post is written (length, near-duplicate) and cleared when a tutor hides it.
    """

    __tablename__ = "forum_post"
    __table_args__ = (
        CheckConstraint("(topic_id IS NULL) = (title IS NOT NULL)", name="topic_has_title"),
        Index("ix_forum_post_class_topic", "class_id", "topic_id", "pinned", "last_activity_at"),
        Index("ix_forum_post_enrollment_counts", "enrollment_id", "counts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("training_class.id", ondelete="CASCADE"))
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("forum_post.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    # The author's enrollment when a learner wrote it: what grading counts; empty for tutors.
    enrollment_id: Mapped[int | None] = mapped_column(ForeignKey("enrollment.id", ondelete="SET NULL"))
    title: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    counts: Mapped[bool] = mapped_column(default=False)
    not_counted_reason: Mapped[str | None] = mapped_column(String(16))
    featured: Mapped[bool] = mapped_column(default=False)
    pinned: Mapped[bool] = mapped_column(default=False)
    hidden: Mapped[bool] = mapped_column(default=False)
    reply_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime)

    author = relationship("User", lazy="joined")
    training_class = relationship("TrainingClass", viewonly=True)

    def to_dict(self, *, with_counting: bool) -> dict:
        data = {"id": self.id, "class_id": self.class_id, "topic_id": self.topic_id, "title": self.title,
                "body": self.body, "author": {"id": self.author_id, "name": self.author.name},
                "featured": self.featured, "pinned": self.pinned, "hidden": self.hidden,
                "reply_count": self.reply_count, "created_at": self.created_at.isoformat(),
                "last_activity_at": self.last_activity_at.isoformat()}
        if with_counting:  # the author and the tutors see whether it earns interaction points
            data.update(counts=self.counts, not_counted_reason=self.not_counted_reason)
        return data


qa_session_expert = Table(
    "qa_session_expert", Base.metadata,
    Column("session_id", ForeignKey("qa_session.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_qa_session_expert_user_id", "user_id"),
)


class QaSession(Base):
    """A scheduled expert Q&A for one class; learners ask only while it runs."""

    __tablename__ = "qa_session"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),
                      Index("ix_qa_session_class_starts", "class_id", "starts_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("training_class.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    experts = relationship("User", secondary=qa_session_expert, lazy="selectin", order_by="User.id")
    training_class = relationship("TrainingClass", viewonly=True)

    def to_dict(self) -> dict:
        return {"id": self.id, "class_id": self.class_id, "title": self.title,
                "starts_at": self.starts_at.isoformat(), "ends_at": self.ends_at.isoformat(),
                "experts": [{"id": e.id, "name": e.name} for e in self.experts]}


class QaQuestion(Base):
    """A learner's question in a session and an expert's (or tutor's) answer; asking is participation, and so is
    another learner's answer to it (QaLearnerAnswer)."""

    __tablename__ = "qa_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("qa_session.id", ondelete="CASCADE"), index=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author = relationship("User", foreign_keys=[author_id], lazy="joined")
    answered_by = relationship("User", foreign_keys=[answered_by_id], lazy="joined")
    qa_session = relationship("QaSession", viewonly=True)
    learner_answers = relationship("QaLearnerAnswer", lazy="selectin", order_by="QaLearnerAnswer.id",
                                   viewonly=True)

    def to_dict(self) -> dict:
        return {"id": self.id, "session_id": self.session_id, "body": self.body,
                "author": {"id": self.author_id, "name": self.author.name},
                "created_at": self.created_at.isoformat(), "answer": self.answer,
                "answered_by": {"id": self.answered_by_id, "name": self.answered_by.name}
                if self.answered_by_id else None,
                "answered_at": self.answered_at.isoformat() if self.answered_at else None,
                "learner_answers": [a.to_dict() for a in self.learner_answers]}


class QaLearnerAnswer(Base):
    """Another learner of the class answering a question while the session runs: taking part, like asking
    (004 L155 "参与…在线答疑")."""

    __tablename__ = "qa_learner_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("qa_question.id", ondelete="CASCADE"), index=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    author = relationship("User", lazy="joined")

    def to_dict(self) -> dict:
        return {"id": self.id, "body": self.body, "author": {"id": self.author_id, "name": self.author.name},
                "created_at": self.created_at.isoformat()}
