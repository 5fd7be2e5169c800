"""Enrollment: what this domain declares to shared pages (collected by the app factory: lms/__init__.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core.registry import Contributions
from lms.enrollment import queries, views

CONTRIBUTIONS = Contributions(
    nav=(views.nav_entries,),
    home_sections=(views.teacher_section, views.admin_section),
    audit_labels={
        "enrollment.create": _l("Teacher enrolled"), "enrollment.cancel": _l("Enrollment cancelled"),
        "enrollment.replace": _l("Enrolled teacher replaced"),
        "waiver.grant": _l("Consecutive-year exception allowed"),
        "plagiarism.ban": _l("Teacher banned for plagiarism"),
        "plagiarism.ban_lift": _l("Plagiarism ban lifted"),
        "enrollment.ban_cancel": _l("Place cancelled by a plagiarism ban"),
        "enrollment.ban_restore": _l("Place given back: ban lifted"),
    },
    project_panels=(views.waiver_panel,),
    # Projects (below) asks who learns where; it may not import enrollment.
    hooks={"enrollment.learns_in_class": queries.learns_in_class,
           "enrollment.learns_course": queries.learns_course,
           "enrollment.class_counts": queries.class_counts,
           # Quotas (below) reports J6 compliance from the participants enrollment counts.
           "enrollment.participants_per_city": queries.participants_per_city},
)
