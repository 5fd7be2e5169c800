"""The briefings pages: the reader's list (area briefings and its classes' briefings), an admin's start from the
template, the draft's revision and publication. The PDF is the API's file."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.briefings import drafting, forms, policies, queries, services
from lms.core import scope
from lms.core.errors import InvalidInput
from lms.extensions import db
from lms.projects import queries as project_queries
from lms.web.params import arg_page
from lms.web.pipeline import page

bp = Blueprint("briefings", __name__)
BRIEFING = {"briefing": queries.briefing}
PER_PAGE = 30


def nav_entries(user) -> list[tuple[str, str]]:
    return [(url_for("briefings.list_page"), _("Briefings"))]


def _start_form(form=None):
    form = form or forms.StartForm()
    form.period.choices = queries.periods(db.session)
    return form


def _list_page(form=None, **_):
    number = arg_page()
    data = queries.listing(db.session, current_user, number, PER_PAGE)
    writer = policies.can_write(current_user)
    return render_template("briefings/list.html", data=data, pages=max(1, -(-data["total"] // PER_PAGE)),
                           form=_start_form(form) if writer else None, unit=scope.highest_admin_unit(current_user),
                           kind_label=drafting.kind_label)


@bp.get("/briefings")
@page()
def list_page():
    return _list_page()


@bp.post("/briefings")
@page(load={"root": scope.admin_root}, allow=policies.WRITE, form=forms.StartForm, again=_list_page)
def start(root, form):
    period = form.period.data or ""
    if len(period) < 2 or period[0] not in "bp" or not period[1:].isdigit() or len(period) > 13:
        raise InvalidInput(_("Please correct the marked fields."), {"period": _("Choose a batch or a project.")})
    if period[0] == "b":
        batch = project_queries.batch_for(db.session, current_user, int(period[1:]))
        project = batch.project
    else:
        batch, project = None, project_queries.project_for(db.session, current_user, int(period[1:]))
    item = services.start(db.session, current_user, root, form.kind.data, project, batch)
    flash(_("A draft is written from your area's figures: correct and complete it, then publish."), "success")
    return redirect(url_for("briefings.show", briefing_id=item.id))


def _show_page(briefing, form=None, **_):
    if form is None and policies.can_edit(current_user, briefing):
        form = forms.ReviseForm(title=briefing.title, body=briefing.body)
    return render_template("briefings/show.html", item=briefing, form=form, kind_label=drafting.kind_label,
                           can_edit=policies.can_edit(current_user, briefing))


@bp.get("/briefings/<int:briefing_id>")
@page(load=BRIEFING, allow=policies.READ)
def show(briefing):
    return _show_page(briefing)


@bp.post("/briefings/<int:briefing_id>")
@page(load=BRIEFING, allow=policies.EDIT, form=forms.ReviseForm, again=_show_page)
def revise(briefing, form):
    services.revise(db.session, current_user, briefing, form.title.data, form.body.data)
    if "publish" in request.form:
        services.publish(db.session, current_user, briefing)
        flash(_("Published to %(name)s.", name=briefing.org_unit.name), "success")
    else:
        flash(_("The draft is saved."), "success")
    return redirect(url_for("briefings.show", briefing_id=briefing.id))
