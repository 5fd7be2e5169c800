"""The survey pages' forms: a survey's settings, one question, and the answer form's CSRF token (its questions are
read from the request: their number and kinds are the survey's)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateTimeLocalField, HiddenField, IntegerField, SelectField, StringField,
                     TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

KIND_LABELS = {"single": _l("Single choice"), "multiple": _l("Multiple choice"), "scale": _l("Scale"),
               "text": _l("Free text")}
AUDIENCE_LABELS = {"learners": _l("Learners"), "tutors": _l("Tutors"), "admins": _l("Admins")}
TARGET_LABELS = {"batch": _l("Batch"), "class": _l("Class"), "unit": _l("Org unit")}


class SurveyForm(FlaskForm):
    template = HiddenField()
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    intro = TextAreaField(_l("Introduction"), validators=[Optional(), Length(max=5000)])
    anonymous = BooleanField(_l("Anonymous: answers are stored without the respondent's name"), default=True)
    opens_at = DateTimeLocalField(_l("Opens"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    closes_at = DateTimeLocalField(_l("Closes"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    target_id = SelectField(_l("Addressed to"), choices=[], validate_choice=False, validators=[DataRequired()])
    audience = SelectField(_l("Who answers"), choices=list(AUDIENCE_LABELS.items()), validators=[DataRequired()])


class QuestionForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=list(KIND_LABELS.items()), validators=[DataRequired()])
    prompt = StringField(_l("Question"), validators=[DataRequired(), Length(max=500)])
    required = BooleanField(_l("An answer is required"), default=True)
    options = TextAreaField(_l("Options, one a line (choice questions)"), validators=[Optional(), Length(max=5000)])
    min_picks = IntegerField(_l("Fewest picks (multiple choice, optional)"),
                             validators=[Optional(), NumberRange(min=1, max=20)])
    max_picks = IntegerField(_l("Most picks (multiple choice, optional)"),
                             validators=[Optional(), NumberRange(min=1, max=20)])
    scale_min = IntegerField(_l("Scale from"), default=1, validators=[Optional(), NumberRange(min=0, max=10)])
    scale_max = IntegerField(_l("Scale to"), default=5, validators=[Optional(), NumberRange(min=0, max=10)])
    scale_min_label = StringField(_l("Label of the low end"), validators=[Optional(), Length(max=50)])
    scale_max_label = StringField(_l("Label of the high end"), validators=[Optional(), Length(max=50)])
    max_length = IntegerField(_l("Most characters (free text)"), default=500,
                              validators=[Optional(), NumberRange(min=1, max=5000)])

    def values(self) -> dict:
        return {"kind": self.kind.data, "prompt": self.prompt.data, "required": self.required.data,
                "options": [line.strip() for line in (self.options.data or "").splitlines() if line.strip()],
                **{k: getattr(self, k).data for k in ("min_picks", "max_picks", "scale_min", "scale_max",
                                                      "scale_min_label", "scale_max_label", "max_length")}}


class AnswerForm(FlaskForm):
    """The CSRF token; each question's answer is the field ``q<question id>``."""
