"""Forms of the question square and micro-lessons; the labels of statuses and choices."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import IntegerField, RadioField, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from lms.square import rules

QUESTION_STATUS = {"open": _l("Waiting for an adopted answer"), "adopted": _l("Answer adopted")}
LESSON_STATUS = {"pending": _l("Waiting for the city's certification"), "certified": _l("Certified: listed"),
                 "rejected": _l("Rejected"), "settled": _l("Certified and settled")}
DIFFICULTY = [(1, _l("Easy")), (2, _l("Medium")), (3, _l("Hard"))]
SATISFACTION = [(1, _l("Satisfied")), (2, _l("Very satisfied")), (3, _l("Fully solved my problem"))]
RATING = [(n, "★" * n) for n in rules.RATINGS]


class QuestionForm(FlaskForm):
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=rules.MAX_SUBJECT_CHARS)])
    body = TextAreaField(_l("Your question"), validators=[DataRequired(), Length(max=rules.QUESTION_CHARS[1])])
    image = FileField(_l("A photo of the problem (optional: jpg, png, gif, webp, at most 5 MB)"))
    video = FileField(_l("A short video of the problem (optional: mp4, webm, m4v, at most 3 minutes)"))


class AnswerForm(FlaskForm):
    body = TextAreaField(_l("Your answer"), validators=[DataRequired(), Length(max=rules.ANSWER_CHARS[1])])


class AdoptForm(FlaskForm):
    difficulty = RadioField(_l("How hard was the question?"), choices=DIFFICULTY, coerce=int,
                            validators=[DataRequired()])
    satisfaction = RadioField(_l("How satisfied are you with the answer?"), choices=SATISFACTION, coerce=int,
                              validators=[DataRequired()])


class LessonForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=rules.TITLE_CHARS[1])])
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=rules.MAX_SUBJECT_CHARS)])
    grade = SelectField(_l("Grade"), choices=[(g, g) for g in rules.GRADES], validators=[DataRequired()])
    video = FileField(_l("Video file (mp4, webm, m4v)"))
    video_url = URLField(_l("Or the video's web address"), validators=[Optional(), Length(max=500)])
    description = TextAreaField(_l("Description"), validators=[Length(max=rules.MAX_DESCRIPTION_CHARS)])


class CertifyForm(FlaskForm):
    audience = IntegerField(_l("Expected audience (students): its participation rate is counted against it"),
                            validators=[DataRequired(), NumberRange(*rules.AUDIENCE)])


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Reason for rejecting"), validators=[DataRequired(), Length(max=500)])


class RateForm(FlaskForm):
    rating = RadioField(_l("Your rating of its quality"), choices=RATING, coerce=int, validators=[DataRequired()])


class PostForm(FlaskForm):
    body = TextAreaField(_l("Your question or comment"), validators=[DataRequired(), Length(max=rules.POST_CHARS[1])])


class QuizForm(FlaskForm):
    questions = TextAreaField(_l("Questions"), validators=[DataRequired(), Length(max=20_000)],
                              render_kw={"rows": 12})


class QuizAnswerForm(FlaskForm):
    """The chosen options come as q0, q1, … (one radio group a question: their number is the quiz's)."""
