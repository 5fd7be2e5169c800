"""Read side of the cascade: figures of a unit, the table of its children, the cities' compliance (J6)."""
from __future__ import annotations

from fractions import Fraction

from sqlalchemy import and_, func, select

from lms.core import registry, scope
from lms.org import queries as org_queries
from lms.org.models import OrgUnit
from lms.projects import queries as projects
from lms.projects.models import Batch
from lms.quotas import rules
from lms.quotas.models import Quota


def _empty(batch_id: int, unit_id: int) -> dict:
    return {"batch_id": batch_id, "org_unit_id": unit_id, "seats": 0, "allocated": 0, "enrolled": 0, "available": 0}


def enrolled_in_area(session, batch_id: int, units: list[OrgUnit]) -> dict[int, int]:
    """Active enrollments of every school within each unit: the one "enrolled" figure of an area.

    ``enrolled`` of a quota row is the unit's own (only schools enroll); an area's pages and exports show
    the sum over its schools, the same count the statistics make.
    """
    counts: dict[int, int] = {}
    for level in {unit.level for unit in units}:
        column = getattr(OrgUnit, scope.ancestor_column(level))
        ids = [unit.id for unit in units if unit.level == level]
        counts.update(session.execute(
            select(column, func.coalesce(func.sum(Quota.enrolled), 0)).join(OrgUnit, Quota.org_unit_id == OrgUnit.id)
            .where(Quota.batch_id == batch_id, column.in_(ids)).group_by(column)).all())
    return {unit.id: int(counts.get(unit.id, 0)) for unit in units}


def figures(session, batch_id: int, unit: OrgUnit) -> dict:
    row = session.scalar(select(Quota).where(Quota.batch_id == batch_id, Quota.org_unit_id == unit.id))
    data = row.to_dict() if row is not None else _empty(batch_id, unit.id)
    data["enrolled_in_area"] = enrolled_in_area(session, batch_id, [unit])[unit.id]
    return data


def children_rows(session, batch_id: int, parent: OrgUnit) -> list[dict]:
    """One dict per child: the unit and its figures (zeros where no seats were handed down yet)."""
    query = (select(OrgUnit, Quota).outerjoin(Quota, and_(Quota.org_unit_id == OrgUnit.id, Quota.batch_id == batch_id))
             .where(OrgUnit.parent_id == parent.id).order_by(OrgUnit.code, OrgUnit.id))
    found = session.execute(query).all()
    in_area = enrolled_in_area(session, batch_id, [unit for unit, _quota in found])
    rows = []
    for unit, quota in found:
        data = quota.to_dict() if quota is not None else _empty(batch_id, unit.id)
        data.update(name=unit.name, level=unit.level, code=unit.code, teacher_count=unit.teacher_count,
                    enrolled_in_area=in_area[unit.id])
        rows.append(data)
    return rows


def compliance(session, project, cities: list[OrgUnit]) -> list[dict]:
    """J6 per city: seats over the project's batches, teachers taking part, the 10% minimum."""
    ids = [c.id for c in cities]
    if not ids:
        return []
    seats = dict(session.execute(
        select(Quota.org_unit_id, func.sum(Quota.seats)).join(Batch, Quota.batch_id == Batch.id)
        .where(Batch.project_id == project.id, Quota.org_unit_id.in_(ids)).group_by(Quota.org_unit_id)).all())
    # Enrollment (a layer above) counts who takes part; it answers through a declared hook.
    participants = registry.hook("enrollment.participants_per_city")(session, project.id, ids)
    rows = []
    for city in cities:
        figure = rules.compliance(city.teacher_count, int(participants.get(city.id, 0)),
                                  Fraction(project.minimum_percent, 100))
        rows.append({"org_unit_id": city.id, "name": city.name, "teacher_count": city.teacher_count,
                     "seats": int(seats.get(city.id, 0) or 0), "enrolled": figure["participants"],
                     "required_minimum": figure["required_minimum"], "meets_minimum": figure["meets_minimum"],
                     "shortfall": figure["shortfall"]})
    return rows


def cities_in_scope(session, actor) -> list[OrgUnit]:
    """The cities an admin covers: all for a province admin, its own for a city admin."""
    cities = []
    for unit in scope.admin_units(actor):
        if unit.level == "province":
            return list(session.scalars(select(OrgUnit).where(OrgUnit.parent_id == unit.id)
                                        .order_by(OrgUnit.code, OrgUnit.id)))
        if unit.level == "city":
            cities.append(unit)
    return cities


def batch(session, actor, batch_id: int):
    """The pipeline's loader of a batch on quota routes: any signed-in caller; its figures are scoped by unit."""
    return projects.batch_for(session, actor, batch_id, viewers_only=False)


BATCH_AND_UNIT = {"batch": batch, "unit": org_queries.unit_in_scope}
