"""WTForms of the org pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, IntegerField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional, Regexp

from lms.core.scope import ROLES
from lms.org.rules import TITLE_GRADES
from lms.web.templating import ROLE_LABELS

TITLE_LABELS = {"senior": _l("Senior or special-grade teacher (正高级/特级)"),
                "leader": _l("Municipal subject leader or key teacher (市级学科带头人/骨干)"),
                "other": _l("Other teacher")}


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=8, max=256)])
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))])


class UnitForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    code = StringField(_l("Administrative code"), validators=[Optional(), Length(max=32),
                                                              Regexp(r"^[0-9A-Za-z_-]*$", message=_l("Letters and digits only."))])
    teacher_count = IntegerField(_l("Teachers"), default=0, validators=[NumberRange(min=0, max=10_000_000)])


class TeacherCountForm(FlaskForm):
    teacher_count = IntegerField(_l("Teachers"), validators=[NumberRange(min=0, max=10_000_000)])


class UserForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(min=3, max=64)])
    name = StringField(_l("Real name"), validators=[DataRequired(), Length(max=64)])
    phone = StringField(_l("Mobile phone"), validators=[Optional(), Length(max=20)])
    roles = SelectMultipleField(_l("Roles"), choices=[(r, ROLE_LABELS[r]) for r in ROLES],
                                validators=[DataRequired()])
    subject = StringField(_l("Subject"), validators=[Optional(), Length(max=32)])
    stage = SelectField(_l("Stage"), choices=[("", "—"), ("幼儿园", _l("Kindergarten")), ("小学", _l("Primary")),
                                                ("初中", _l("Junior secondary")), ("高中", _l("Senior secondary"))],
                        validators=[Optional()])
    password = PasswordField(_l("Initial password (blank: generate one)"), validators=[Optional(), Length(max=256)])


STAGES = [("", "—"), ("幼儿园", _l("Kindergarten")), ("小学", _l("Primary")), ("初中", _l("Junior secondary")),
          ("高中", _l("Senior secondary"))]


class OwnDetailsForm(FlaskForm):
    """My account: what a user corrects of itself."""
    phone = StringField(_l("Mobile phone"), validators=[Optional(), Length(max=20)])
    email = StringField(_l("E-mail"), validators=[Optional(), Length(max=254)])
    subject = StringField(_l("Subject"), validators=[Optional(), Length(max=32)])
    stage = SelectField(_l("Stage"), choices=STAGES, validators=[Optional()])


class UserEditForm(OwnDetailsForm):
    """An admin's corrections of a user; the unit is named by its administrative code."""
    name = StringField(_l("Real name"), validators=[DataRequired(), Length(max=64)])
    roles = SelectMultipleField(_l("Roles"), choices=[(r, ROLE_LABELS[r]) for r in ROLES],
                                validators=[DataRequired()])
    title_grade = SelectField(_l("Title grade (a tutor's fee coefficient)"),
                              choices=[(g, TITLE_LABELS[g]) for g in TITLE_GRADES], default="other")
    unit_code = StringField(_l("Move to the unit with code (blank: stay)"), validators=[Optional(), Length(max=32)])


class DeactivateForm(FlaskForm):
    reason = StringField(_l("Reason (optional)"), validators=[Optional(), Length(max=500)])


class ImportForm(FlaskForm):
    file = FileField(_l("Spreadsheet (.xlsx or .csv)"),
                     validators=[FileRequired(), FileAllowed(["xlsx", "csv"], _l("Upload an .xlsx or .csv file."))])


class ImportConfirmForm(FlaskForm):
    """The preview's confirmation: names the checked upload waiting on the server."""
    token = HiddenField(validators=[DataRequired(), Length(max=64)])


class ConfirmForm(FlaskForm):
    """A button that changes state: only the CSRF token."""
