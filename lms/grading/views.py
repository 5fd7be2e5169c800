"""Grade pages: the learner's breakdown with what is missing in words; a class's grades for its tutors
(recommendations, Excel); the project's grading policy for province admins."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.activities.forms import KIND_LABELS
from lms.core import clock
from lms.core.errors import NotFound
from lms.core.texts import text_renderer
from lms.extensions import db
from lms.grading import forms, policies, queries, rules, services
from lms.grading.models import ACTIVITY_FIELDS, COMMENDATION_FIELDS
from lms.web.pipeline import page
from lms.enrollment import queries as enrollment_queries

bp = Blueprint("grading", __name__)

COMPONENT_LABELS = {"study": _l("Course study time"), "objective": _l("Objective questions"),
                    "subjective": _l("Written assignment"), "excellent_work": _l("Excellent work"),
                    "interaction": _l("Interaction (forum and Q&A)")}


def hint_text(hint: dict, facts: dict | None = None) -> str:
    """One line of "what is missing" in words, from rules.what_is_missing's plain hint.

    ``facts`` (queries.hint_facts) keeps the words true to the learner's state: written work handed in is
    "waiting for its review", not "hand it in"; a class with no expert Q&A ahead is told so."""
    facts = facts or {}
    points = "%g" % hint.get("points", 0)
    component, reason = hint["component"], hint.get("reason")
    if component == "plagiarism":
        return _("Plagiarism was confirmed: this training has failed, whatever the score.")
    if component == "study":
        return _("Study %(n)d more minutes of the course (its videos and readings) for full marks.",
                 n=hint["minutes"])
    if component == "objective":
        return (_("Take the course quiz: up to %(points)s points.", points=points) if reason == "missing"
                else _("Your quiz results leave %(points)s points open.", points=points))
    if component == "subjective":
        if reason == "missing" and facts.get("written_waiting"):
            return _("Your written work is handed in and waits for a tutor's review: it can earn up to "
                     "%(points)s points.", points=points)
        return (_("Hand in the written assignment; once a tutor reviews it, it earns up to %(points)s points.",
                  points=points) if reason == "missing"
                else _("Your reviewed written work leaves %(points)s points open.", points=points))
    if component == "excellent_work":
        return _("Work a tutor marks as excellent earns %(points)s more points.", points=points)
    part, n = hint.get("part"), hint.get("count", 0)
    if part == "topics":
        return _("Start %(n)d more forum topic(s) that count: %(points)s points.", n=n, points=points)
    if part == "replies":
        return _("Write %(n)d more forum replies that count: %(points)s points.", n=n, points=points)
    if facts and not facts.get("qa_ahead"):
        return (_("Your class has no expert Q&A still to come; if one is scheduled, asking or answering a "
                  "question in it earns %(points)s points.", points=points) if facts.get("qa_held")
                else _("No expert Q&A is scheduled for your class yet; if one is, asking or answering a question "
                       "in it earns %(points)s points.", points=points))
    return _("Ask or answer a question in %(n)d more expert Q&A session(s): %(points)s points.", n=n,
             points=points)


def credit_lines(components: dict) -> dict[str, list[str]]:
    """What activities and featured posts added to a grade, in words, per component (e.g. "线下研讨 2 次
    +4 分"); a grade stored before they existed has none."""
    study, interaction = components.get("study", {}), components.get("interaction", {})
    lines = {"study": [_("%(kind)s %(n)d time(s), %(m)d min attended: +%(s)s min of study time",
                         kind=KIND_LABELS.get(x["kind"], x["kind"]), n=x["count"], m=x["minutes"],
                         s="%g" % x["study_minutes"]) for x in study.get("activities", [])],
             "interaction": [_("%(kind)s %(n)d time(s): +%(p)s points", kind=KIND_LABELS.get(x["kind"], x["kind"]),
                               n=x["count"], p="%g" % x["points"]) for x in interaction.get("activities", [])]}
    featured = interaction.get("featured")
    if featured:
        lines["interaction"].append(_("Featured posts %(n)d: +%(p)s points", n=featured["count"],
                                      p="%g" % featured["points"]))
    return lines


def learner_section(user):
    """A teacher's work list: for each training still being graded, the grade so far against the pass mark,
    the study minutes left and the first thing still missing, in words, with the ways to the course and grade."""
    if not user.has_role("teacher"):
        return None
    now, rows = clock.now(), []
    for enrollment in enrollment_queries.my_enrollments(db.session, user):
        if enrollment.status != "active":
            continue
        grade = services.grade_now(db.session, enrollment)
        if grade.final:
            continue
        settings = services.settings_for(db.session, enrollment.training_class.batch.project_id)
        facts = queries.hint_facts(db.session, enrollment, now)
        study = next((h for h in grade.hints if h["component"] == "study"), None)
        rows.append({"enrollment": enrollment, "total": grade.total, "pass_mark": settings.pass_mark,
                     "minutes_left": study["minutes"] if study else 0, "hints": len(grade.hints),
                     "next": hint_text(grade.hints[0], facts) if grade.hints else None})
        if len(rows) == 3:
            break
    return {"template": "grading/_home_learner.html", "rows": rows} if rows else None


@bp.get("/grades/<int:enrollment_id>")
@page(load={"enrollment": enrollment_queries.enrollment})
def grade_page(enrollment):
    grade = services.grade_now(db.session, enrollment)
    row = services.settings_for(db.session, enrollment.training_class.batch.project_id)
    facts = queries.hint_facts(db.session, enrollment, clock.now())
    return render_template("grading/grade.html", enrollment=enrollment, grade=grade, settings=row,
                           needed=rules.points_needed(grade, services.policy_of(row)),
                           hints=[hint_text(h, facts) for h in grade.hints], labels=COMPONENT_LABELS,
                           credits=credit_lines(grade.components),
                           closes_at=services.closes_at(enrollment.training_class.batch, row))


@bp.get("/classes/<int:class_id>/grades")
@page(load={"klass": queries.klass}, allow=policies.VIEW_CLASS_GRADES)
def class_page(klass):
    rows, assessed = services.class_grades_now(db.session, klass)
    row = services.settings_for(db.session, klass.batch.project_id)
    return render_template("grading/class.html", klass=klass, rows=rows, settings=row, assessed=assessed,
                           criterion_labels=services.criterion_labels(), text=text_renderer())


def _class_page(klass, **_):
    return url_for("grading.class_page", class_id=klass.id)


@bp.post("/classes/<int:class_id>/grades/<int:enrollment_id>/recommend")
@page(load={"klass": queries.klass, "enrollment": enrollment_queries.enrollment}, allow=policies.RECOMMEND,
      form=forms.RecommendForm, back=_class_page)
def recommend(klass, enrollment, form):
    if enrollment.class_id != klass.id:
        raise NotFound(_("No such enrollment."))
    services.recommend(db.session, current_user, enrollment, request.form.get("recommended") == "1", form.note.data)
    flash(_("Saved."), "success")
    return redirect(_class_page(klass))


def _policy_page(project, form=None, error=None, **_):
    form = form or forms.GradingPolicyForm(obj=services.settings_for(db.session, project.id))
    if error is not None:  # a refusal of the whole policy (the points do not add up) says why at the top
        form.form_errors.extend(message for name, message in error.fields.items() if not hasattr(form, name))
    return render_template("grading/policy.html", project=project, form=form,
                           started=services.project_started(project, clock.now()))


@bp.route("/projects/<int:project_id>/grading-policy", methods=["GET", "POST"])
@page(load={"project": queries.project}, allow=policies.SET_GRADING_POLICY, form=forms.GradingPolicyForm,
      again=_policy_page)
def policy_page(project, form):
    if request.method == "GET":
        return _policy_page(project)
    current = services.settings_for(db.session, project.id)
    values = {f.name: f.data for f in form if f.name not in ("csrf_token", "reason")}
    values.update({name: getattr(current, name) for name in COMMENDATION_FIELDS + ACTIVITY_FIELDS
                   if values.get(name) is None})
    services.save_settings(db.session, current_user, project, values, form.reason.data)
    flash(_("Saved."), "success")
    return redirect(url_for("grading.policy_page", project_id=project.id))


def class_links(user, klass) -> list[tuple[str, str]]:
    return ([(url_for("grading.class_page", class_id=klass.id), _("Grades"))]
            if policies.can_view_class_grades(user, klass) else [])
