"""Forms of the assignment pages; quizzes are answered with plain radio/checkbox inputs (q0, q1, …)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from lms.assignments.schemas import MAX_SUBMISSION_CHARS

QUESTION_FORMAT_HELP = _l(
    "One question per block, blocks separated by an empty line. First line: type | points | question "
    "(type: single, multiple or truefalse). Then one option per line; mark each correct option with a "
    "leading *.")


class SubjectiveAssignmentForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    prompt = TextAreaField(_l("Prompt"), validators=[DataRequired(), Length(max=10_000)])
    min_chars = IntegerField(_l("Minimum length (characters)"), default=0,
                             validators=[Optional(), NumberRange(0, 20_000)])


class ObjectiveAssignmentForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    draw = IntegerField(_l("Draw this many questions from the question bank"), validators=[Optional(),
                                                                                            NumberRange(1, 200)])
    questions = TextAreaField(_l("Or the quiz's own questions"), validators=[Optional(), Length(max=100_000)])


class BankForm(FlaskForm):
    questions = TextAreaField(_l("Questions"), validators=[DataRequired(), Length(max=100_000)])


def parse_questions(source: str) -> tuple[list[dict], list[str]]:
    """The admin's question blocks as API-shaped questions, and the problems found on the way."""
    questions, problems = [], []
    blocks = [b for b in source.replace("\r\n", "\n").split("\n\n") if b.strip()]
    for number, block in enumerate(blocks, start=1):
        lines = [line.strip() for line in block.strip().split("\n") if line.strip()]
        head = [part.strip() for part in lines[0].split("|")]
        if len(head) != 3 or head[0] not in ("single", "multiple", "truefalse") or not head[1].isdigit():
            problems.append(_("Question %(n)d: the first line must read type | points | question.", n=number))
            continue
        options = [line.lstrip("*").strip() for line in lines[1:]]
        answer = [i for i, line in enumerate(lines[1:]) if line.startswith("*")]
        questions.append({"type": head[0], "points": int(head[1]), "text": head[2], "options": options,
                          "answer": answer})
    return questions, problems


class EssayForm(FlaskForm):
    text = TextAreaField(_l("Your answer"), validators=[DataRequired(), Length(max=MAX_SUBMISSION_CHARS)])


class ReviewForm(FlaskForm):
    score = IntegerField(_l("Score (0–100)"), validators=[InputRequired(message=_l("Give a score.")),
                                                         NumberRange(0, 100)])
    excellent = BooleanField(_l("Excellent work"))
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=5000)])


class PlagiarismForm(FlaskForm):
    """No outcome is preselected, and the tutor ticks a confirmation: a verdict has consequences."""

    decision = RadioField(_l("Decision"), choices=[
        ("cleared", _l("Clear: not plagiarism")),
        ("confirmed", _l("Confirm plagiarism: the training fails (also once grades are final), its certificate "
                         "is revoked, the teacher is barred for the rest of the year and loses the places held "
                         "in that year's batches"))],
        validators=[InputRequired(message=_l("Choose an outcome."))])
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(min=2, max=500)])
    confirm = BooleanField(_l("I have read the report and its sources, and I confirm this verdict."),
                           validators=[DataRequired(message=_l("Tick to confirm the verdict."))])


class AppealForm(FlaskForm):
    reason = TextAreaField(_l("Why the verdict is wrong"), validators=[DataRequired(), Length(min=10, max=5000)])


class AppealDecisionForm(FlaskForm):
    outcome = RadioField(_l("Decision"), choices=[
        ("upheld", _l("Uphold the verdict: everything stays")),
        ("overturned", _l("Overturn the verdict: the grade, the certificate and the teacher's places come back, "
                          "the ban is lifted"))],
        validators=[InputRequired(message=_l("Choose an outcome."))])
    note = TextAreaField(_l("Grounds"), validators=[DataRequired(), Length(min=2, max=1000)])
    confirm = BooleanField(_l("I confirm this decision; it is final."),
                           validators=[DataRequired(message=_l("Tick to confirm the decision."))])
