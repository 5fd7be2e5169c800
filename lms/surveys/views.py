"""The survey pages: the list (to answer; written or managed), writing a survey (from a template or blank), its
page (settings and questions while a draft; publish, close), answering, and the results with their charts.
The Excel file is the API's (GET /api/v1/surveys/<id>/results.xlsx)."""
from __future__ import annotations

import json
from datetime import timedelta

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.core import clock
from lms.core.errors import InvalidInput, NotFound
from lms.extensions import db
from lms.surveys import forms, policies, queries, rules, services, starters
from lms.web.pipeline import page

bp = Blueprint("surveys", __name__)
SURVEY = {"survey": queries.survey}


def nav_entries(user) -> list[tuple[str, str]]:
    return [(url_for("surveys.index"), _("Surveys"))]


def home_section(user):
    """The surveys open to the user that it has not answered yet."""
    waiting = [s for s, answered in queries.open_for(db.session, user, clock.now()) if not answered]
    return {"template": "surveys/_home.html", "surveys": waiting} if waiting else None


@bp.get("/surveys")
@page()
def index():
    now = clock.now()
    mine = queries.managed(db.session, current_user, per_page=100)[0] if policies.can_write(current_user) else []
    return render_template("surveys/index.html", open=queries.open_for(db.session, current_user, now), mine=mine,
                           state=lambda s: services.state(s, now), can_write=policies.can_write(current_user),
                           starters=starters.STARTERS)


def _target_choices(survey=None) -> list[tuple[str, str]]:
    found = services.choices_for(db.session, current_user)
    choices = [(f"batch:{b.id}", f"{forms.TARGET_LABELS['batch']} · {b.project.name} · "
                                 + _("Batch %(n)d", n=b.number)) for b in found["batches"]]
    choices += [(f"class:{k.id}", f"{forms.TARGET_LABELS['class']} · {k.name}") for k in found["classes"]]
    choices += [(f"unit:{u.id}", f"{forms.TARGET_LABELS['unit']} · {u.name}") for u in found["units"]]
    if survey is not None:  # the survey's own target, even when it is not among the recent ones
        own = f"{survey.target_kind}:{survey.target_batch_id or survey.target_class_id or survey.target_unit_id}"
        if own not in dict(choices):
            choices.insert(0, (own, services.target_name(survey)))
    return choices


def _settings(form) -> dict:
    kind, _sep, number = (form.target_id.data or "").partition(":")
    if kind not in rules.TARGETS or not number.isdigit() or len(number) > 12:
        raise InvalidInput(_("Please correct the marked fields."), {"target_id": _("Choose whom to address.")})
    tz = clock.local_tz()
    return {"title": form.title.data, "intro": form.intro.data, "anonymous": form.anonymous.data,
            "opens_at": form.opens_at.data.replace(tzinfo=tz), "closes_at": form.closes_at.data.replace(tzinfo=tz),
            "target_kind": kind, "target_id": int(number), "audience": form.audience.data}


def _new_page(form=None, **_kw):
    if form is None:
        form = forms.SurveyForm()
        starter = starters.BY_KEY.get(request.args.get("template", ""))
        now = clock.now().astimezone(clock.local_tz()).replace(second=0, microsecond=0, tzinfo=None)
        form.opens_at.data, form.closes_at.data = now, now + timedelta(days=14)
        if starter is not None:
            form.template.data, form.title.data, form.intro.data = starter.key, str(starter.title), str(starter.intro)
            form.anonymous.data, form.audience.data = starter.anonymous, starter.audience
    form.target_id.choices = _target_choices()
    starter = starters.BY_KEY.get(form.template.data or "")
    return render_template("surveys/new.html", form=form, starter=starter, starters=starters.STARTERS,
                           questions=starters.questions_of(starter) if starter else [], kinds=forms.KIND_LABELS)


@bp.get("/surveys/new")
@page(allow=policies.WRITE)
def new():
    return _new_page()


@bp.post("/surveys/new")
@page(allow=policies.WRITE, form=forms.SurveyForm, again=_new_page)
def create(form):
    survey = services.create(db.session, current_user, template=form.template.data or None, **_settings(form))
    flash(_("The draft is saved. Add or change its questions, then publish it."), "success")
    return redirect(url_for("surveys.survey_page", survey_id=survey.id))


def _survey_page(survey, form=None, question_form=None, **_kw):
    if form is None:
        form = forms.SurveyForm(obj=survey, formdata=None)
        tz = clock.local_tz()
        form.opens_at.data = survey.opens_at.astimezone(tz).replace(tzinfo=None)
        form.closes_at.data = survey.closes_at.astimezone(tz).replace(tzinfo=None)
        form.target_id.data = (f"{survey.target_kind}:"
                               f"{survey.target_batch_id or survey.target_class_id or survey.target_unit_id}")
    form.target_id.choices = _target_choices(survey)
    return render_template("surveys/survey.html", survey=survey, form=form,
                           question_form=question_form or forms.QuestionForm(formdata=None),
                           state=services.state(survey, clock.now()), target=services.target_name(survey),
                           can_edit=policies.can_edit(current_user, survey), kinds=forms.KIND_LABELS,
                           audiences=forms.AUDIENCE_LABELS,
                           responses=queries.response_count(db.session, survey.id))


