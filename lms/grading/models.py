"""Per-project grading settings and each enrollment's stored grade (J13, J14)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.db import Base, UTCDateTime

# Activities and featured posts (004 L135, L153-156): what they earn, lms.activities.rules.
ACTIVITY_FIELDS = ("live_minutes_per_hour", "activity_study_cap_minutes", "offline_activity_points",
                   "activity_points_cap", "featured_post_points", "featured_points_cap")
# The numeric fields of rules.GradingPolicy that a project stores (same names).
POLICY_FIELDS = ("study_points", "objective_points", "subjective_points", "excellent_work_points",
                 "interaction_points", "pass_mark", "outstanding_mark", "topic_points", "reply_points",
                 "qa_points", "topics_target", "replies_target", "qa_target") + ACTIVITY_FIELDS
DEFAULT_MIN_POST_CHARS = 20
DEFAULT_CLOSE_DAYS = 7
# The outstanding learner's criteria (rules.CommendationPolicy): settable per project beside the grading policy.
COMMENDATION_FIELDS = ("first_percent", "early_days", "extra_interactions")


class GradingSettings(Base):
    """A project's grading policy; a project without a row uses rules.GradingPolicy's defaults.

    Fixed once the project's first batch starts: learners must be graded by the rules they began under.
    """

    __tablename__ = "grading_policy"
    __table_args__ = (CheckConstraint("min_post_chars >= 0", name="min_post_chars_non_negative"),
                      CheckConstraint("close_days >= 0", name="close_days_non_negative"))

    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), primary_key=True)
    study_points: Mapped[int] = mapped_column(default=50)
    objective_points: Mapped[int] = mapped_column(default=10)
    subjective_points: Mapped[int] = mapped_column(default=20)
    excellent_work_points: Mapped[int] = mapped_column(default=2)
    interaction_points: Mapped[int] = mapped_column(default=18)
    pass_mark: Mapped[int] = mapped_column(default=80)
    outstanding_mark: Mapped[int] = mapped_column(default=90)
    topic_points: Mapped[int] = mapped_column(default=6)
    reply_points: Mapped[int] = mapped_column(default=8)
    qa_points: Mapped[int] = mapped_column(default=4)
    topics_target: Mapped[int] = mapped_column(default=1)
    replies_target: Mapped[int] = mapped_column(default=3)
    qa_target: Mapped[int] = mapped_column(default=1)
    # Minutes of study time per attended hour of a live lecture or practice session, up to a cap per learner.
    live_minutes_per_hour: Mapped[int] = mapped_column(default=60, server_default="60")
    activity_study_cap_minutes: Mapped[int] = mapped_column(default=240, server_default="240")
    # Interaction points per attended offline discussion or guidance, up to a cap per learner.
    offline_activity_points: Mapped[int] = mapped_column(default=2, server_default="2")
    activity_points_cap: Mapped[int] = mapped_column(default=6, server_default="6")
    # 精华帖: interaction points per featured post, up to a cap per learner.
    featured_post_points: Mapped[int] = mapped_column(default=2, server_default="2")
    featured_points_cap: Mapped[int] = mapped_column(default=4, server_default="4")
    # A forum post shorter than this (countable characters) earns no interaction points.
    min_post_chars: Mapped[int] = mapped_column(default=DEFAULT_MIN_POST_CHARS)
    # Grades freeze this many whole days after the batch ends (late reviews land before that).
    close_days: Mapped[int] = mapped_column(default=DEFAULT_CLOSE_DAYS)
    # 率先完成: among the first this many percent of the class to finish all required study …
    first_percent: Mapped[int] = mapped_column(default=30, server_default="30")
    # … or finished within this many days of the batch's start (0: this way is off).
    early_days: Mapped[int] = mapped_column(default=0, server_default="0")
    # Active beyond the minimum: this many counted posts or Q&A sessions more than full interaction points need.
    extra_interactions: Mapped[int] = mapped_column(default=2, server_default="2")
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Grade(Base):
    """An enrollment's computed grade; recomputed when an input changes, never once ``final``."""

    __tablename__ = "grade"
    __table_args__ = (Index("ix_grade_class_total", "class_id", "total"),
                      CheckConstraint("total >= 0 AND total <= 100", name="total_range"))

    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollment.id", ondelete="CASCADE"), primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("training_class.id", ondelete="CASCADE"))
    total: Mapped[float] = mapped_column(Numeric(5, 2, asdecimal=False))
    passed: Mapped[bool] = mapped_column(default=False)
    excellent: Mapped[bool] = mapped_column(default=False)
    plagiarism: Mapped[bool] = mapped_column(default=False)
    final: Mapped[bool] = mapped_column(default=False)
    components: Mapped[dict[str, Any]] = mapped_column(JSON)
    hints: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    frozen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # J14: outstanding learner = total ≥ outstanding mark and a tutor's recommendation.
    recommended: Mapped[bool] = mapped_column(default=False)
    recommended_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    recommendation_note: Mapped[str | None] = mapped_column(String(500))

    def to_dict(self) -> dict:
        return {"enrollment_id": self.enrollment_id, "total": self.total, "passed": self.passed,
                "excellent": self.excellent, "plagiarism": self.plagiarism, "final": self.final,
                "components": self.components, "recommended": self.recommended,
                "computed_at": self.computed_at.isoformat()}
