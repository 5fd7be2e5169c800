"""The question square and micro-lessons: what this domain declares to shared pages (collected by the app factory:
lms/__init__.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core.registry import Contributions
from lms.square import views

CONTRIBUTIONS = Contributions(
    nav=(views.nav_entries,),
    audit_labels={"square_question.ask": _l("Question asked in the square"),
                  "square_answer.answer": _l("Square question answered"),
                  "square_answer.adopt": _l("Square answer adopted"),
                  "micro_lesson.upload": _l("Micro-lesson uploaded"),
                  "micro_lesson.certify": _l("Micro-lesson certified"),
                  "micro_lesson.reject": _l("Micro-lesson rejected"),
                  "micro_lesson.settle": _l("Micro-lesson points settled"),
                  "micro_post.hide": _l("Micro-lesson discussion post hidden"),
                  "micro_quiz.set": _l("Micro-lesson quiz set")},
)
