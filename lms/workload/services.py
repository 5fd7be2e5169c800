"""The workload statement as the page, the API and the workbook give it (JX13a)."""
from __future__ import annotations

from flask_babel import gettext as _

from lms.workload import policies, queries, rules


def statement(session, actor, unit, batch, sort: str | None = None, descending: bool = False) -> dict:
    policies.SEE.enforce(actor, batch)
    rows = rules.sort_rows(queries.statement(session, unit, batch), sort, descending)
    return {"batch_id": batch.id, "project_id": batch.project_id, "batch_number": batch.number,
            "project_name": batch.project.name, "org_unit_id": unit.id, "area": unit.name, "rows": rows}


def title(data: dict) -> str:
    return _("Workload of %(area)s: %(project)s, batch %(n)d", area=data["area"], project=data["project_name"],
             n=data["batch_number"])
