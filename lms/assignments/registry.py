"""Assignments: what this domain declares to shared pages (collected by the app factory: lms/__init__.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core.registry import Contributions
from lms.assignments import views

CONTRIBUTIONS = Contributions(
    class_links=(views.class_links,),
    nav=(views.nav_entries,),
    home_sections=(views.learner_section, views.tutor_section),
    audit_labels={
        "assignment.create": _l("Assignment set"), "submission.review": _l("Assignment reviewed"),
        "plagiarism.confirmed": _l("Plagiarism confirmed"), "plagiarism.cleared": _l("Plagiarism cleared"),
        "plagiarism.appeal": _l("Plagiarism verdict appealed"),
        "plagiarism.appeal_upheld": _l("Appeal decided: verdict upheld"),
        "plagiarism.appeal_overturned": _l("Appeal decided: verdict overturned"),
        "question_bank.add": _l("Questions added to the bank"),
        "question_bank.remove": _l("Question removed from the bank"),
    },
)
