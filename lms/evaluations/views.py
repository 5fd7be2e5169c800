"""The evaluation pages (JX11b): the rounds and the caller's assignments, a round's overview of the caller's
subtree, an area's page (its self-evaluation, the outside evaluations, the province's return and assignment).
The Excel and PDF files are the API's."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.evaluations import drafting, forms, policies, queries, rules, services
from lms.extensions import db
from lms.projects import queries as project_queries
from lms.web.pipeline import page

bp = Blueprint("evaluations", __name__)
ROUND = {"round": queries.round_}
EVALUATION = {"evaluation": queries.evaluation}
LABELS = {"dimensions": drafting.DIMENSION_LABELS, "grades": drafting.GRADE_LABELS,
          "statuses": drafting.STATUS_LABELS, "figures": drafting.FIGURE_LABELS}


def nav_entries(user) -> list[tuple[str, str]]:
    if policies.can_see_rounds(user) or user.has_role("expert"):
        return [(url_for("evaluations.list_page"), _("Project evaluation"))]
    return []


def _open_form(form=None):
    form = form or forms.OpenForm()
    form.project_id.choices = [(p.id, f"{p.name} ({p.year})") for p in queries.unevaluated_projects(db.session)]
    return form


def _list_page(form=None, **_):
    return render_template("evaluations/list.html", data=queries.listing(db.session, current_user),
                           form=_open_form(form) if policies.can_open(current_user) else None, labels=LABELS)


@bp.get("/evaluations")
@page()
def list_page():
    return _list_page()


@bp.post("/evaluations")
@page(allow=policies.OPEN, form=forms.OpenForm, again=_list_page)
def open_round(form):
    project = project_queries.project_for(db.session, current_user, form.project_id.data)
    item = services.open_round(db.session, current_user, project)
    flash(_("The evaluation is open: every area writes its self-evaluation."), "success")
    return redirect(url_for("evaluations.round_page", round_id=item.id))


@bp.get("/evaluations/<int:round_id>")
@page(load=ROUND, allow=policies.SEE_ROUND)
def round_page(round):
    return render_template("evaluations/round.html", item=queries.round_dict(current_user, round),
                           rows=queries.overview(db.session, current_user, round), labels=LABELS,
                           weights=round_weights())


def round_weights() -> dict:
    return {"own": round(rules.SELF_WEIGHT * 100), "outside": round(rules.OUTSIDE_WEIGHT * 100)}


@bp.post("/evaluations/<int:round_id>/close")
@page(load=ROUND, allow=policies.CLOSE)
def close_round(round):
    services.close(db.session, current_user, round)
    flash(_("The evaluation is closed: its results no longer change."), "success")
    return redirect(url_for("evaluations.round_page", round_id=round.id))


def _dimensions(values: dict) -> dict:
    return {**{f"{d}_score": values["scores"][d] for d in rules.DIMENSIONS},
            **{f"{d}_text": values["texts"][d] for d in rules.DIMENSIONS}}


def _area_page(evaluation, form=None, review_form=None, return_form=None, assign_form=None, **_):
    data = queries.described(db.session, current_user, evaluation)
    if form is None and data["can_edit"]:
        form = forms.DimensionsForm(data=_dimensions(data))
        if not form.progress_text.data:  # the progress text starts from the area's figures
            form.progress_text.data = drafting.progress_text(evaluation.org_unit.name, data["figures"])
    if review_form is None and data["can_review"]:
        mine = policies.assignment(current_user, evaluation)
        review_form = forms.ReviewForm(data=_dimensions({"scores": mine.scores(), "texts": mine.texts()}))
    assign_form = assign_form or forms.AssignForm()
    assign_form.user_id.choices = [(c["user_id"], f"{c['name']} · {c['unit']}") for c in data["candidates"]]
    return render_template("evaluations/area.html", data=data, form=form, review_form=review_form,
                           return_form=return_form or forms.ReturnForm(), assign_form=assign_form, labels=LABELS,
                           shown=drafting.shown, figure_keys=drafting.FIGURES, dimensions=rules.DIMENSIONS)


@bp.get("/evaluations/areas/<int:evaluation_id>")
@page(load=EVALUATION, allow=policies.SEE)
def area_page(evaluation):
    return _area_page(evaluation)


@bp.post("/evaluations/areas/<int:evaluation_id>")
@page(load=EVALUATION, allow=policies.EDIT_SELF, form=forms.DimensionsForm, again=_area_page)
def save_self(evaluation, form):
    scores, texts = form.split()
    submit = "submit" in request.form
    services.save_self(db.session, current_user, evaluation, scores, texts, submit=submit)
    flash(_("Submitted to the province.") if submit else _("The self-evaluation is saved."), "success")
    return redirect(url_for("evaluations.area_page", evaluation_id=evaluation.id))


def _review_again(evaluation, form=None, **_):
    return _area_page(evaluation, review_form=form)


@bp.post("/evaluations/areas/<int:evaluation_id>/review")
@page(load=EVALUATION, allow=policies.REVIEW, form=forms.ReviewForm, again=_review_again)
def review(evaluation, form):
    scores, texts = form.split()
    services.review(db.session, current_user, evaluation, scores, texts)
    flash(_("Your evaluation is saved."), "success")
    return redirect(url_for("evaluations.area_page", evaluation_id=evaluation.id))


@bp.post("/evaluations/areas/<int:evaluation_id>/return")
@page(load=EVALUATION, allow=policies.RETURN, form=forms.ReturnForm,
      again=lambda evaluation, form=None, **_: _area_page(evaluation, return_form=form))
def return_evaluation(evaluation, form):
    services.return_for_revision(db.session, current_user, evaluation, form.reason.data)
    flash(_("Returned to %(name)s for revision.", name=evaluation.org_unit.name), "success")
    return redirect(url_for("evaluations.area_page", evaluation_id=evaluation.id))


@bp.post("/evaluations/areas/<int:evaluation_id>/reviewers")
@page(load=EVALUATION, allow=policies.MANAGE, form=forms.AssignForm,
      again=lambda evaluation, form=None, **_: _area_page(evaluation, assign_form=form))
def assign(evaluation, form):
    services.assign(db.session, current_user, evaluation, form.user_id.data)
    flash(_("The evaluator is asked and told."), "success")
    return redirect(url_for("evaluations.area_page", evaluation_id=evaluation.id))
