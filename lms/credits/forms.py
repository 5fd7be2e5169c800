"""WTForms of the credit pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from lms.credits import labels, rules


def _int_or_none(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _choices(words: dict, codes, blank: bool = False):
    items = [(code, words[code]) for code in codes]
    return [("", "—")] + items if blank else items


class ClaimForm(FlaskForm):
    source = SelectField(_l("Source"))
    title = StringField(_l("Training or project"), validators=[DataRequired(), Length(max=200)])
    provider = StringField(_l("Organised by"), validators=[Optional(), Length(max=200)])
    year = IntegerField(_l("Year completed"), validators=[InputRequired(), NumberRange(min=2000, max=2100)])
    hours = DecimalField(_l("Hours (学时)"), places=1, validators=[Optional(), NumberRange(min=0, max=10_000)])
    category = SelectField(_l("Category"))
    theme = SelectField(_l("Theme or module"))
    minutes = IntegerField(_l("Effective research minutes"), validators=[Optional(), NumberRange(min=0, max=100_000)])
    feedback_days = IntegerField(_l("Days until your feedback was given"),
                                 validators=[Optional(), NumberRange(min=0, max=366)])
    plan_id = SelectField(_l("Approved project or plan (school-based study, self-study)"), coerce=_int_or_none,
                          validate_choice=False)
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=500)])
    file = FileField(_l("Evidence (certificate, transcript: .pdf, .jpg, .png)"),
                     validators=[FileRequired(), FileAllowed(["pdf", "jpg", "jpeg", "png"],
                                                             _l("Upload a .pdf, .jpg or .png file."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.source.choices = _choices(labels.sources(), [s for s in rules.SOURCES if s != rules.TRAINING])
        self.category.choices = _choices(labels.categories(), rules.CATEGORIES, blank=True)
        self.theme.choices = _choices(labels.themes(), rules.PUBLIC_THEMES + rules.PROFESSIONAL_MODULES, blank=True)
        self.plan_id.choices = [("", "—")]


class PlanForm(FlaskForm):
    kind = SelectField(_l("Kind"))
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(min=2000, max=2100)])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    hours = DecimalField(_l("Planned hours (学时)"), places=1, validators=[InputRequired(), NumberRange(min=0, max=10_000)])
    description = TextAreaField(_l("What will be studied, and how"), validators=[Optional(), Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = _choices(labels.sources(), rules.PLAN_SOURCES)


class RejectForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=500)])


class ProfileForm(FlaskForm):
    kind = SelectField(_l("Situation"))
    start_year = IntegerField(_l("First year (new or transferred)"),
                              validators=[Optional(), NumberRange(min=2000, max=2100)])
    private = BooleanField(_l("Private or non-bureau school"))
    institution = BooleanField(_l("Staff of a training institution"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = _choices(labels.kinds(), rules.KINDS)


class CreditImportForm(FlaskForm):
    file = FileField(_l("Credit entries (.xlsx)"),
                     validators=[FileRequired(), FileAllowed(["xlsx"], _l("Upload an .xlsx file."))])


class EvaluationForm(FlaskForm):
    result = SelectField(_l("Result"), validators=[DataRequired()])
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=1000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.result.choices = _choices(labels.evaluations(), rules.EVALUATION_RESULTS)


class SummaryForm(FlaskForm):
    year = IntegerField(_l("Year summarised"), validators=[InputRequired(), NumberRange(min=2000, max=2100)])
    text = TextAreaField(_l("Summary of the teachers' self-study"), validators=[DataRequired(), Length(max=4000)])
