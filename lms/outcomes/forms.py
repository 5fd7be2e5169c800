"""WTForms of the outcome pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from lms.outcomes import rules


def kind_labels() -> dict:
    return {"lesson_design": _l("Lesson design"), "courseware": _l("Courseware"), "lesson_video": _l("Lesson video"),
            "reflection": _l("Reflection"), "other": _l("Other")}


def state_labels() -> dict:
    return {"submitted": _l("Handed in"), "returned": _l("Returned"), "accepted": _l("Taken in by the school"),
            "recommended": _l("Recommended for the showcase"), "showcased": _l("In the province showcase")}


def _int_or_none(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


FILE_HELP = _l("A lesson design, courseware or reflection as .pdf, .doc(x), .ppt(x), .xls(x), .jpg, .png or .zip; "
               "a lesson video as .mp4.")


class _Content(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=rules.TITLE_MAX)])
    kind = SelectField(_l("Kind"), validators=[InputRequired()])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=rules.DESCRIPTION_MAX)])
    file = FileField(_l("Attached file"))
    submission_id = SelectField(_l("Or one of your written assignments"), coerce=_int_or_none, validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = list(kind_labels().items())
        self.submission_id.choices = [("", "—")]

    def offer(self, works, enrollments=()) -> None:
        """The caller's written assignments (and trainings) to choose from."""
        self.submission_id.choices = [("", "—")] + [
            (w.id, f"{w.assignment.title} · {w.training_class.name}") for w in works]


class HandInForm(_Content):
    enrollment_id = SelectField(_l("Training"), coerce=_int_or_none, validate_choice=False,
                                validators=[InputRequired()])

    def offer(self, works, enrollments=()) -> None:
        super().offer(works)
        self.enrollment_id.choices = [(e.id, e.training_class.name) for e in enrollments]


class ResubmitForm(_Content):
    pass


class ReasonForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=rules.REASON_MAX)])


class RecommendForm(FlaskForm):
    note = StringField(_l("Why it deserves the showcase (optional)"),
                       validators=[Optional(), Length(max=rules.REASON_MAX)])


class ProposeForm(RecommendForm):
    kind = SelectField(_l("Kind"), validators=[InputRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = list(kind_labels().items())
        self.kind.data = self.kind.data or "reflection"


class NoteForm(FlaskForm):
    body = TextAreaField(_l("How the group uses it in lesson preparation"),
                         validators=[DataRequired(), Length(max=rules.NOTE_MAX)])
