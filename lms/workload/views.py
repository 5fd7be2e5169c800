"""The workload page: a batch's statement for the admin's area, sortable by any column, with its workbook (the
API's file)."""
from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from lms.core import clock, scope
from lms.extensions import db
from lms.projects import queries as project_queries
from lms.projects.models import Batch, Project
from lms.web.params import arg_id
from lms.web.pipeline import page
from lms.workload import labels, services

bp = Blueprint("workload", __name__)


def nav_entries(user) -> list[tuple[str, str]]:
    return [(url_for("workload.statement_page"), _("Workload"))] if user.is_admin else []


@bp.get("/workload")
@page(load={"root": scope.admin_root}, replica=True)
def statement_page(root):
    batches = list(db.session.scalars(select(Batch).join(Project, Batch.project_id == Project.id)
                                      .order_by(Project.year.desc(), Project.id.desc(), Batch.number.desc())
                                      .limit(60)))
    batch = db.session.get(Batch, arg_id("batch")) if arg_id("batch") else None
    batch = batch or project_queries.current_batch(db.session, clock.now())
    sort, descending = request.args.get("sort"), request.args.get("desc") == "1"
    data = services.statement(db.session, current_user, root, batch, sort, descending) if batch else None
    return render_template("workload/statement.html", data=data, batch=batch, batches=batches, sort=sort,
                           descending=descending, columns=labels.columns(), role=labels.role,
                           title=services.title(data) if data else _("Workload"))

