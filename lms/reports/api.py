"""Learning statistics through the API (docs/API.md "Reports")."""
from __future__ import annotations

from flask import Blueprint, Response
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field

from lms.exports import services as export_services
from lms.exports.api import JobOut
from lms.extensions import db
from lms.org.schemas import OrgUnitOut
from lms.reports import exports, policies, queries, sheets
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
    return exports.resolve(db.session, current_user, batch_id=params.batch_id, project_id=params.project_id,
                           org_unit_id=params.org_unit_id)


@bp.get("/reports/participation")
@endpoint(summary="Learning statistics of the child units of an org unit (per learner under a school)",
          query=ParticipationQuery, response=Participation,
          errors=("404:not_found",), allow=policies.SEE_STATISTICS, replica=True)
def participation(params: ParticipationQuery):
    unit, batch_ids, _title = resolve(params)
    rows = queries.participation(db.session, unit, batch_ids)
    return {"unit": unit.to_dict(), "rows": rows,
            "summary": queries.summary(rows, queries.unit_seats(db.session, unit, batch_ids))}


@bp.get("/reports/participation.xlsx")
@endpoint(summary="The same statistics as an Excel workbook", query=ParticipationQuery, errors=("404:not_found",),
          produces="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", allow=policies.SEE_STATISTICS,
          replica=True)
def participation_xlsx(params: ParticipationQuery):
    unit, batch_ids, title = resolve(params)
    data = sheets.participation_workbook(f"{unit.name} · {title}", queries.participation(db.session, unit, batch_ids))
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename={exports.file_name(unit, params.batch_id, params.project_id)}"})


@bp.post("/reports/participation/exports")
@endpoint(summary="Ask for the statistics workbook as an export job (202; follow the job's URL): for large areas",
          body=ParticipationQuery, response=JobOut, status=202,
          errors=("403:forbidden", "404:not_found"), allow=policies.SEE_STATISTICS)
def participation_export(data: ParticipationQuery):
    return export_services.accepted(exports.start(db.session, current_user, batch_id=data.batch_id,
                                                 project_id=data.project_id, org_unit_id=data.org_unit_id))
