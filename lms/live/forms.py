"""Live sessions' forms: schedule a session, book, the calendar."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

FORM_LABELS = {"lecture": _l("Live lecture (60–90 min)"), "one_to_one": _l("One-to-one (10–60 min)"),
               "review": _l("Open lesson review (at least 45 min)")}


class SessionForm(FlaskForm):
    form = SelectField(_l("Form"), choices=list(FORM_LABELS.items()), validators=[DataRequired()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5_000)])
    starts_at = DateTimeLocalField(_l("Starts"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    ends_at = DateTimeLocalField(_l("Ends"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    capacity = IntegerField(_l("Seats (empty: 200 for a lecture, 1 otherwise)"),
                            validators=[Optional(), NumberRange(min=1, max=2_000)])
    host_id = IntegerField(_l("Host's user number (admins: a tutor of your area; empty: yourself)"),
                           validators=[Optional(), NumberRange(min=1, max=2_000_000_000)])


class CancelForm(FlaskForm):
    reason = TextAreaField(_l("Reason (optional, told to those who booked)"),
                           validators=[Optional(), Length(max=500)])


class DayForm(FlaskForm):
    day = DateField(_l("Day"), validators=[DataRequired()])
    kind = SelectField(_l("Kind"), choices=[("holiday", _l("Holiday (all-day service hours)")),
                                            ("workday", _l("Worked weekend day (evening service hours)"))])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=100)])


class TermForm(FlaskForm):
    name = StringField(_l("Term"), validators=[DataRequired(), Length(max=100)])
    starts_on = DateField(_l("First day"), validators=[DataRequired()])
    ends_on = DateField(_l("Last day"), validators=[DataRequired()])


SATISFACTION_LABELS = {"very_satisfied": _l("Very satisfied"), "satisfied": _l("Satisfied"),
                       "neutral": _l("Neither satisfied nor dissatisfied"), "dissatisfied": _l("Dissatisfied"),
                       "very_dissatisfied": _l("Very dissatisfied")}


class FeedbackForm(FlaskForm):
    rating = SelectField(_l("Rating"), choices=[(str(n), str(n)) for n in (5, 4, 3, 2, 1)],
                         validators=[DataRequired()])
    satisfaction = SelectField(_l("Satisfaction with the service"), choices=list(SATISFACTION_LABELS.items()),
                               validators=[DataRequired()])
    reflection = TextAreaField(_l("What you gained, your reflections and suggestions (at least 200 characters)"),
                               validators=[DataRequired(), Length(max=10_000)])


class ReportForm(FlaskForm):
    body = TextAreaField(_l("The review report: what the lesson showed, its strengths, what to improve (at least 200 "
                            "characters)"), validators=[DataRequired(), Length(max=20_000)])


class ConfirmForm(FlaskForm):
    """A button that changes something: the CSRF token alone."""
