"""The briefings routes' rows of the permission table (tests/web/test_permission_table.py), kept with the domain
like tests/live/permission_rows.py. Wired in three lines:

    SCOPED |= BRIEFING_SCOPED                     # after SCOPED
    briefing_extras(db.session, ids, users)       # in ``world``
    TABLE += briefing_rows(row, ...)              # after TABLE

The in briefings are of the teacher's county (a published one, read by the teacher and every admin of its chain,
and a draft, changed by the county's admin only); the out ones of the other city's school's county (published:
only the province reads it; a draft: nobody here). The tutor and the expert work for the province: they read
the province's own briefings only.
"""
from __future__ import annotations

from sqlalchemy import select

from lms.briefings import services
from lms.org.models import OrgUnit, RoleAssignment, User
from lms.projects.models import Batch

BRIEFING_SCOPED = {"briefing_id"}


def _county_admin(session, county_id: int) -> User:
    return session.scalar(select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
                          .where(RoleAssignment.org_unit_id == county_id, RoleAssignment.role == "county_admin")
                          .order_by(User.id))


def briefing_extras(session, ids: dict, users: dict) -> None:
    teacher = session.scalar(select(User).where(User.username == users["teacher"]))
    batch = session.get(Batch, ids["batch_id"]["in"])
    out_school = session.get(OrgUnit, ids["unit_id"]["out"])
    ids["briefing_id"], ids["draft_briefing_id"] = {}, {}
    for variant, county_id in (("in", teacher.org_unit.county_id), ("out", out_school.county_id)):
        admin = _county_admin(session, county_id)
        county = session.get(OrgUnit, county_id)
        published = services.start(session, admin, county, "briefing", batch.project, batch)
        services.publish(session, admin, published)
        ids["briefing_id"][variant] = published.id
        ids["draft_briefing_id"][variant] = services.start(session, admin, county, "summary", batch.project, batch).id
    session.flush()


def briefing_rows(row, *, SIGNED, ADMINS, T) -> list:
    READERS = T | ADMINS  # the county's published briefing: its teacher and every admin of the chain
    COUNTY = {"county_admin"}
    draft = {"briefing_id": "@draft_briefing_id"}
    return [
        row("GET /briefings", SIGNED), row("POST /briefings", ADMINS),
        row("GET /briefings/<int:briefing_id>", READERS),
        row("POST /briefings/<int:briefing_id>", COUNTY, ids=draft, body={"title": "简报", "body": "正文"}),
        row("GET /api/v1/briefings", SIGNED),
        row("POST /api/v1/briefings", ADMINS, body={"kind": "briefing", "project_id": "@project_id",
                                                     "batch_id": "@batch_id"}),
        row("GET /api/v1/briefings/<int:briefing_id>", READERS),
        row("GET /api/v1/briefings/<int:briefing_id>.pdf", READERS),
        row("PATCH /api/v1/briefings/<int:briefing_id>", COUNTY, ids=draft, body={"title": "简报", "body": "正文"}),
        row("POST /api/v1/briefings/<int:briefing_id>/publish", COUNTY, ids=draft),
    ]
