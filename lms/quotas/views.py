"""Quota pages: each admin's table of its children for a batch, edited in place; Excel; compliance (J4-J6)."""
from __future__ import annotations

import io

from flask import Blueprint, current_app, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.core import clock, scope
from lms.extensions import db
from lms.org import queries as org_queries
from lms.projects import queries as projects
from lms.quotas import forms, policies, queries, services, sheets
from lms.web.pipeline import page
from lms.web.security import body_limit

bp = Blueprint("quotas", __name__)


def nav_entries(user) -> list[tuple[str, str]]:
    return [(url_for("quotas.quotas_home"), _("Seats"))] if user.is_admin else []


def _to_table(batch, unit, **_):
    return url_for("quotas.quota_page", batch_id=batch.id, unit_id=unit.id)


@bp.get("/quotas/")
@page(load={"root": scope.admin_root})
def quotas_home(root):
    batch = projects.current_batch(db.session, clock.now(), prefer="enrolling")
    if batch is None:
        flash(_("There is no batch yet."), "info")
        return redirect(url_for("pages.home"))
    return redirect(url_for("quotas.quota_page", batch_id=batch.id, unit_id=root.id))


@bp.get("/quotas/batches/<int:batch_id>")
@page(load={"batch": queries.batch, "root": scope.admin_root})
def quota_page_root(batch, root):
    return redirect(url_for("quotas.quota_page", batch_id=batch.id, unit_id=root.id))


@bp.get("/quotas/batches/<int:batch_id>/units/<int:unit_id>")
@page(load=queries.BATCH_AND_UNIT)
def quota_page(batch, unit):
    rows = queries.children_rows(db.session, batch.id, unit) if unit.level != "school" else []
    compliance = None
    if unit.level in ("province", "city"):
        cities = org_queries.children(db.session, unit) if unit.level == "province" else [unit]
        compliance = queries.compliance(db.session, batch.project, cities)
    return render_template(
        "quotas/table.html", unit=unit, batch=batch, rows=rows, own=queries.figures(db.session, batch.id, unit),
        can_set_own=services.may_set_seats(current_user, batch, unit),
        can_set_children=bool(rows) and services.may_set_seats(current_user, batch, _first_child(unit)),
        breadcrumbs=org_queries.visible_ancestors(db.session, current_user, unit), compliance=compliance,
        batches=batch.project.batches, form=forms.SeatsForm(), import_form=forms.QuotaImportForm())


def _first_child(unit):
    children = org_queries.children(db.session, unit)
    return children[0] if children else unit


def _back_from_seats(batch, unit, **_):
    """Back to the table the row was edited in: the parent's, when the actor may see it."""
    shown = unit.parent if unit.parent is not None and policies.can_view_quota(current_user, unit.parent) else unit
    return url_for("quotas.quota_page", batch_id=batch.id, unit_id=shown.id)


@bp.post("/quotas/batches/<int:batch_id>/units/<int:unit_id>/seats")
@page(load=queries.BATCH_AND_UNIT, allow=policies.SET_SEATS, form=forms.SeatsForm, back=_back_from_seats)
def set_seats(batch, unit, form):
    services.set_seats(db.session, current_user, batch, unit, form.seats.data)
    flash(_("%(name)s now has %(n)d seats in batch %(b)d.", name=unit.name, n=form.seats.data, b=batch.number),
          "success")
    return redirect(_back_from_seats(batch, unit))


@bp.get("/quotas/batches/<int:batch_id>/units/<int:unit_id>/export.xlsx")
@page(load=queries.BATCH_AND_UNIT)
def export_sheet(batch, unit):
    data = sheets.export_workbook(batch, unit, queries.children_rows(db.session, batch.id, unit))
    return send_file(io.BytesIO(data), mimetype=sheets.XLSX, as_attachment=True,
                     download_name=sheets.file_name(batch, unit))


@bp.post("/quotas/batches/<int:batch_id>/units/<int:unit_id>/import")
@body_limit("MAX_IMPORT_BYTES")
@page(load=queries.BATCH_AND_UNIT, form=forms.QuotaImportForm, back=_to_table)
def import_sheet(batch, unit, form):
    result = sheets.import_upload(db.session, current_user, batch, unit, form.file.data,
                                  current_app.config["MAX_IMPORT_BYTES"])
    flash(_("%(n)d units got new seats.", n=result["updated"]), "success")
    return redirect(_to_table(batch, unit))


@bp.get("/quotas/projects/<int:project_id>/compliance")
@page(load={"project": projects.project_for}, allow=policies.SEE_COMPLIANCE)
def compliance_page(project):
    rows = queries.compliance(db.session, project, queries.cities_in_scope(db.session, current_user))
    return render_template("quotas/compliance.html", project=project, rows=rows)
