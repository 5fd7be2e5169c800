"""The province's confirmation of a commendation list."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length, Optional


class ConfirmForm(FlaskForm):
    """The learners ticked are read from the ``enrollment_id`` checkboxes (any number of them)."""

    note = StringField(_l("Note (optional)"), validators=[Optional(), Length(max=500)])
