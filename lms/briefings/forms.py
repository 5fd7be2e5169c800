"""The forms of the briefings pages: start one from the template, revise and publish the draft."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length


class StartForm(FlaskForm):
    """``period`` is ``b<batch id>`` or ``p<project id>``: the choices are filled by the page (queries.periods)."""

    kind = SelectField(_l("Kind"), choices=[("briefing", _l("Briefing")), ("summary", _l("Summary report"))],
                       validators=[DataRequired()])
    period = SelectField(_l("Batch or project"), validators=[DataRequired()], validate_choice=False)


class ReviseForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=50_000)])
