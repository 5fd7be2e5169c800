"""Grading forms: the project's policy and a tutor's recommendation."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import Length, NumberRange, Optional


def _points(label):
    return IntegerField(label, validators=[NumberRange(0, 100)])


def _optional_points(label):
    return IntegerField(label, validators=[Optional(), NumberRange(0, 100)])


class GradingPolicyForm(FlaskForm):
    study_points = _points(_l("Study time points"))
    objective_points = _points(_l("Objective question points"))
    subjective_points = _points(_l("Written assignment points"))
    excellent_work_points = _points(_l("Excellent work points"))
    interaction_points = _points(_l("Interaction points"))
    topic_points = _points(_l("of which: forum topics"))
    reply_points = _points(_l("of which: forum replies"))
    qa_points = _points(_l("of which: expert Q&A"))
    topics_target = _points(_l("Counted topics for full topic points"))
    replies_target = _points(_l("Counted replies for full reply points"))
    qa_target = _points(_l("Q&A sessions for full Q&A points"))
    # Activities and featured posts (empty: kept as they are).
    live_minutes_per_hour = IntegerField(_l("Study minutes per attended hour of a live or practice activity"),
                                         validators=[Optional(), NumberRange(0, 120)])
    activity_study_cap_minutes = IntegerField(_l("At most this many study minutes from activities"),
                                              validators=[Optional(), NumberRange(0, 6000)])
    offline_activity_points = _optional_points(_l("Interaction points per offline discussion or guidance attended"))
    activity_points_cap = _optional_points(_l("At most this many points from offline activities"))
    featured_post_points = _optional_points(_l("Interaction points per featured post"))
    featured_points_cap = _optional_points(_l("At most this many points from featured posts"))
    pass_mark = _points(_l("Pass mark"))
    outstanding_mark = _points(_l("Outstanding mark"))
    min_post_chars = IntegerField(_l("Minimum characters for a post to count"), validators=[NumberRange(0, 2000)])
    close_days = IntegerField(_l("Grades become final this many days after the batch ends"),
                              validators=[NumberRange(0, 365)])
    first_percent = IntegerField(_l("Outstanding learner: finished among the first percent of the class"),
                                 validators=[Optional(), NumberRange(0, 100)])
    early_days = IntegerField(_l("Outstanding learner: or finished within days of the batch's start (0: off)"),
                              validators=[Optional(), NumberRange(0, 365)])
    extra_interactions = IntegerField(_l("Outstanding learner: posts and Q&A beyond the interaction targets"),
                                      validators=[Optional(), NumberRange(0, 100)])
    reason = StringField(_l("Reason for the change"), validators=[Optional(), Length(max=500)],
                         description=_l("Required once the first batch has started; kept in the log and shown on "
                                        "the project page."))


class RecommendForm(FlaskForm):
    note = StringField(_l("Why (required when a criterion is not met)"), validators=[Optional(), Length(max=500)])