def _question_again(survey, form, **_kw):
    return _survey_page(survey, question_form=form)


@bp.get("/surveys/<int:survey_id>")
@page(load=SURVEY, allow=policies.MANAGE)
def survey_page(survey):
    return _survey_page(survey)


@bp.post("/surveys/<int:survey_id>")
@page(load=SURVEY, allow=policies.EDIT, form=forms.SurveyForm, again=_survey_page)
def update(survey, form):
    services.update(db.session, current_user, survey, **_settings(form))
    flash(_("Saved."), "success")
    return redirect(url_for("surveys.survey_page", survey_id=survey.id))


@bp.post("/surveys/<int:survey_id>/questions")
@page(load=SURVEY, allow=policies.EDIT, form=forms.QuestionForm, again=_question_again)
def add_question(survey, form):
    services.add_question(db.session, current_user, survey, form.values())
    flash(_("The question is added."), "success")
    return redirect(url_for("surveys.survey_page", survey_id=survey.id, _anchor="questions"))


def _back(survey, **_kw):
    return url_for("surveys.survey_page", survey_id=survey.id)


@bp.post("/surveys/<int:survey_id>/questions/<int:question_id>/delete")
@page(load=SURVEY, allow=policies.EDIT, back=_back)
def remove_question(survey, question_id):
    services.remove_question(db.session, current_user, survey, question_id)
    return redirect(url_for("surveys.survey_page", survey_id=survey.id, _anchor="questions"))


@bp.post("/surveys/<int:survey_id>/questions/<int:question_id>/<direction>")
@page(load=SURVEY, allow=policies.EDIT, back=_back)
def move_question(survey, question_id, direction):
    if direction not in ("up", "down"):
        raise NotFound(_("Not found."))
    services.move_question(db.session, current_user, survey, question_id, -1 if direction == "up" else 1)
    return redirect(url_for("surveys.survey_page", survey_id=survey.id, _anchor="questions"))


@bp.post("/surveys/<int:survey_id>/publish")
@page(load=SURVEY, allow=policies.EDIT, back=_back)
def publish(survey):
    services.publish(db.session, current_user, survey)
    flash(_("The survey is published."), "success")
    return redirect(url_for("surveys.survey_page", survey_id=survey.id))


@bp.post("/surveys/<int:survey_id>/close")
@page(load=SURVEY, allow=policies.MANAGE, back=_back)
def close(survey):
    services.close(db.session, current_user, survey)
    flash(_("The survey is closed."), "success")
    return redirect(url_for("surveys.survey_page", survey_id=survey.id))


def _answer_page(survey, form=None, error=None, **_kw):
    now = clock.now()
    messages = {}
    if error is not None:
        messages = {k.partition(".")[2]: v for k, v in error.fields.items() if k.startswith("answers.")}
    given = {q.id: (request.form.getlist(f"q{q.id}") if q.kind == rules.MULTIPLE else request.form.get(f"q{q.id}"))
             for q in survey.questions} if request.method == "POST" else {}
    return render_template("surveys/answer.html", survey=survey, form=form or forms.AnswerForm(),
                           open=rules.is_open(survey.status, survey.opens_at, survey.closes_at, now),
                           answered=queries.has_answered(db.session, survey.id, current_user.id),
                           addressed=queries.addresses(db.session, survey, current_user.id),
                           messages=messages, given=given), (400 if error is not None else 200)


@bp.get("/surveys/<int:survey_id>/answer")
@page(load=SURVEY)
def answer_page(survey):
    return _answer_page(survey)


@bp.post("/surveys/<int:survey_id>/answer")
@page(load={"survey": queries.survey_to_answer}, form=forms.AnswerForm, again=_answer_page)
def answer(survey, form):
    raw = {}
    for q in survey.questions:
        value = request.form.getlist(f"q{q.id}") if q.kind == rules.MULTIPLE else request.form.get(f"q{q.id}")
        if value not in (None, [], ""):
            raw[q.id] = value
    services.answer(db.session, current_user, survey, raw)
    flash(_("Thank you: your answers are in."), "success")
    return redirect(url_for("surveys.index"))


@bp.get("/surveys/<int:survey_id>/results")
@page(load=SURVEY, allow=policies.MANAGE)
def results(survey):
    data = services.results(db.session, current_user, survey)
    charts = {q["id"]: json.dumps({"labels": [o["label"] for o in q["options"]],
                                   "counts": [o["count"] for o in q["options"]]})
              for q in data["questions"] if q.get("options")}
    return render_template("surveys/results.html", survey=survey, data=data, charts=charts, kinds=forms.KIND_LABELS)
