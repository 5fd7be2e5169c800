"""WTForms of the enrollment pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length


class ConfirmForm(FlaskForm):
    """A button that changes state: only the CSRF token."""


class ReplaceForm(FlaskForm):
    teacher_id = SelectField(_l("Replace with"), coerce=int, validators=[DataRequired()])


class WaiverForm(FlaskForm):
    username = StringField(_l("Teacher's username"), validators=[DataRequired(), Length(max=64)])
    reason = StringField(_l("Reason (kept on record)"), validators=[DataRequired(), Length(min=2, max=500)])
