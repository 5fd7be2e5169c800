"""Training outcome pages: the caller's outcomes and the hand-in form, one outcome with the steps the caller may
take, the province showcase, a school's teaching-research group space. Files download through the API's route."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.extensions import db
from lms.outcomes import forms, policies, queries, services
from lms.web.params import arg_id, arg_page
from lms.web.pipeline import page
from lms.web.security import body_limit

bp = Blueprint("outcomes", __name__)
OUTCOME = {"outcome": queries.outcome}
SCHOOL = {"school": queries.school}
PER_PAGE = 30


def nav_entries(user) -> list[tuple[str, str]]:
    entries = [(url_for("outcomes.showcase"), _("Outcome showcase"))]
    if policies.can_hand_in(user) or user.has_role("tutor") or user.is_admin:
        entries.insert(0, (url_for("outcomes.index"), _("Training outcomes")))
    return entries


def _labels() -> dict:
    return {"kinds": forms.kind_labels(), "states": forms.state_labels(), "file_help": forms.FILE_HELP}


def _upload(form):
    config = current_app.config
    return services.read_file(form.file.data, config["MAX_DOCUMENT_BYTES"], config["MAX_OUTCOME_VIDEO_BYTES"])


def _index(form=None, **_):
    state = request.args.get("state") or None
    page_no = arg_page()
    rows, total = queries.outcomes_page(db.session, current_user, state=state if state in forms.state_labels() else None,
                                        page=page_no, per_page=PER_PAGE)
    proposals = queries.proposable(db.session, current_user) if current_user.has_role("tutor") else []
    return render_template("outcomes/index.html", items=queries.as_dicts(db.session, current_user, rows),
                           total=total, page=page_no, pages=max(1, -(-total // PER_PAGE)), state=state,
                           proposals=proposals, propose_form=forms.ProposeForm(),
                           can_hand_in=policies.can_hand_in(current_user), **_labels())


@bp.get("/outcomes")
@page()
def index():
    return _index()


def _new(form=None, **_):
    form = form or forms.HandInForm()
    form.offer(queries.my_written_work(db.session, current_user), queries.my_trainings(db.session, current_user))
    return render_template("outcomes/new.html", form=form, **_labels())


@bp.get("/outcomes/new")
@page(allow=policies.HAND_IN)
def new():
    return _new()


@bp.post("/outcomes")
@body_limit("MAX_OUTCOME_VIDEO_BYTES")
@page(allow=policies.HAND_IN, form=forms.HandInForm, again=_new)
def hand_in(form):
    row = services.hand_in(db.session, current_user, services.HandIn(
        enrollment_id=form.enrollment_id.data, title=form.title.data, kind=form.kind.data,
        description=form.description.data, submission_id=form.submission_id.data, file=_upload(form)))
    flash(_("Your outcome is handed in to your school."), "success")
    return redirect(url_for("outcomes.detail", outcome_id=row.id))


def _detail(outcome, form=None, error=None, **_):
    item = queries.as_dicts(db.session, current_user, [outcome], with_text=True)[0]
    resubmit_form = form if isinstance(form, forms.ResubmitForm) else None
    if "resubmit" in item["actions"] and resubmit_form is None:
        resubmit_form = forms.ResubmitForm(data={"title": outcome.title, "kind": outcome.kind,
                                                 "description": outcome.description})
    if resubmit_form is not None:
        resubmit_form.offer(queries.my_written_work(db.session, current_user))
    reason_form = form if isinstance(form, forms.ReasonForm) else forms.ReasonForm()
    recommend_form = form if isinstance(form, forms.RecommendForm) else forms.RecommendForm()
    return render_template("outcomes/detail.html", outcome=outcome, item=item, resubmit_form=resubmit_form,
                           reason_form=reason_form, recommend_form=recommend_form, **_labels())


@bp.get("/outcomes/<int:outcome_id>")
@page(load=OUTCOME, allow=policies.SEE)
def detail(outcome):
    return _detail(outcome)


def _back(outcome, **_):
    return url_for("outcomes.detail", outcome_id=outcome.id)


@bp.post("/outcomes/<int:outcome_id>/resubmit")
@body_limit("MAX_OUTCOME_VIDEO_BYTES")
@page(load=OUTCOME, allow=policies.RESUBMIT, form=forms.ResubmitForm, again=_detail)
def resubmit(outcome, form):
    services.resubmit(db.session, current_user, outcome, services.HandIn(
        enrollment_id=outcome.enrollment_id, title=form.title.data, kind=form.kind.data,
        description=form.description.data, submission_id=form.submission_id.data, file=_upload(form)))
    flash(_("Your outcome is handed in again."), "success")
    return redirect(_back(outcome))


@bp.post("/outcomes/<int:outcome_id>/withdraw")
@page(load=OUTCOME, allow=policies.WITHDRAW, back=_back)
def withdraw(outcome):
    services.withdraw(db.session, current_user, outcome)
    flash(_("Your outcome is withdrawn."), "success")
    return redirect(url_for("outcomes.index"))


@bp.post("/outcomes/<int:outcome_id>/accept", defaults={"action": "accept"})
@bp.post("/outcomes/<int:outcome_id>/return", defaults={"action": "return"})
@page(load=OUTCOME, allow=policies.REVIEW, form=forms.ReasonForm, again=_detail)
def review(outcome, action, form):
    services.review(db.session, current_user, outcome, action, form.reason.data)
    flash(_("The outcome is taken in.") if action == "accept" else _("The outcome is returned to its author."),
          "success")
    return redirect(_back(outcome))


@bp.post("/outcomes/<int:outcome_id>/recommend")
@page(load=OUTCOME, allow=policies.RECOMMEND, form=forms.RecommendForm, again=_detail)
def recommend(outcome, form):
    services.recommend(db.session, current_user, outcome, form.note.data)
    flash(_("The outcome is recommended for the province showcase."), "success")
    return redirect(_back(outcome))


@bp.post("/outcomes/<int:outcome_id>/showcase", defaults={"action": "showcase"})
@bp.post("/outcomes/<int:outcome_id>/decline", defaults={"action": "decline"})
@page(load=OUTCOME, allow=policies.SHOWCASE, form=forms.ReasonForm, again=_detail)
def decide(outcome, action, form):
    services.decide(db.session, current_user, outcome, action, form.reason.data)
    flash(_("The outcome is in the province showcase.") if action == "showcase"
          else _("The outcome is declined for the showcase."), "success")
    return redirect(_back(outcome))


@bp.post("/submissions/<int:submission_id>/propose-outcome")
@page(load={"submission": queries.submission}, allow=policies.PROPOSE, form=forms.ProposeForm,
      back=lambda **_: url_for("outcomes.index"))
def propose(submission, form):
    row = services.propose(db.session, current_user, submission, form.kind.data, None, form.note.data)
    flash(_("The work is proposed for the province showcase."), "success")
    return redirect(url_for("outcomes.detail", outcome_id=row.id))


@bp.get("/showcase")
@page()
def showcase():
    filters = {"project_id": arg_id("project"), "batch_id": arg_id("batch"),
               "subject": request.args.get("subject") or None, "stage": request.args.get("stage") or None,
               "kind": request.args.get("kind") if request.args.get("kind") in forms.kind_labels() else None}
    page_no = arg_page()
    rows, total = queries.showcase_page(db.session, page=page_no, per_page=PER_PAGE,
                                        **{k: (v[:32] if isinstance(v, str) else v) for k, v in filters.items()})
    return render_template("outcomes/showcase.html", items=queries.as_dicts(db.session, current_user, rows),
                           total=total, page=page_no, pages=max(1, -(-total // PER_PAGE)), filters=filters,
                           pager_args={k: v for k, v in zip(("project", "batch", "subject", "stage", "kind"),
                                                            filters.values()) if v},
                           choices=queries.showcase_choices(db.session), **_labels())


@bp.get("/group")
@page()
def my_group():
    """The caller's own school's group space (a teacher's or a school admin's); others have none: their outcomes."""
    if current_user.org_unit.level != "school":
        return redirect(url_for("outcomes.index"))
    return redirect(url_for("outcomes.group", school_id=current_user.org_unit_id))


def _group(school, form=None, **_):
    subject = (request.args.get("subject") or request.form.get("subject") or "")[:32] or None
    data = queries.group_space(db.session, current_user, school, subject)
    return render_template("outcomes/group.html", school=school, data=data, form=form or forms.NoteForm(),
                           **_labels())


@bp.get("/schools/<int:school_id>/group")
@page(load=SCHOOL, allow=policies.SEE_GROUP)
def group(school):
    return _group(school)


@bp.post("/schools/<int:school_id>/group/outcomes/<int:outcome_id>/notes")
@page(load={**SCHOOL, **OUTCOME}, allow=policies.NOTE, form=forms.NoteForm,
      back=lambda school, outcome, **_: url_for("outcomes.group", school_id=school.id, subject=outcome.subject))
def add_note(school, outcome, form):
    services.add_note(db.session, current_user, school, outcome, form.body.data)
    flash(_("Your note is added."), "success")
    return redirect(url_for("outcomes.group", school_id=school.id, subject=outcome.subject,
                            _anchor=f"outcome-{outcome.id}"))
