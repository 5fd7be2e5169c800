"""Projects: what this domain declares to shared pages (collected by the app factory: lms/__init__.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lms.core.registry import Contributions
from lms.projects import views

CONTRIBUTIONS = Contributions(
    nav=(views.nav_entries,),
    audit_labels={
        "project.create": _l("Project created"), "batch.create": _l("Batch added"),
        "course.create": _l("Course created"),
        "course.update": _l("Course corrected"), "lesson.create": _l("Lesson added"),
        "lesson.update": _l("Lesson corrected"),
        "class.create": _l("Class created"), "class.update": _l("Class changed"),
        "project.update": _l("Project settings corrected"), "batch.update": _l("Batch dates corrected"),
    },
)
