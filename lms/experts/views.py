"""Pages of the expert pool (the province keeps it, cities and counties select from it) and of course review
(the owners send, the province or the owning level assigns, the experts evaluate, the province publishes)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.experts import forms, policies, queries, rules, services
from lms.extensions import db
from lms.projects import queries as projects
from lms.web.params import arg_page
from lms.web.pipeline import page

bp = Blueprint("experts", __name__)
PROFILE = {"profile": queries.profile}
REVIEW = {"review": queries.review}
PER_PAGE = 30


def nav_entries(user) -> list[tuple[str, str]]:
    items = []
    if policies.can_see_pool(user):
        items.append((url_for("experts.pool_page"), _("Expert pool")))
    if policies.can_make_courses(user):
        items.append((url_for("experts.queue_page"), _("Course review")))
    if policies.is_expert(user):
        items.append((url_for("experts.my_reviews_page"), _("My reviews")))
    return items


def expert_section(user):
    """An expert's home: the course reviews waiting for its evaluation."""
    if not policies.is_expert(user):
        return None
    waiting = [r for r in queries.my_reviews(db.session, user) if r.review.state == "open" and r.verdict is None]
    if not waiting:
        return None
    return {"template": "experts/_home_reviews.html", "waiting": waiting}


def _filters() -> dict:
    return {k: (request.args.get(k) or "").strip()[:64] for k in ("subject", "stage", "title", "q")}


