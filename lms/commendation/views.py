"""The commendation list page: the province reviews the learners the tutors recommend, with their criteria, and
confirms the list; other admins see their subtree's list read-only. Downloads are the API's files."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from lms.commendation import forms, policies, queries, services
from lms.core.errors import InvalidInput
from lms.extensions import db
from lms.grading import services as grading
from lms.web.pipeline import page

bp = Blueprint("commendation", __name__)
BATCH = {"batch": queries.batch}


def _list_page(batch, form=None, **_):
    data = services.listing(db.session, current_user, batch)
    return render_template("commendation/list.html", batch=batch, data=data, form=form or forms.ConfirmForm(),
                           labels=grading.criterion_labels())


@bp.get("/batches/<int:batch_id>/commendation")
@page(load=BATCH, allow=policies.SEE_LIST)
def list_page(batch):
    return _list_page(batch)


@bp.post("/batches/<int:batch_id>/commendation/confirm")
@page(load=BATCH, allow=policies.CONFIRM, form=forms.ConfirmForm, again=_list_page)
def confirm(batch, form):
    ids = []
    for value in request.form.getlist("enrollment_id"):
        if not value.isdigit() or len(value) > 12:
            raise InvalidInput(_("Please correct the marked fields."), {"enrollment_ids": _("Not a learner.")})
        ids.append(int(value))
    services.confirm(db.session, current_user, batch, ids, form.note.data)
    flash(_("The commendation list is confirmed."), "success")
    return redirect(url_for("commendation.list_page", batch_id=batch.id))


def project_panel(project) -> Markup | None:
    """The project page's way to each batch's commendation list, for admins."""
    if not current_user.is_authenticated or not current_user.is_admin or not project.batches:
        return None
    return Markup(render_template("commendation/_project_panel.html", project=project))
