"""Experts: what this domain declares to shared pages (collected by the app factory: lms/__init__.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core.registry import Contributions
from lms.experts import services, views

CONTRIBUTIONS = Contributions(
    nav=(views.nav_entries,),
    home_sections=(views.expert_section,),
    audit_labels={
        "expert.add": _l("Expert added to the pool"), "expert.update": _l("Expert profile corrected"),
        "expert.retire": _l("Expert retired from the pool"), "expert.select": _l("Expert selected"),
        "expert.unselect": _l("Expert no longer selected"), "course.submit": _l("Course sent to expert review"),
        "course_review.assign": _l("Course reviewers assigned"),
        "course_review.evaluate": _l("Course evaluated by an expert"), "course.publish": _l("Course published"),
        "course_review.reopen": _l("Course sent back to its experts (lessons changed)"),
    },
    listeners={"course.lessons_changed": services.lessons_changed},
)
