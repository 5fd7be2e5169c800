"""WTForms of the expert pool and course review pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from lms.experts import rules
from lms.projects.forms import STAGES


class ProfileForm(FlaskForm):
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=32)])
    stage = SelectField(_l("Stage"), choices=STAGES)
    title = StringField(_l("Professional title"), validators=[DataRequired(), Length(max=64)])
    organisation = StringField(_l("Organisation"), validators=[DataRequired(), Length(max=200)])
    specialty = StringField(_l("Specialty"), validators=[Optional(), Length(max=200)])
    introduction = TextAreaField(_l("Introduction"), validators=[Optional(), Length(max=5000)])


class AddExpertForm(ProfileForm):
    username = StringField(_l("Username of the account"), validators=[DataRequired(), Length(max=64)])


class SubmitForm(FlaskForm):
    note = StringField(_l("Note to the reviewers"), validators=[Optional(), Length(max=500)])


class AssignForm(FlaskForm):
    profile_ids = SelectMultipleField(_l("Experts"), coerce=int, validators=[DataRequired()])


SCORES = [(str(n), str(n)) for n in range(rules.SCORE_MAX, rules.SCORE_MIN - 1, -1)]


class EvaluationForm(FlaskForm):
    accuracy = IntegerField(_l("Scientific accuracy (1–5)"), validators=[DataRequired(), NumberRange(1, 5)])
    curriculum_fit = IntegerField(_l("Fit to the curriculum (1–5)"), validators=[DataRequired(), NumberRange(1, 5)])
    production = IntegerField(_l("Production quality (1–5)"), validators=[DataRequired(), NumberRange(1, 5)])
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=5000)])
    verdict = RadioField(_l("Conclusion"), choices=[("approve", _l("Approve")), ("revise", _l("Ask for revision"))],
                         validators=[DataRequired()])
