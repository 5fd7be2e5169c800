"""The forms of the evaluation pages: open a project's round, the self-evaluation, the outside evaluation, return
for revision, ask an evaluator."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from lms.evaluations import rules


class OpenForm(FlaskForm):
    project_id = SelectField(_l("Project"), coerce=int, validators=[DataRequired()], validate_choice=False)


def _score(label):
    return IntegerField(label, validators=[Optional(), NumberRange(rules.SCORE_MIN, rules.SCORE_MAX)])


def _text(label):
    return TextAreaField(label, validators=[Optional(), Length(max=10_000)])


class DimensionsForm(FlaskForm):
    """The four dimensions of 004 L162 (the services say which are required)."""
    progress_score = _score(_l("Progress of the project: score (0–100)"))
    progress_text = _text(_l("Progress of the project: assessment"))
    measures_score = _score(_l("Practices and measures: score (0–100)"))
    measures_text = _text(_l("Practices and measures: assessment"))
    innovation_score = _score(_l("Innovation and experience: score (0–100)"))
    innovation_text = _text(_l("Innovation and experience: assessment"))
    performance_score = _score(_l("Problems and performance: score (0–100)"))
    performance_text = _text(_l("Problems and performance: assessment"))

    def split(self) -> tuple[dict, dict]:
        return ({d: getattr(self, f"{d}_score").data for d in rules.DIMENSIONS},
                {d: getattr(self, f"{d}_text").data for d in rules.DIMENSIONS})


class ReviewForm(DimensionsForm):
    """The outside evaluation's fields beside the self-evaluation's on one page: named apart."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="review", **kwargs)


class ReturnForm(FlaskForm):
    reason = StringField(_l("What should be revised"), validators=[DataRequired(), Length(max=500)])


class AssignForm(FlaskForm):
    user_id = SelectField(_l("Outside evaluator"), coerce=int, validators=[DataRequired()], validate_choice=False)
