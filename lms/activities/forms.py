"""Activities' forms: organise an activity; the attendance sheet's note and evidence."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateTimeLocalField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

KIND_LABELS = {"live_lecture": _l("Live lecture"), "practice": _l("Practice session"),
               "offline_discussion": _l("Offline discussion"), "guidance": _l("Learning guidance")}


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class ActivityForm(FlaskForm):
    """The batch and class choices are the caller's (views.choose), so they are not checked against a list here:
    the service checks what was chosen."""
    kind = SelectField(_l("Kind"), choices=list(KIND_LABELS.items()), validators=[DataRequired()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5_000)])
    batch_id = SelectField(_l("Batch"), coerce=_optional_int, validate_choice=False, validators=[DataRequired()])
    class_ids = SelectMultipleField(_l("Classes (admins: none for every learner of your area)"), coerce=int,
                                    validate_choice=False, validators=[Optional()])
    starts_at = DateTimeLocalField(_l("Starts"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    ends_at = DateTimeLocalField(_l("Ends"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    room_url = StringField(_l("Room link (live and practice)"), validators=[Optional(), Length(max=500)])
    location = StringField(_l("Place (offline)"), validators=[Optional(), Length(max=200)])
    capacity = IntegerField(_l("Places (empty: no limit)"), validators=[Optional(), NumberRange(min=1, max=10_000)])


class EditForm(FlaskForm):
    """What a manager may change of an activity: not its batch or whom it addresses."""
    kind = ActivityForm.kind
    title = ActivityForm.title
    description = ActivityForm.description
    starts_at = ActivityForm.starts_at
    ends_at = ActivityForm.ends_at
    room_url = ActivityForm.room_url
    location = ActivityForm.location
    capacity = ActivityForm.capacity


class CancelForm(FlaskForm):
    reason = TextAreaField(_l("Reason (told to the learners)"), validators=[DataRequired(), Length(max=500)])


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Why it does not meet the province's requirements (told to the organiser)"),
                           validators=[DataRequired(), Length(max=500)])


class AttendanceForm(FlaskForm):
    """The sheet's per-learner marks are read from the request (one field per learner); these are the rest."""
    note = TextAreaField(_l("Evidence note (what was done, who signed in)"), validators=[Optional(), Length(max=2_000)])
    evidence = FileField(_l("Photo or scan of the sign-in sheet (.jpg, .png, .pdf; optional)"))
