"""The statistics workbook as an export job (lms.exports): a province's whole project can be large.

``resolve`` is shared by the API's direct download and the job; ``start`` checks everything before
queueing; ``build`` (hook ``exports.participation_xlsx``) makes the workbook in the worker."""
from __future__ import annotations

from flask_babel import gettext as _

from lms.core import scope
from lms.core.errors import InvalidInput, NotFound
from lms.exports import services as exports
from lms.org import queries as org_queries
from lms.org.models import OrgUnit
from lms.projects.models import Batch, Project
from lms.reports import queries, sheets

KIND = "participation_xlsx"


def resolve(session, actor, *, batch_id: int | None, project_id: int | None, org_unit_id: int | None):
    """The unit (the actor's own area by default), the batches the report covers and its title."""
    if (batch_id is None) == (project_id is None):
        message = _("Give either a batch or a project.")
        raise InvalidInput(message, {"batch_id": message, "project_id": message})
    unit = (org_queries.unit_in_scope(session, actor, org_unit_id) if org_unit_id
            else scope.highest_admin_unit(actor))
    if batch_id is not None:
        batch = session.get(Batch, batch_id)
        if batch is None:
            raise NotFound(_("No such batch."))
        title = f"{batch.project.name} · {_('Batch %(n)d', n=batch.number)}"
    else:
        project = session.get(Project, project_id)
        if project is None:
            raise NotFound(_("No such project."))
        title = project.name
    batch_ids = queries.batch_ids_for(session, batch_id=batch_id, project_id=project_id)
    return unit, batch_ids, title


def file_name(unit, batch_id: int | None, project_id: int | None) -> str:
    """A batch's and a whole project's sheets of one unit never share a name."""
    scope_part = f"batch{batch_id}" if batch_id is not None else f"project{project_id}"
    return f"participation-{unit.id}-{scope_part}.xlsx"


def start(session, actor, *, batch_id: int | None, project_id: int | None, org_unit_id: int | None):
    unit, batch_ids, title = resolve(session, actor, batch_id=batch_id, project_id=project_id,
                                     org_unit_id=org_unit_id)
    return exports.start(session, actor, KIND, _("Statistics: %(unit)s · %(title)s", unit=unit.name, title=title),
                         {"unit_id": unit.id, "batch_ids": list(batch_ids), "title": title,
                          "file_name": file_name(unit, batch_id, project_id)})


def build(session, job, out, progress) -> str:
    unit = session.get(OrgUnit, job.params["unit_id"])
    if unit is None:
        raise NotFound(_("No such unit."))
    progress(10, _("Counting…"))
    rows = queries.participation(session, unit, job.params["batch_ids"])
    progress(70, _("Writing the workbook…"))
    out.write(sheets.participation_workbook(f"{unit.name} · {job.params['title']}", rows))
    return job.params["file_name"]
