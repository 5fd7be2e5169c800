"""WTForms of the quota pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange


class SeatsForm(FlaskForm):
    seats = IntegerField(_l("Seats"), validators=[InputRequired(), NumberRange(min=0, max=10_000_000)])


class QuotaImportForm(FlaskForm):
    file = FileField(_l("Quota sheet (.xlsx)"),
                     validators=[FileRequired(), FileAllowed(["xlsx"], _l("Upload an .xlsx file."))])
