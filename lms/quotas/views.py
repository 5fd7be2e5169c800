"""Quota pages: each admin's table of its children for a batch, edited in place; Excel; compliance (J4-J6)."""
from __future__ import annotations

import io

from flask import Blueprint, abort, current_app, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.core import clock, scope
from lms.core.errors import DomainError
from lms.extensions import db
from lms.org import queries as org_queries
from lms.projects import queries as projects
from lms.quotas import forms, policies, queries, services, sheets
from lms.web.security import body_limit

bp = Blueprint("quotas", __name__)


def nav_entries(user) -> list[tuple[str, str]]:
    return [(url_for("quotas.quotas_home"), _("Seats"))] if user.is_admin else []


def _root():
    root = scope.highest_admin_unit(current_user)
    if root is None:
        abort(403)
    return root


@bp.get("/quotas/")
@login_required
def quotas_home():
    root = _root()
    batch = projects.current_batch(db.session, clock.now())
    if batch is None:
        flash(_("There is no batch yet."), "info")
        return redirect(url_for("pages.home"))
    return redirect(url_for("quotas.quota_page", batch_id=batch.id, unit_id=root.id))


@bp.get("/quotas/batches/<int:batch_id>")
@login_required
def quota_page_root(batch_id: int):
    return redirect(url_for("quotas.quota_page", batch_id=batch_id, unit_id=_root().id))


@bp.get("/quotas/batches/<int:batch_id>/units/<int:unit_id>")
@login_required
def quota_page(batch_id: int, unit_id: int):
    unit = org_queries.unit_in_scope(db.session, current_user, unit_id)
    batch = projects.batch_for(db.session, current_user, batch_id, viewers_only=False)
    rows = queries.children_rows(db.session, batch.id, unit) if unit.level != "school" else []
    compliance = None
    if unit.level in ("province", "city"):
        cities = org_queries.children(db.session, unit) if unit.level == "province" else [unit]
        compliance = queries.compliance(db.session, batch.project, cities)
    return render_template(
        "quotas/table.html", unit=unit, batch=batch, rows=rows, own=queries.figures(db.session, batch.id, unit),
        can_set_own=policies.can_set_seats(current_user, unit),
        can_set_children=bool(rows) and policies.can_set_seats(current_user, _first_child(unit)),
        breadcrumbs=org_queries.visible_ancestors(db.session, current_user, unit), compliance=compliance,
        batches=batch.project.batches, form=forms.SeatsForm(), import_form=forms.QuotaImportForm())


def _first_child(unit):
    children = org_queries.children(db.session, unit)
    return children[0] if children else unit


@bp.post("/quotas/batches/<int:batch_id>/units/<int:unit_id>/seats")
@login_required
def set_seats(batch_id: int, unit_id: int):
    unit = org_queries.unit_in_scope(db.session, current_user, unit_id)
    batch = projects.batch_for(db.session, current_user, batch_id, viewers_only=False)
    if not policies.can_set_seats(current_user, unit):
        abort(403)
    # Back to the table the row was edited in: the parent's, when the actor may see it.
    back = unit.parent if unit.parent is not None and policies.can_view_quota(current_user, unit.parent) else unit
    form = forms.SeatsForm()
    if form.validate_on_submit():
        try:
            services.set_seats(db.session, current_user, batch, unit, form.seats.data)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            db.session.commit()
            flash(_("%(name)s now has %(n)d seats in batch %(b)d.", name=unit.name, n=form.seats.data,
                    b=batch.number), "success")
    else:
        flash(_("Seats must be a whole number of at least 0."), "danger")
    return redirect(url_for("quotas.quota_page", batch_id=batch.id, unit_id=back.id))


@bp.get("/quotas/batches/<int:batch_id>/units/<int:unit_id>/export.xlsx")
@login_required
def export_sheet(batch_id: int, unit_id: int):
    unit = org_queries.unit_in_scope(db.session, current_user, unit_id)
    batch = projects.batch_for(db.session, current_user, batch_id, viewers_only=False)
    data = sheets.export_workbook(batch, unit, queries.children_rows(db.session, batch.id, unit))
    return send_file(io.BytesIO(data), mimetype=sheets.XLSX, as_attachment=True,
                     download_name=f"quotas-{batch.project.code}-{batch.number}-{unit.code or unit.id}.xlsx")


@bp.post("/quotas/batches/<int:batch_id>/units/<int:unit_id>/import")
@body_limit("MAX_IMPORT_BYTES")
@login_required
def import_sheet(batch_id: int, unit_id: int):
    unit = org_queries.unit_in_scope(db.session, current_user, unit_id)
    batch = projects.batch_for(db.session, current_user, batch_id, viewers_only=False)
    form = forms.QuotaImportForm()
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "danger")
        return redirect(url_for("quotas.quota_page", batch_id=batch.id, unit_id=unit.id))
    try:
        result = sheets.import_upload(db.session, current_user, batch, unit, form.file.data,
                                      current_app.config["MAX_IMPORT_BYTES"])
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
    else:
        if result["errors"]:
            flash(_("Nothing was changed: %(n)d rows have problems.", n=len(result["errors"])) + " " +
                  "；".join(_("row %(row)d: %(message)s", row=e["row"], message=e["message"])
                           for e in result["errors"][:10]), "danger")
        else:
            db.session.commit()
            flash(_("%(n)d units got new seats.", n=result["updated"]), "success")
    return redirect(url_for("quotas.quota_page", batch_id=batch.id, unit_id=unit.id))


@bp.get("/quotas/projects/<int:project_id>/compliance")
@login_required
def compliance_page(project_id: int):
    project = projects.project_for(db.session, current_user, project_id)
    if not current_user.is_admin:
        abort(403)
    rows = queries.compliance(db.session, project, queries.cities_in_scope(db.session, current_user))
    return render_template("quotas/compliance.html", project=project, rows=rows)
