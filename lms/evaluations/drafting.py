"""What a self-evaluation starts from: the area's figures (the quantitative indicators of 004 L132, as the
statistics compute them for briefings: lms/briefings/figures.py) and the sentence its progress text opens with."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms.briefings import figures as area_statistics
from lms.briefings.rules import percent
from lms.reports import queries as statistics

# The figures kept with a submitted self-evaluation, in the order the pages and exports show them.
FIGURES = ("enrolled", "started", "participation_rate", "study_hours_avg", "assignment_completion_rate",
           "discussion_rate", "pass_rate")
RATES = {"participation_rate", "assignment_completion_rate", "discussion_rate", "pass_rate"}
FIGURE_LABELS = {"enrolled": _l("Enrolled"), "started": _l("Started"), "participation_rate": _l("Participation rate"),
                 "study_hours_avg": _l("Average study hours"),
                 "assignment_completion_rate": _l("Assignments handed in"),
                 "discussion_rate": _l("Forum participation"), "pass_rate": _l("Pass rate")}
DIMENSION_LABELS = {"progress": _l("Progress of the project"), "measures": _l("Practices and measures"),
                    "innovation": _l("Innovation and experience"), "performance": _l("Problems and performance")}
GRADE_LABELS = {"excellent": _l("Excellent"), "good": _l("Good"), "pass": _l("Pass"), "fail": _l("Fail")}
STATUS_LABELS = {"draft": _l("Not submitted"), "submitted": _l("Submitted"), "returned": _l("Returned for revision")}


def figures(session, unit, project) -> dict:
    """The unit's figures over the project's batches, the briefings' own computation."""
    found = area_statistics.area_figures(session, unit, statistics.batch_ids_for(session, project_id=project.id))
    return {key: found[key] for key in FIGURES}


def shown(key: str, value) -> str:
    if value is None:
        return "—"
    if key in RATES:
        return percent(value)
    if key == "study_hours_avg":
        return f"{value:.1f}"
    return str(value)


def progress_text(unit_name: str, f: dict) -> str:
    return _("%(unit)s: %(enrolled)d teachers enrolled, %(started)d started (participation %(participation)s); "
             "average study hours %(hours)s; assignments handed in %(assignments)s; forum participation "
             "%(forum)s; pass rate %(passed)s.", unit=unit_name, enrolled=f["enrolled"], started=f["started"],
             participation=shown("participation_rate", f["participation_rate"]),
             hours=shown("study_hours_avg", f["study_hours_avg"]),
             assignments=shown("assignment_completion_rate", f["assignment_completion_rate"]),
             forum=shown("discussion_rate", f["discussion_rate"]), passed=shown("pass_rate", f["pass_rate"]))


def label(table: dict, key) -> str:
    return str(table[key]) if key in table else ""
