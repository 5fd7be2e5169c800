"""The project evaluation's routes in the permission table (tests/web/test_permission_table.py), kept with the
domain like tests/briefings/permission_rows.py.

The world's project gets a round (the demo's, or one opened here). The in evaluations are of the teacher's
chain: its county's draft (read by the county, city and province admins, written by the county's) and its city's
submitted self-evaluation, which the expert is asked to evaluate (returned by the province, scored by the
expert); the out ones the same of the other city's branch (the expert is not asked there).
"""
from __future__ import annotations

from sqlalchemy import select

from lms.core import clock
from lms.evaluations import services
from lms.evaluations.models import AreaEvaluation, EvaluationRound, OutsideEvaluation
from lms.org.models import OrgUnit, User
from lms.projects.models import Project

EVALUATION_SCOPED = {"evaluation_id"}
SELF = {"progress_score": 80, "progress_text": "按期推进", "measures_score": 80, "measures_text": "分层管理",
        "innovation_score": 80, "innovation_text": "网络评估", "performance_score": 80, "performance_text": "良好"}


def evaluation_extras(session, ids: dict, users: dict) -> None:
    people = {role: session.scalar(select(User).where(User.username == name)) for role, name in users.items()}
    project = session.get(Project, ids["project_id"]["in"])
    item = session.scalar(select(EvaluationRound).where(EvaluationRound.project_id == project.id))
    if item is None:
        item = services.open_round(session, people["province_admin"], project)
    ids["round_id"] = {"in": item.id, "out": item.id}
    out_school = session.get(OrgUnit, ids["unit_id"]["out"])
    teacher_unit = people["teacher"].org_unit
    ids["evaluation_id"], ids["submitted_evaluation_id"] = {}, {}
    for variant, county_id, city_id in (("in", teacher_unit.county_id, teacher_unit.city_id),
                                        ("out", out_school.county_id, out_school.city_id)):
        county = session.scalar(select(AreaEvaluation).where(AreaEvaluation.round_id == item.id,
                                                             AreaEvaluation.org_unit_id == county_id))
        county.status = "draft"
        city = session.scalar(select(AreaEvaluation).where(AreaEvaluation.round_id == item.id,
                                                           AreaEvaluation.org_unit_id == city_id))
        for d in ("progress", "measures", "innovation", "performance"):
            setattr(city, f"{d}_score", 80)
            setattr(city, f"{d}_text", "良好")
        city.status, city.submitted_at = "submitted", clock.now()
        city.reviews = [r for r in city.reviews if r.reviewer_id != people["expert"].id]
        if variant == "in":
            city.reviews.append(OutsideEvaluation(reviewer_id=people["expert"].id, kind="expert",
                                                  assigned_at=clock.now()))
        ids["evaluation_id"][variant], ids["submitted_evaluation_id"][variant] = county.id, city.id
    session.flush()


def evaluation_rows(row, *, SIGNED, PA) -> list:
    FOLLOW = {"county_admin", "city_admin", "province_admin"}  # the evaluating levels
    COUNTY = {"county_admin"}
    EX = {"expert"}
    submitted = {"evaluation_id": "@submitted_evaluation_id"}
    return [
        row("GET /evaluations", SIGNED), row("POST /evaluations", PA, lenient=True),
        row("GET /evaluations/<int:round_id>", FOLLOW),
        row("POST /evaluations/<int:round_id>/close", PA),
        row("GET /evaluations/areas/<int:evaluation_id>", FOLLOW),
        row("POST /evaluations/areas/<int:evaluation_id>", COUNTY, body={"progress_score": "70"}),
        row("POST /evaluations/areas/<int:evaluation_id>/review", EX, out=set(), ids=submitted,
            body={f"review-{k}": str(v) for k, v in SELF.items()}),
        row("POST /evaluations/areas/<int:evaluation_id>/return", PA, ids=submitted, body={"reason": "请补充"}),
        row("POST /evaluations/areas/<int:evaluation_id>/reviewers", PA, lenient=True),
        row("GET /api/v1/evaluations", SIGNED),
        row("POST /api/v1/evaluations", PA, lenient=True, body={"project_id": "@project_id"}, empty=False),
        row("GET /api/v1/evaluations/<int:round_id>", FOLLOW),
        row("POST /api/v1/evaluations/<int:round_id>/close", PA),
        row("GET /api/v1/evaluations/<int:round_id>.xlsx", FOLLOW, lenient=True),
        row("GET /api/v1/evaluations/<int:round_id>.pdf", FOLLOW, lenient=True),
        row("GET /api/v1/area-evaluations/<int:evaluation_id>", FOLLOW),
        row("PATCH /api/v1/area-evaluations/<int:evaluation_id>", COUNTY, body={"progress_score": 70}),
        row("POST /api/v1/area-evaluations/<int:evaluation_id>/return", PA, ids=submitted, body={"reason": "请补充"}),
        row("POST /api/v1/area-evaluations/<int:evaluation_id>/reviewers", PA, lenient=True,
            body={"user_id": 1}),
        row("PUT /api/v1/area-evaluations/<int:evaluation_id>/review", EX, out=set(), ids=submitted, body=SELF),
    ]
