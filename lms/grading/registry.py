"""Grading: what this domain declares to shared pages (collected by the app factory: lms/__init__.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core.registry import Contributions
from lms.grading import services, views

CONTRIBUTIONS = Contributions(
    class_links=(views.class_links,),
    home_sections=(views.learner_section,),
    audit_labels={"grading_policy.update": _l("Grading policy changed"),
                  "grade.recommend": _l("Outstanding learner recommended"),
                  "grade.unrecommend": _l("Recommendation withdrawn")},
    # The forum (below) asks how long a post must be to count; the forum and assignments tell grading when a
    # grade's inputs change, so the stored grade that statistics read stays current (pages compute on read).
    hooks={"grading.min_post_chars": services.min_post_chars,
           "grading.inputs_changed": services.recompute_grade,
           # Assignments (below) asks the standing before a plagiarism verdict, and has the verdict reflected.
           "grading.current_standing": services.current_standing,
           "grading.reflect_verdict": services.reflect_verdict},
)