def _pool(form=None, status: int = 200):
    filters, page_number = _filters(), arg_page()
    retired = request.args.get("retired") == "1" and policies.can_keep_pool(current_user)
    rows, total = queries.pool(db.session, subject=filters["subject"] or None, stage=filters["stage"] or None,
                               title=filters["title"] or None, text=filters["q"], retired=retired,
                               page=page_number, per_page=PER_PAGE)
    keeper = policies.can_keep_pool(current_user)
    return render_template("experts/pool.html", rows=rows, total=total, filters=filters, retired=retired,
                           facets=queries.facets(db.session), page=page_number,
                           pages=max(-(-total // PER_PAGE), 1), form=form or (forms.AddExpertForm() if keeper else None),
                           selected=queries.selected_ids(db.session, current_user),
                           selecting=policies.selecting_unit(current_user)), status


@bp.get("/experts/")
@page(allow=policies.SEE_POOL)
def pool_page():
    """The pool, filtered by subject, stage and title; a city or county picks its experts here."""
    return _pool()


@bp.post("/experts/")
@page(allow=policies.KEEP_POOL, form=forms.AddExpertForm, again=lambda form: _pool(form, 400))
def add_expert(form):
    profile = services.add_to_pool(db.session, current_user, form.username.data,
                                   {name: getattr(form, name).data for name in services.PROFILE_FIELDS})
    flash(_("%(name)s joined the expert pool.", name=profile.user.name), "success")
    return redirect(url_for("experts.profile_page", profile_id=profile.id))


def _profile(profile, form=None, status: int = 200):
    keeper = policies.can_keep_pool(current_user)
    if keeper and form is None:
        form = forms.ProfileForm(obj=profile, formdata=None)
    reviewed = [r for r in queries.my_reviews(db.session, profile.user)] if keeper else []
    return render_template("experts/profile.html", profile=profile, form=form if keeper else None,
                           can_select=policies.can_select(current_user, profile),
                           selected=profile.id in queries.selected_ids(db.session, current_user),
                           selected_by=queries.selected_by(db.session, profile, current_user),
                           reviewed=reviewed), status


@bp.get("/experts/<int:profile_id>")
@page(load=PROFILE, allow=policies.SEE_PROFILE)
def profile_page(profile):
    return _profile(profile)


@bp.post("/experts/<int:profile_id>")
@page(load=PROFILE, allow=policies.KEEP_POOL, form=forms.ProfileForm,
      again=lambda profile, form: _profile(profile, form, 400))
def edit_profile(profile, form):
    services.update_profile(db.session, current_user, profile,
                            {name: getattr(form, name).data for name in services.PROFILE_FIELDS})
    flash(_("Saved."), "success")
    return redirect(url_for("experts.profile_page", profile_id=profile.id))


@bp.post("/experts/<int:profile_id>/retire")
@page(load=PROFILE, allow=policies.KEEP_POOL)
def retire(profile):
    services.retire(db.session, current_user, profile)
    flash(_("%(name)s left the expert pool.", name=profile.user.name), "success")
    return redirect(url_for("experts.pool_page"))


@bp.post("/experts/<int:profile_id>/select")
@page(load=PROFILE, allow=policies.SELECT)
def select(profile):
    services.select_expert(db.session, current_user, profile)
    flash(_("%(name)s is one of your experts now.", name=profile.user.name), "success")
    return redirect(request.referrer or url_for("experts.pool_page"))


@bp.post("/experts/<int:profile_id>/unselect")
@page(load=PROFILE, allow=policies.SELECTION)
def unselect(profile):
    services.unselect_expert(db.session, current_user, profile)
    flash(_("%(name)s is no longer one of your experts.", name=profile.user.name), "success")
    return redirect(request.referrer or url_for("experts.pool_page"))


# --- course review ---------------------------------------------------------------------------------------


@bp.post("/courses/<int:course_id>/review")
@page(load={"course": projects.course_for}, allow=policies.SUBMIT, form=forms.SubmitForm)
def submit_course(course, form):
    review = services.submit(db.session, current_user, course, form.note.data)
    flash(_("%(name)s was sent to expert review.", name=course.title), "success")
    return redirect(url_for("experts.review_page", review_id=review.id))


@bp.get("/reviews/")
@page(allow=policies.SEE_QUEUE)
def queue_page():
    """Course reviews of the caller's area: open ones, or every round (``state=all``)."""
    state = None if request.args.get("state") == "all" else "open"
    rows, total = queries.queue(db.session, current_user, state=state, per_page=200)
    return render_template("experts/queue.html", rows=[queries.review_dict(r, current_user) for r in rows],
                           total=total, state=state or "all")


def _review(review, assign_form=None, evaluation=None, status: int = 200):
    data = queries.review_dict(review, current_user)
    if data["can_assign"] and assign_form is None:
        assign_form = forms.AssignForm(formdata=None)
    if assign_form is not None:
        present = {r.profile_id for r in review.reviewers}
        assign_form.profile_ids.choices = [
            (p.id, f"{p.user.name} · {p.subject} · {p.stage} · {p.title}")
            for p in services.candidates(db.session, current_user) if p.id not in present]
    if data["can_evaluate"] and evaluation is None:
        mine = next(r for r in review.reviewers if r.profile.user_id == current_user.id)
        evaluation = forms.EvaluationForm(obj=mine, formdata=None)
    return render_template("experts/review.html", review=review, data=data, assign_form=assign_form,
                           evaluation=evaluation, criteria=rules.CRITERIA,
                           rounds=queries.rounds_of(db.session, review.course)), status


@bp.get("/reviews/<int:review_id>")
@page(load=REVIEW, allow=policies.SEE_REVIEW)
def review_page(review):
    return _review(review)


def _assign_form() -> forms.AssignForm:
    form = forms.AssignForm()
    form.profile_ids.choices = [(p.id, p.user.name) for p in services.candidates(db.session, current_user)]
    return form


@bp.post("/reviews/<int:review_id>/reviewers")
@page(load=REVIEW, allow=policies.MANAGE_REVIEW, form=_assign_form,
      again=lambda review, form: _review(review, assign_form=form, status=400))
def assign(review, form):
    services.assign(db.session, current_user, review, form.profile_ids.data)
    flash(_("The reviewers were assigned."), "success")
    return redirect(url_for("experts.review_page", review_id=review.id))


@bp.post("/reviews/<int:review_id>/evaluation")
@page(load=REVIEW, allow=policies.EVALUATE, form=forms.EvaluationForm,
      again=lambda review, form: _review(review, evaluation=form, status=400))
def evaluate(review, form):
    scores = {name: getattr(form, name).data for name in rules.CRITERIA}
    services.evaluate(db.session, current_user, review, scores, form.comment.data, form.verdict.data)
    flash(_("Your evaluation was saved."), "success")
    return redirect(url_for("experts.my_reviews_page"))


@bp.post("/reviews/<int:review_id>/publish")
@page(load=REVIEW, allow=policies.PUBLISH)
def publish(review):
    course = services.publish(db.session, current_user, review)
    flash(_("%(name)s is published in the province catalogue.", name=course.title), "success")
    return redirect(url_for("experts.review_page", review_id=review.id))


@bp.get("/reviews/mine")
@page(allow=policies.MY_REVIEWS)
def my_reviews_page():
    return render_template("experts/mine.html", rows=queries.my_reviews(db.session, current_user))
