"""Students' tutoring forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

KIND_LABELS = {"one_to_one": _l("One-to-one"), "group": _l("One-to-many")}
STATUS_LABELS = {"open": _l("open"), "cancelled": _l("cancelled"), "ended": _l("ended")}


class OfferForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=list(KIND_LABELS.items()), validators=[DataRequired()])
    topic = StringField(_l("Topic"), validators=[DataRequired(), Length(max=200)])
    subject = StringField(_l("Subject"), validators=[Optional(), Length(max=32)])
    starts_at = DateTimeLocalField(_l("Starts"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    minutes = IntegerField(_l("Minutes (10–60)"), validators=[DataRequired(), NumberRange(min=10, max=60)])
    capacity = IntegerField(_l("Students (one-to-many: at most 10)"),
                            validators=[Optional(), NumberRange(min=1, max=10)])


class AskForm(FlaskForm):
    subject = StringField(_l("Subject"), validators=[Optional(), Length(max=32)])
    question = TextAreaField(_l("What do you need help with?"), validators=[DataRequired(), Length(max=2_000)])
    image = FileField(_l("A photo of the problem (optional: jpg, png, gif, webp, at most 5 MB)"))


class RateForm(FlaskForm):
    rating = SelectField(_l("Your rating of the tutor (5: best)"), choices=[(str(n), str(n)) for n in (5, 4, 3, 2, 1)],
                         validators=[DataRequired()])


class ScoreForm(FlaskForm):
    student_id = IntegerField(validators=[DataRequired()])
    score = IntegerField(_l("Score (out of 10)"), validators=[InputRequired(message=_l("Give a score.")),
                                                             NumberRange(min=0, max=10)])


class ReportForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2_000)])
    session_id = IntegerField(validators=[Optional()])


class ConfirmForm(FlaskForm):
    """A button that changes something: the CSRF token alone."""


class DisqualifyForm(FlaskForm):
    """Revoke a tutor's qualification (B17): the tutors the admin decides for are the choices."""
    # The choices are the page's (the area's tutors); the service decides who may be revoked.
    person_id = SelectField(_l("Tutor"), coerce=int, validate_choice=False, validators=[DataRequired()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2_000)])
