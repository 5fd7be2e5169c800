"""Forum and Q&A forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from lms.forum.schemas import MAX_BODY


class TopicForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Text (Markdown)"), validators=[DataRequired(), Length(max=MAX_BODY)])


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Your reply (Markdown)"), validators=[DataRequired(), Length(max=MAX_BODY)])


class QaSessionForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    starts_at = DateTimeLocalField(_l("Starts"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    ends_at = DateTimeLocalField(_l("Ends"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    # E1a: the choices are the experts the scheduler's level (or one above) selected from the pool (the view fills them)
    expert_ids = SelectMultipleField(_l("Experts who answer"), coerce=int, choices=[])


class QuestionForm(FlaskForm):
    body = TextAreaField(_l("Your question"), validators=[DataRequired(), Length(max=5_000)])


class AnswerForm(FlaskForm):
    body = TextAreaField(_l("Answer"), validators=[DataRequired(), Length(max=MAX_BODY)])
