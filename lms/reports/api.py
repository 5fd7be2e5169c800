"""Learning statistics through the API (docs/API.md "Reports")."""
from __future__ import annotations

from flask import Blueprint, Response
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field

from lms.core import scope
from lms.core.errors import InvalidInput, NotFound
from lms.extensions import db
from lms.org import queries as org_queries
from lms.org.schemas import OrgUnitOut
from lms.projects.models import Batch, Project
from lms.reports import policies, queries, sheets
from lms.web.api import ApiModel, Id, endpoint

bp = Blueprint("reports_api", __name__, url_prefix="/api/v1")


class ParticipationQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    batch_id: Id | None = None
    project_id: Id | None = None
    org_unit_id: Id | None = None


class Figures(ApiModel):
    enrolled: int
    started: int
    study_hours_avg: float | None
    discussion_rate: float | None
    pass_rate: float | None


class ParticipationRow(Figures):
    """A child unit's line, or under a school a learner's (user_id, enrollment_id, level "teacher")."""
    org_unit_id: int | None
    user_id: int | None = None
    enrollment_id: int | None = None
    name: str
    level: str
    teacher_count: int | None
    seats: int | None
    assignment_completion_rate: float | None
    grade_avg: float | None


class Summary(Figures):
    seats: int
    teacher_count: int


class Participation(ApiModel):
    unit: OrgUnitOut
    rows: list[ParticipationRow]
    summary: Summary = Field(description="The unit's own line: its children added up")


def resolve(params: ParticipationQuery):
    """The unit (the caller's own area by default) and the batches the report covers."""
    if (params.batch_id is None) == (params.project_id is None):
        message = _("Give either a batch or a project.")
        raise InvalidInput(message, {"batch_id": message, "project_id": message})
    unit = (org_queries.unit_in_scope(db.session, current_user, params.org_unit_id) if params.org_unit_id
            else scope.highest_admin_unit(current_user))
    if params.batch_id is not None:
        batch = db.session.get(Batch, params.batch_id)
        if batch is None:
            raise NotFound(_("No such batch."))
        title = f"{batch.project.name} · {_('Batch %(n)d', n=batch.number)}"
    else:
        project = db.session.get(Project, params.project_id)
        if project is None:
            raise NotFound(_("No such project."))
        title = project.name
    batch_ids = queries.batch_ids_for(db.session, batch_id=params.batch_id, project_id=params.project_id)
    return unit, batch_ids, title


@bp.get("/reports/participation")
@endpoint(summary="Learning statistics of the child units of an org unit (per learner under a school)",
          query=ParticipationQuery, response=Participation,
          errors=("404:not_found",), allow=policies.SEE_STATISTICS)
def participation(params: ParticipationQuery):
    unit, batch_ids, _title = resolve(params)
    rows = queries.participation(db.session, unit, batch_ids)
    return {"unit": unit.to_dict(), "rows": rows,
            "summary": queries.summary(rows, queries.unit_seats(db.session, unit, batch_ids))}


@bp.get("/reports/participation.xlsx")
@endpoint(summary="The same statistics as an Excel workbook", query=ParticipationQuery, errors=("404:not_found",),
          produces="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", allow=policies.SEE_STATISTICS)
def participation_xlsx(params: ParticipationQuery):
    unit, batch_ids, title = resolve(params)
    data = sheets.participation_workbook(f"{unit.name} · {title}", queries.participation(db.session, unit, batch_ids))
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename={_file_name(unit, params)}"})


def _file_name(unit, params: ParticipationQuery) -> str:
    """A batch's and a whole project's sheets of one unit never share a name."""
    scope_part = f"batch{params.batch_id}" if params.batch_id is not None else f"project{params.project_id}"
    return f"participation-{unit.id}-{scope_part}.xlsx"
