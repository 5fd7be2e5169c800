"""Surveys and questionnaires (docs/SURVEYS.md; 004 L57, L90, L162-164; C5): a survey, its questions, the
responses and their answers, and the "has answered" marker that keeps anonymous answers unlinked."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.db import Base, UTCDateTime
from lms.org.models import OrgUnit, User
from lms.projects.models import Batch, TrainingClass


class Survey(Base):
    """A questionnaire: written by an admin (or a tutor for its own classes), addressed to a batch, a class or a
    level of the org tree, open between two moments once published (its questions frozen from then on)."""

    __tablename__ = "survey"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'published', 'closed')", name="status"),
        CheckConstraint("target_kind IN ('batch', 'class', 'unit')", name="target_kind"),
        CheckConstraint("audience IN ('learners', 'tutors', 'admins')", name="audience"),
        CheckConstraint("closes_at > opens_at", name="window"),
        # Exactly the target's own column is set.
        CheckConstraint("(target_kind = 'batch' AND target_batch_id IS NOT NULL AND target_class_id IS NULL "
                        "AND target_unit_id IS NULL) OR (target_kind = 'class' AND target_class_id IS NOT NULL "
                        "AND target_batch_id IS NULL AND target_unit_id IS NULL) OR (target_kind = 'unit' AND "
                        "target_unit_id IS NOT NULL AND target_batch_id IS NULL AND target_class_id IS NULL)",
                        name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    intro: Mapped[str | None] = mapped_column(Text)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The unit whose admins (and those above) manage the survey and see its results: the author's area.
    owner_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    target_kind: Mapped[str] = mapped_column(String(16))
    audience: Mapped[str] = mapped_column(String(16), default="learners")
    target_batch_id: Mapped[int | None] = mapped_column(ForeignKey("batch.id", ondelete="CASCADE"), index=True)
    target_class_id: Mapped[int | None] = mapped_column(ForeignKey("training_class.id", ondelete="CASCADE"),
                                                        index=True)
    target_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    # An admin's survey addresses only people of its own subtree; a tutor's addresses its whole class.
    area_limited: Mapped[bool] = mapped_column(Boolean, default=True)
    template: Mapped[str | None] = mapped_column(String(32))  # the built-in template it started from
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    questions: Mapped[list[SurveyQuestion]] = relationship(
        back_populates="survey", order_by="SurveyQuestion.position", cascade="all, delete-orphan")
    owner_unit: Mapped[OrgUnit] = relationship(foreign_keys=[owner_unit_id], lazy="joined")
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    target_batch: Mapped[Batch | None] = relationship(foreign_keys=[target_batch_id])
    target_class: Mapped[TrainingClass | None] = relationship(foreign_keys=[target_class_id])
    target_unit: Mapped[OrgUnit | None] = relationship(foreign_keys=[target_unit_id])


class SurveyQuestion(Base):
    __tablename__ = "survey_question"
    __table_args__ = (
        UniqueConstraint("survey_id", "position"),
        CheckConstraint("kind IN ('single', 'multiple', 'scale', 'text')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    prompt: Mapped[str] = mapped_column(String(500))
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    options: Mapped[list[str]] = mapped_column(JSON, default=list)
    min_picks: Mapped[int | None]
    max_picks: Mapped[int | None]
    scale_min: Mapped[int | None]
    scale_max: Mapped[int | None]
    scale_min_label: Mapped[str | None] = mapped_column(String(50))
    scale_max_label: Mapped[str | None] = mapped_column(String(50))
    max_length: Mapped[int | None]

    survey: Mapped[Survey] = relationship(back_populates="questions")


class SurveyResponse(Base):
    """One respondent's answers. For an anonymous survey neither the user nor the moment is kept: only the
    ``SurveyParticipation`` marker says that someone answered."""

    __tablename__ = "survey_response"
    __table_args__ = (UniqueConstraint("survey_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    answers: Mapped[list[SurveyAnswer]] = relationship(cascade="all, delete-orphan")
    user: Mapped[User | None] = relationship()


class SurveyAnswer(Base):
    """One question's answer: an option index, a list of them, a point of the scale or a text (in ``value``)."""

    __tablename__ = "survey_answer"
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_response.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_question.id", ondelete="CASCADE"), index=True)
    value: Mapped[Any] = mapped_column(JSON)


class SurveyParticipation(Base):
    """Who has answered (once each): kept apart from the responses so an anonymous answer names nobody."""

    __tablename__ = "survey_participation"

    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)
