"""What the statement's columns and roles are called on the page and in the workbook."""
from __future__ import annotations

from flask_babel import gettext as _

from lms.web.templating import ROLE_LABELS
from lms.workload import rules


def columns() -> list[tuple[str, str]]:
    names = {"name": _("Full name"), "role": _("Role"), "unit": _("Unit"),
             "reviews": _("Assignments reviewed"), "verdicts": _("Plagiarism verdicts"),
             "class_briefings": _("Class briefings"), "forum_posts": _("Forum posts"),
             "qa_answers": _("Q&A answers"), "qa_sessions": _("Q&A sessions run"),
             "enrollments": _("Enrollments made"), "enrollment_changes": _("Enrollments cancelled or replaced"),
             "area_briefings": _("Briefings published"), "announcements": _("Announcements"),
             "total": _("Total")}
    return [(key, names[key]) for key in rules.COLUMNS]


def role(key: str) -> str:
    return str(ROLE_LABELS.get(key, key))
