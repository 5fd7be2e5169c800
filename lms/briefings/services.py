"""Write operations on an area's briefings and summary reports (J16b): start one from the template of the area's
figures, revise the draft, publish it to the area."""
from __future__ import annotations

from flask_babel import gettext as _

from lms.briefings import drafting, figures, policies, rules
from lms.briefings.models import AreaBriefing
from lms.core import audit, clock
from lms.core.errors import InvalidInput
from lms.reports import queries as statistics


def start(session, actor, unit, kind: str, project, batch=None) -> AreaBriefing:
    """A draft for ``unit`` on the batch (or, without one, the whole project), its text written from the unit's
    figures."""
    policies.WRITE_FOR.enforce(actor, unit)
    if kind not in rules.KINDS:
        raise InvalidInput(_("Please correct the marked fields."), {"kind": _("Choose a briefing or a summary report.")})
    if batch is not None and batch.project_id != project.id:
        raise InvalidInput(_("Please correct the marked fields."), {"batch_id": _("The batch is not of this project.")})
    batch_ids = [batch.id] if batch is not None else statistics.batch_ids_for(session, project_id=project.id)
    period = drafting.period_name(project, batch)
    now = clock.now()
    item = AreaBriefing(org_unit_id=unit.id, author_id=actor.id, kind=kind, project_id=project.id,
                        batch_id=batch.id if batch is not None else None,
                        title=drafting.title(kind, unit.name, period)[:200],
                        body=drafting.body(kind, unit.name, period, figures.area_figures(session, unit, batch_ids)),
                        status="draft", created_at=now, updated_at=now)
    session.add(item)
    session.flush()
    audit.record(session, actor, "area_briefing.create", "area_briefing", item.id, org_unit_id=unit.id,
                 after={"kind": kind, "title": item.title})
    return item


def revise(session, actor, briefing: AreaBriefing, title: str, body: str) -> AreaBriefing:
    policies.EDIT.enforce(actor, briefing)
    briefing.title, briefing.body, briefing.updated_at = title.strip(), body, clock.now()
    session.flush()
    return briefing


def publish(session, actor, briefing: AreaBriefing) -> AreaBriefing:
    """The draft goes out to the unit's whole area (and is read by the levels above); it no longer changes."""
    policies.EDIT.enforce(actor, briefing)
    now = clock.now()
    briefing.status, briefing.published_at, briefing.updated_at = "published", now, now
    session.flush()
    audit.record(session, actor, "area_briefing.publish", "area_briefing", briefing.id,
                 org_unit_id=briefing.org_unit_id, after={"title": briefing.title})
    return briefing
