"""WTForms of the enrollment pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length


class ConfirmForm(FlaskForm):
    """A button that changes state: only the CSRF token."""


class ReplaceForm(FlaskForm):
    # The choices are the school's teachers when the page shows it; the service checks the one posted.
    teacher_id = SelectField(_l("Replace with"), coerce=int, validate_choice=False,
                             validators=[DataRequired(message=_l("Choose a teacher of the school."))])


class WaiverForm(FlaskForm):
    username = StringField(_l("Teacher's username"), validators=[DataRequired(), Length(max=64)])
    reason = StringField(_l("Reason (kept on record)"), validators=[DataRequired(), Length(min=2, max=500)])
