"""A unit's credit sheets as export jobs (lms.exports): a city's or the province's compliance sheet lists
every teacher under it, and its confirmed entries can run to hundreds of thousands of rows.

``start`` is asked by the routes after their policy (SEE_COMPLIANCE); ``build_compliance`` and
``build_entries`` (hooks ``exports.credit_compliance_xlsx`` and ``exports.credit_entries_xlsx``) make the
workbooks in the worker. A school's own sheets stay direct downloads (small)."""
from __future__ import annotations

from flask_babel import gettext as _

from lms.core.errors import NotFound
from lms.credits import queries, rules, sheets
from lms.exports import services as exports
from lms.org.models import OrgUnit

SHEETS = {"compliance": "credit_compliance_xlsx", "entries": "credit_entries_xlsx"}


def start(session, actor, unit: OrgUnit, cycle: rules.Cycle, sheet: str):
    title = (_("Credits of %(unit)s, %(start)d–%(end)d", unit=unit.name, start=cycle.start_year, end=cycle.end_year)
             if sheet == "compliance" else
             _("Confirmed credit entries of %(unit)s, %(start)d–%(end)d", unit=unit.name, start=cycle.start_year,
               end=cycle.end_year))
    return exports.start(session, actor, SHEETS[sheet], title,
                         {"unit_id": unit.id, "start_year": cycle.start_year, "end_year": cycle.end_year})


def _unit_and_cycle(session, job):
    unit = session.get(OrgUnit, job.params["unit_id"])
    if unit is None:
        raise NotFound(_("No such unit."))
    return unit, rules.Cycle(job.params["start_year"], job.params["end_year"])


def build_compliance(session, job, out, progress) -> str:
    unit, cycle = _unit_and_cycle(session, job)
    progress(10, _("Counting…"))
    figures = queries.compliance(session, unit, cycle)
    progress(40, _("Counting…"))
    teachers = queries.school_teachers(session, unit, cycle)
    progress(70, _("Writing the workbook…"))
    out.write(sheets.compliance_workbook(figures, teachers))
    return sheets.compliance_file_name(unit, cycle)


def build_entries(session, job, out, progress) -> str:
    unit, cycle = _unit_and_cycle(session, job)
    progress(10, _("Counting…"))
    entries = sheets.entries_under(session, unit, cycle)
    progress(60, _("Writing the workbook…"))
    out.write(sheets.entries_workbook(entries))
    return sheets.entries_file_name(unit, cycle)
