"""The built-in questionnaires an admin can start from (004 L162-164): the course evaluation, the tutoring team's
and the management team's evaluations (by the learners, anonymous), and the project's self-evaluation (by the
admins, named). Starting from one copies its questions into a new draft, to be changed before publishing."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from lms.surveys import rules

AGREE = (_l("Strongly disagree"), _l("Strongly agree"))
POOR_GOOD = (_l("Very poor"), _l("Very good"))


@dataclass(frozen=True)
class Starter:
    key: str
    title: object
    intro: object
    anonymous: bool
    target_kind: str
    audience: str
    questions: tuple[dict, ...]


def _scale(prompt, ends=POOR_GOOD) -> dict:
    return {"kind": rules.SCALE, "prompt": prompt, "required": True, "scale_min": 1, "scale_max": 5,
            "scale_min_label": ends[0], "scale_max_label": ends[1]}


def _text(prompt, required=False, max_length=500) -> dict:
    return {"kind": rules.TEXT, "prompt": prompt, "required": required, "max_length": max_length}


STARTERS = (
    Starter("course", _l("Course evaluation"),
            _l("Tell us what you think of the course's content, its teaching and the support you had. Your answers "
               "are anonymous: nobody sees who gave them."), True, rules.BATCH, rules.LEARNERS, (
                _scale(_l("The course's content suits my teaching work")),
                _scale(_l("The teaching methods (videos, readings, cases) helped me learn")),
                _scale(_l("The support and service during the training")),
                {"kind": rules.MULTIPLE, "prompt": _l("What helped you most? (up to 3)"), "required": False,
                 "options": [_l("Course videos"), _l("Readings"), _l("Forum discussions"), _l("Assignments"),
                             _l("Live sessions"), _l("Expert Q&A")], "min_picks": 1, "max_picks": 3},
                {"kind": rules.SINGLE, "prompt": _l("Would you recommend this course to a colleague?"),
                 "required": True, "options": [_l("Yes"), _l("Not sure"), _l("No")]},
                _text(_l("What should we improve?")))),
    Starter("tutoring", _l("Tutoring team evaluation"),
            _l("How did your class's tutors guide your learning? Your answers are anonymous."), True, rules.BATCH,
            rules.LEARNERS, (
                _scale(_l("The tutors answered questions promptly")),
                _scale(_l("The tutors' comments on my assignments were useful")),
                _scale(_l("The tutors led the forum discussions well")),
                _text(_l("Suggestions for the tutoring team")))),
    Starter("management", _l("Management team evaluation"),
            _l("How well was the training organised and managed? Your answers are anonymous."), True, rules.BATCH,
            rules.LEARNERS, (
                _scale(_l("Notices and arrangements reached me in time")),
                _scale(_l("Problems I reported were solved")),
                _scale(_l("The platform was easy to use"), AGREE),
                _text(_l("Suggestions for the management team")))),
    Starter("self", _l("Project self-evaluation"),
            _l("The project's self-evaluation by the admins of each level: progress, measures, innovation and "
               "experience, problems and performance. Your answers carry your name."), False, rules.UNIT,
            rules.ADMINS, (
                _scale(_l("How far has the project progressed in your area?")),
                _text(_l("The measures your area took"), required=True, max_length=2000),
                _text(_l("Innovation and experience worth sharing"), max_length=2000),
                _text(_l("Problems met and the results achieved"), required=True, max_length=2000))),
)
BY_KEY = {s.key: s for s in STARTERS}


def questions_of(starter: Starter) -> list[dict]:
    """The starter's questions in the current language, as plain values ready to store."""
    return [{k: ([str(o) for o in v] if k == "options" else str(v) if k in ("prompt", "scale_min_label",
                                                                         "scale_max_label") else v)
             for k, v in q.items()} for q in starter.questions]
