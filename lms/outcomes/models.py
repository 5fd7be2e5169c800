"""Training outcomes (研修成果, 004 L91, L119) and the notes a school's teaching-research group keeps on them while
preparing lessons together (集体备课, 004 L82-83)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.db import Base, UTCDateTime
from lms.outcomes.rules import KINDS, STATES

_kinds_sql = ", ".join(f"'{k}'" for k in KINDS)
_states_sql = ", ".join(f"'{s}'" for s in STATES)


class Outcome(Base):
    """One outcome of a learner's training, handed in to its school: a file or one of its written assignments.
    Subject and stage are the learner's (the teaching-research group it belongs to), copied when handed in."""

    __tablename__ = "outcome"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_kinds_sql})", name="kind_known"),
        CheckConstraint(f"state IN ({_states_sql})", name="state_known"),
        # Exactly one content: a file or a written assignment.
        CheckConstraint("(file_name IS NOT NULL AND submission_id IS NULL) OR "
                        "(file_name IS NULL AND submission_id IS NOT NULL)", name="one_content"),
        CheckConstraint("file_size IS NULL OR file_size > 0", name="file_size_positive"),
        Index("ix_outcome_showcase", "state", "batch_id"),
        Index("ix_outcome_school_subject", "school_id", "subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"), index=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    class_id: Mapped[int] = mapped_column(ForeignKey("training_class.id"), index=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batch.id", ondelete="CASCADE"))
    subject: Mapped[str | None] = mapped_column(String(32))
    stage: Mapped[str | None] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    description: Mapped[str | None] = mapped_column(Text)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"), unique=True)
    file_name: Mapped[str | None] = mapped_column(String(200))
    content_type: Mapped[str | None] = mapped_column(String(100))
    file_size: Mapped[int | None]
    # The file's key in the media storage (lms.projects.media), never its bytes.
    file_key: Mapped[str | None] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default="submitted")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The school's review
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    return_reason: Mapped[str | None] = mapped_column(String(500))
    # The tutor's recommendation
    recommended_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    recommended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recommendation_note: Mapped[str | None] = mapped_column(String(500))
    # The province's decision
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    showcased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decline_reason: Mapped[str | None] = mapped_column(String(500))

    learner = relationship("User", foreign_keys=[learner_id], lazy="joined")
    school = relationship("OrgUnit", foreign_keys=[school_id], lazy="joined")
    training_class = relationship("TrainingClass", foreign_keys=[class_id], lazy="joined")
    submission = relationship("Submission", foreign_keys=[submission_id])


class OutcomeNote(Base):
    """A note of a school's teaching-research group on an outcome: how it was used in lesson preparation. Each
    school's group sees its own notes."""

    __tablename__ = "outcome_note"
    __table_args__ = (Index("ix_outcome_note_group", "school_id", "outcome_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcome.id", ondelete="CASCADE"))
    school_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    author = relationship("User", foreign_keys=[author_id], lazy="joined")
