"""Tutor application forms: the profile, a reviewer's return; the library's filters."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectMultipleField, StringField, TextAreaField, URLField, widgets
from wtforms.validators import DataRequired, Length, Optional

STAGE_CHOICES = [("幼儿园", _l("Kindergarten")), ("小学", _l("Primary")), ("初中", _l("Junior secondary")),
                 ("高中", _l("Senior secondary"))]
STATUS_LABELS = {"school": _l("Waiting for the school's review"), "county": _l("Waiting for the district's review"),
                 "city": _l("Waiting for the city's review"), "returned": _l("Returned"),
                 "approved": _l("Approved: in the tutor library"), "superseded": _l("Replaced by a newer profile"),
                 "revoked": _l("Qualification revoked: out of the library")}
LEVEL_LABELS = {"school": _l("School level"), "county": _l("District level"), "city": _l("City level")}


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ApplicationForm(FlaskForm):
    subjects = StringField(_l("Subjects (separate with 、 or commas)"), validators=[DataRequired(), Length(max=300)])
    stages = CheckboxesField(_l("Stages you teach"), choices=STAGE_CHOICES)
    topics = TextAreaField(_l("Specialties: the knowledge points, fields and research you know best (separate "
                              "with 、, commas or new lines)"), validators=[DataRequired(), Length(max=600)])
    introduction = TextAreaField(_l("A short introduction (20–2000 characters)"),
                                 validators=[DataRequired(), Length(max=2_000)])
    achievements = TextAreaField(_l("Teaching achievements (titles, awards, lessons, research)"),
                                 validators=[Length(max=4_000)])
    sample_url = URLField(_l("Sample micro-lesson: its web address (a video on the school's or district's platform)"),
                          validators=[Optional(), Length(max=500)])
    sample_video = FileField(_l("Or upload the micro-lesson's video (MP4 or WebM)"))
    remove_sample_video = BooleanField(_l("Remove the uploaded video"))


class ReturnForm(FlaskForm):
    reason = TextAreaField(_l("Reason for returning"), validators=[DataRequired(), Length(max=500)])
