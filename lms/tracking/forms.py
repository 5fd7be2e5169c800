"""The project's study-time settings form."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField, StringField
from wtforms.validators import Length, NumberRange, Optional


class TrackingPolicyForm(FlaskForm):
    max_gap_seconds = IntegerField(_l("Heartbeat gap limit (seconds)"), validators=[NumberRange(5, 300)])
    max_playback_rate = DecimalField(_l("Fastest playback that counts (×)"), places=2,
                                     validators=[NumberRange(1, 4)])
    daily_cap_minutes = IntegerField(_l("Daily limit (minutes, blank: none)"),
                                     validators=[Optional(), NumberRange(1, 24 * 60)])
    batch_cap_minutes = IntegerField(_l("Limit per batch (minutes, blank: none)"),
                                     validators=[Optional(), NumberRange(1, 100_000)])
    presence_check_minutes = IntegerField(_l("Presence check about every (minutes of study, 0: off)"),
                                          validators=[NumberRange(0, 600)])
    presence_answer_seconds = IntegerField(_l("Time to answer a presence check (seconds)"),
                                           validators=[NumberRange(15, 3600)])
    reason = StringField(_l("Reason for the change"), validators=[Optional(), Length(max=500)],
                         description=_l("Required once a batch has started; kept in the log and shown on the "
                                        "project page."))
