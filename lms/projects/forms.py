"""WTForms of the programme pages (province admins)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, DateTimeLocalField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

STAGES = [("幼儿园", _l("Kindergarten")), ("小学", _l("Primary")), ("初中", _l("Junior secondary")),
          ("高中", _l("Senior secondary"))]


class ProjectForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=32),
                                               Regexp(r"^[0-9A-Za-z_.-]+$", message=_l("Letters and digits only."))])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    year = IntegerField(_l("Year"), validators=[DataRequired(), NumberRange(min=2000, max=2100)])
    series = StringField(_l("Series"), validators=[DataRequired(), Length(max=64)],
                         description=_l("Projects of one series count as the same training for the "
                                        "consecutive-year rule."))
    calendar = SelectField(_l("Calendar"), choices=[("jiangsu", _l("Jiangsu: 9 batches, Jul 16 – Dec 5")),
                                                    ("none", _l("None: add batches by hand"))])
    quota_deadline = DateField(_l("Quota deadline for cities (default: Jul 7)"), validators=[Optional()])
    consecutive_year_rule = BooleanField(_l("Block the same series two years running"), default=True)
    minimum_percent = IntegerField(_l("Minimum share of a city's teachers (%)"), default=10,
                                   validators=[NumberRange(min=0, max=100)])


class BatchForm(FlaskForm):
    number = IntegerField(_l("Number"), validators=[DataRequired(), NumberRange(min=1, max=1000)])
    starts_on = DateField(_l("First day"), validators=[DataRequired()])
    ends_on = DateField(_l("Last day"), validators=[DataRequired()])


REASON_HELP = _l("Required once a batch has started; kept in the log and shown below.")


class ProjectEditForm(FlaskForm):
    """Corrections of a project; its code and year stay."""
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    series = StringField(_l("Series"), validators=[DataRequired(), Length(max=64)])
    quota_deadline = DateField(_l("Quota deadline for cities"), validators=[DataRequired()])
    consecutive_year_rule = BooleanField(_l("Block the same series two years running"))
    minimum_percent = IntegerField(_l("Minimum share of a city's teachers (%)"),
                                   validators=[NumberRange(min=0, max=100)])
    reason = StringField(_l("Reason for the change"), validators=[Optional(), Length(max=500)], description=REASON_HELP)


class BatchEditForm(FlaskForm):
    starts_on = DateField(_l("First day"), validators=[DataRequired()])
    ends_on = DateField(_l("Last day"), validators=[DataRequired()])
    registration_opens_at = DateTimeLocalField(_l("Enrollment opens"), format="%Y-%m-%dT%H:%M",
                                               validators=[DataRequired()])
    registration_closes_at = DateTimeLocalField(_l("Enrollment closes"), format="%Y-%m-%dT%H:%M",
                                                validators=[DataRequired()])
    reason = StringField(_l("Reason for the change"), validators=[Optional(), Length(max=500)], description=REASON_HELP)


class CourseForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=32)])
    stage = SelectField(_l("Stage"), choices=STAGES)
    required_minutes = IntegerField(_l("Required study minutes"), validators=[DataRequired(),
                                                                              NumberRange(min=1, max=100_000)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20_000)])


class ClassForm(FlaskForm):
    course_id = SelectField(_l("Course"), coerce=int, validators=[DataRequired()])
    batch_id = SelectField(_l("Batch"), coerce=int, validators=[DataRequired()])
    name = StringField(_l("Name (blank: course and batch)"), validators=[Optional(), Length(max=200)])
    tutor_ids = SelectMultipleField(_l("Tutors"), coerce=int, validators=[Optional()])
