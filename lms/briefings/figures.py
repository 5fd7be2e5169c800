"""The figures a briefing's template starts from: the learning statistics of the author's area (reports) for the
batch or the project, with the outstanding learners commended and the plagiarism verdicts in force."""
from __future__ import annotations

from sqlalchemy import func, select

from lms.assignments.models import PlagiarismDecision
from lms.briefings import rules
from lms.commendation.models import CommendationEntry
from lms.core import scope
from lms.enrollment.models import Enrollment
from lms.org.models import OrgUnit
from lms.reports import queries as statistics


def area_figures(session, unit: OrgUnit, batch_ids: list[int]) -> dict:
    """The unit's own line (enrolled, started, rates), its children's rows, and the two counts."""
    children = statistics.participation(session, unit, batch_ids)
    line = statistics.summary(children, statistics.unit_seats(session, unit, batch_ids))
    enrolled = line["enrolled"]
    handed_in = sum((c["assignment_completion_rate"] or 0) * c["enrolled"] for c in children)
    plagiarism = session.scalar(
        select(func.count(PlagiarismDecision.id)).join(Enrollment, PlagiarismDecision.enrollment_id == Enrollment.id)
        .join(OrgUnit, Enrollment.school_id == OrgUnit.id)
        .where(PlagiarismDecision.in_force(), Enrollment.batch_id.in_(batch_ids), scope.subtree_filter(OrgUnit, unit)))
    outstanding = session.scalar(
        select(func.count(CommendationEntry.id)).join(OrgUnit, CommendationEntry.school_id == OrgUnit.id)
        .where(CommendationEntry.batch_id.in_(batch_ids), scope.subtree_filter(OrgUnit, unit)))
    return {**line, "participation_rate": rules.rate(line["started"], enrolled),
            "assignment_completion_rate": rules.rate(handed_in, enrolled),
            "plagiarism_cases": int(plagiarism or 0), "outstanding": int(outstanding or 0),
            "children": children if unit.level != "school" else []}
