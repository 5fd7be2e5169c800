"""The learning-statistics dashboard: an admin's children for a batch or a project, with drill-down."""
from __future__ import annotations

import json

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from lms.core import clock, scope
from lms.core.cache import recent
from lms.extensions import db
from lms.org import queries as org_queries
from lms.projects import queries as project_queries
from lms.projects.models import Batch, Project
from lms.quotas import queries as quota_queries
from lms.reports import exports, policies, queries
from lms.web.params import arg_id
from lms.web.pipeline import page

bp = Blueprint("reports", __name__)


def admin_section(user):
    """An admin's work list in figures: the running batch's learners of its area (enrolled, started, passed,
    as the statistics say them) and, for the province and a city, the cities short of the 10% minimum."""
    root = scope.highest_admin_unit(user)
    if root is None or not policies.can_see_statistics(user):
        return None
    batch = project_queries.current_batch(db.session, clock.now())
    if batch is None:
        return None
    rows, line, as_of = queries.area_figures(db.session, root, [batch.id])
    passed = sum(round((r["pass_rate"] or 0) * r["enrolled"]) for r in rows)
    short = None
    if root.level in ("province", "city"):
        cities = quota_queries.cities_in_scope(db.session, user)
        short, _computed = recent(
            f"cities-short:{batch.project_id}:{','.join(str(c.id) for c in cities)}",
            lambda: sum(1 for c in quota_queries.compliance(db.session, batch.project, cities)
                        if not c["meets_minimum"]))
    return {"template": "reports/_home_admin.html", "batch": batch, "unit": root, "summary": line,
            "passed": passed, "short": short, "as_of": as_of}


def nav_entries(user) -> list[tuple[str, str]]:
    return [(url_for("reports.dashboard"), _("Statistics"))] if policies.can_see_statistics(user) else []


@bp.get("/reports")
@page(load={"root": scope.admin_root}, allow=policies.SEE_STATISTICS, replica=True)
def dashboard(root):
    unit = org_queries.unit_in_scope(db.session, current_user, arg_id("unit")) if arg_id("unit") else root
    projects = list(db.session.scalars(select(Project).order_by(Project.year.desc(), Project.id.desc())))
    batch = db.session.get(Batch, arg_id("batch")) if arg_id("batch") else None
    project = db.session.get(Project, arg_id("project")) if arg_id("project") else None
    if batch is None and project is None:
        batch = project_queries.current_batch(db.session, clock.now())
    rows, summary, as_of = [], queries.summary([], 0), None
    if batch is not None or project is not None:
        batch_ids = [batch.id] if batch is not None else queries.batch_ids_for(db.session, project_id=project.id)
        rows, summary, as_of = queries.area_figures(db.session, unit, batch_ids)
    chart = {"names": [r["name"] for r in rows], "enrolled": [r["enrolled"] for r in rows],
             "seats": [r["seats"] or 0 for r in rows],
             "pass_rate": [round(100 * (r["pass_rate"] or 0), 1) for r in rows],
             "labels": {"enrolled": _("Enrolled"), "seats": _("Seats"), "pass_rate": _("Pass rate (%)")}}
    return render_template("reports/dashboard.html", unit=unit, rows=rows, summary=summary, as_of=as_of,
                           batch=batch, project=project, projects=projects, chart=json.dumps(chart),
                           breadcrumbs=org_queries.visible_ancestors(db.session, current_user, unit))


@bp.post("/reports/participation/export")
@page(allow=policies.SEE_STATISTICS, back=lambda **_: url_for("reports.dashboard"))
def participation_export():
    """The dashboard's "Export to Excel": the workbook is made on the job queue, followed on "my exports"."""
    exports.start(db.session, current_user, batch_id=arg_id("batch"), project_id=arg_id("project"),
                  org_unit_id=arg_id("unit"))
    flash(_("The workbook is being made: it appears here when it is ready."), "info")
    return redirect(url_for("exports.mine"))
