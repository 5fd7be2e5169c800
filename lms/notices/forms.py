"""The message centre's forms."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField

from lms.notices import rules


class PreferencesForm(FlaskForm):
    """The kinds wanted, as checkboxes named ``wanted``; the kinds that cannot be turned off are not sent."""
    wanted = SelectMultipleField(choices=[(kind, kind) for kind in rules.KINDS], validate_choice=True)
    # The kinds also by e-mail, checkboxes named ``email`` (shown only where the user can have e-mail).
    email = SelectMultipleField(choices=[(kind, kind) for kind in rules.KINDS], validate_choice=True)
