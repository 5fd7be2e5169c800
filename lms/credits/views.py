"""Credit pages: a teacher's record this cycle and the claim form; review queues; compliance with drill-down,
Excel out and in; the printable record."""
from __future__ import annotations

import io
from decimal import Decimal

from flask import Blueprint, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.core import clock, scope
from lms.core.errors import Forbidden, InvalidInput, NotFound
from lms.credits import exports, forms, labels, pdf, policies, queries, rules, services, sheets
from lms.extensions import db
from lms.org import queries as org_queries
from lms.org.models import User
from lms.web.pipeline import page
from lms.web.security import body_limit

bp = Blueprint("credits", __name__)
ENTRY = {"entry": queries.entry}
UNIT = {"unit": org_queries.unit_in_scope}
TEACHER = {"teacher": queries.teacher}


def nav_entries(user) -> list[tuple[str, str]]:
    items = []
    if policies.can_claim(user):
        items.append((url_for("credits.my_record"), _("My credits")))
    if policies.can_review(user):
        items.append((url_for("credits.reviews"), _("Credit reviews")))
    if user.is_admin:
        items.append((url_for("credits.home"), _("Credits")))
    return items


def teacher_section(user):
    if not policies.can_claim(user):
        return None
    record = queries.record(db.session, user)
    return {"template": "credits/_home_teacher.html", "record": record, "labels": labels.all_labels()}


def _cycle() -> rules.Cycle:
    """The cycle the page shows: ``?cycle=<any year of it>``, else this year's."""
    year = request.args.get("cycle", type=int)
    if year is None or not 2000 <= year <= 2100:
        return queries.current_cycle()
    return rules.cycle_of(year, queries.region_rules())


@bp.get("/credits/")
@page()
def home():
    if current_user.is_admin:
        return redirect(url_for("credits.unit_page", unit_id=scope.highest_admin_unit(current_user).id))
    if policies.can_claim(current_user):
        return redirect(url_for("credits.my_record"))
    raise Forbidden(_("Only teachers and admins keep credit records."))


def _record_page(teacher, claim_form=None, profile_form=None):
    record = queries.record(db.session, teacher, _cycle())
    own = teacher.id == current_user.id
    if claim_form is None and own and policies.can_claim(current_user):
        claim_form = forms.ClaimForm(year=queries.this_year())
    if claim_form is not None:
        claim_form.plan_id.choices = [("", "—")] + [
            (str(p.id), f"{p.year} · {labels.sources()[p.kind]} · {p.title}")
            for p in queries.approved_plans_of(db.session, teacher)]
    if profile_form is None and policies.can_keep_record(current_user, teacher):
        profile_form = forms.ProfileForm(kind=record.profile.kind, start_year=record.profile.start_year,
                                         private=record.profile.private, institution=record.profile.institution)
    missing_categories = {line.key.split(".")[0] for line in record.standing.missing}
    suggestions = queries.offerings_for(db.session, missing_categories)
    peak = max([float(v) for v in record.standing.by_year.values()] + [1.0])
    return render_template("credits/record.html", record=record, own=own, claim_form=claim_form,
                           profile_form=profile_form, labels=labels.all_labels(), suggestions=suggestions, peak=peak,
                           certificate=queries.certificate_of(db.session, teacher.id, record.cycle.start_year),
                           can_certify=rules.certificate_refusal(record.standing) is None
                           and policies.can_see_record(current_user, teacher))


@bp.get("/credits/me")
@page()
def my_record():
    return _record_page(current_user)


def _again_claim(form, **_):
    return _record_page(current_user, claim_form=form)


@bp.post("/credits/claims")
@body_limit("MAX_DOCUMENT_BYTES")
@page(allow=policies.CLAIM, form=forms.ClaimForm, again=_again_claim)
def claim(form):
    upload = form.file.data
    data = services.read_evidence(upload, current_app.config["MAX_DOCUMENT_BYTES"])
    entry = services.claim(db.session, current_user, services.Claim(
        source=form.source.data, title=form.title.data, year=form.year.data,
        hours=Decimal(form.hours.data or 0), category=form.category.data or None, theme=form.theme.data or None,
        provider=form.provider.data, note=form.note.data, minutes=form.minutes.data,
        feedback_days=form.feedback_days.data, plan_id=form.plan_id.data, files=[(upload.filename, data)]))
    flash(_("Your claim of %(credits)s credits waits for your school's review.", credits=entry.credits), "success")
    return redirect(url_for("credits.my_record"))


@bp.get("/credits/teachers/<int:teacher_id>")
@page(load=TEACHER, allow=policies.SEE_RECORD)
def teacher_page(teacher):
    return _record_page(teacher)


def _to_teacher(teacher, **_):
    return url_for("credits.teacher_page", teacher_id=teacher.id)


@bp.post("/credits/teachers/<int:teacher_id>/profile")
@page(load=TEACHER, allow=policies.KEEP_RECORD, form=forms.ProfileForm, back=_to_teacher)
def set_profile(teacher, form):
    services.set_profile(db.session, current_user, teacher, form.kind.data, form.start_year.data,
                         form.private.data, form.institution.data)
    flash(_("The situation of %(name)s is saved.", name=teacher.name), "success")
    return redirect(_to_teacher(teacher))


@bp.get("/credits/teachers/<int:teacher_id>/record.pdf")
@page(load=TEACHER, allow=policies.SEE_RECORD)
def record_pdf(teacher):
    record = queries.record(db.session, teacher, _cycle())
    code = pdf.verification_code(teacher.id, record.cycle.start_year)
    data = pdf.render_record(record, url_for("credits.verify", code=code, _external=True), code)
    return send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=False,
                     download_name=f"credits-{teacher.username}-{record.cycle.start_year}.pdf")


@bp.get("/credits/verify/<code>")
@page(public=True, replica=True)
def verify(code):
    """Anyone holding a record's code sees whose it is and where it stands now."""
    found = pdf.read_code(code)
    teacher = db.session.get(User, found[0]) if found else None
    if teacher is None:
        raise NotFound(_("No record has this verification code."))
    record = queries.record(db.session, teacher, rules.cycle_of(found[1], queries.region_rules()))
    return render_template("credits/verify.html", record=record, code=code, labels=labels.all_labels())


def _certificate_pdf(cert):
    data = pdf.render_certificate(cert, url_for("credits.verify_certificate", code=cert.code, _external=True))
    return send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=False,
                     download_name=f"credit-certificate-{cert.code}.pdf")


@bp.post("/credits/teachers/<int:teacher_id>/certificate")
@page(load=TEACHER, allow=policies.ISSUE_CERTIFICATE, back=_to_teacher)
def issue_certificate(teacher):
    """Issue the certificate of completion of the cycle (``?cycle=``), then go to its PDF."""
    cert = services.issue_certificate(db.session, current_user, teacher, _cycle())
    return redirect(url_for("credits.certificate_pdf", teacher_id=teacher.id, cycle=cert.cycle_start))


@bp.get("/credits/teachers/<int:teacher_id>/certificate.pdf")
@page(load=TEACHER, allow=policies.ISSUE_CERTIFICATE)
def certificate_pdf(teacher):
    return _certificate_pdf(services.issued_certificate(db.session, teacher, _cycle()))


@bp.get("/credits/certificates/<code>")
@page(public=True, replica=True)
def verify_certificate(code):
    """Anyone holding a certificate of completion checks it: as issued, and whether the record still meets it."""
    cert = queries.certificate_by_code(db.session, code)
    record = None
    if cert is not None:
        teacher = db.session.get(User, cert.user_id)
        record = queries.record(db.session, teacher, rules.cycle_of(cert.cycle_start, queries.region_rules()))
    return render_template("credits/verify_certificate.html", cert=cert, record=record, code=(code or "")[:32],
                           labels=labels.all_labels()), (200 if cert else 404)


@bp.get("/credits/reviews")
@page(allow=policies.REVIEW)
def reviews():
    number = max(1, min(request.args.get("page", 1, type=int), 1_000_000))
    items, total = queries.review_queue(db.session, current_user, page=number, per_page=50)
    region, now = queries.region_rules(), clock.now()
    overdue = {e.id for e in items if rules.review_overdue(e.approved_at or e.created_at, now, region)}
    escalated = {e.id for e in items if not policies.school_reviews(current_user, e)
                 and rules.escalated(e.status, e.created_at, now, region)}
    return render_template("credits/reviews.html", items=items, total=total, page_number=number, overdue=overdue,
                           escalated=escalated, review_days=region.review_days,
                           pages=(total + 49) // 50, labels=labels.all_labels(), reject_form=forms.RejectForm(),
                           can_approve=policies.can_approve, can_confirm=policies.can_confirm)


def _to_reviews(**_):
    return url_for("credits.reviews")


@bp.post("/credits/entries/<int:entry_id>/approve")
@page(load=ENTRY, allow=policies.APPROVE, back=_to_reviews)
def approve(entry):
    services.approve(db.session, current_user, entry)
    flash(_("Approved: %(title)s of %(name)s.", title=entry.title, name=entry.teacher.name), "success")
    return redirect(_to_reviews())


@bp.post("/credits/entries/<int:entry_id>/confirm")
@page(load=ENTRY, allow=policies.CONFIRM, back=_to_reviews)
def confirm(entry):
    services.confirm(db.session, current_user, entry)
    flash(_("Confirmed: %(title)s of %(name)s.", title=entry.title, name=entry.teacher.name), "success")
    return redirect(_to_reviews())


@bp.post("/credits/entries/<int:entry_id>/reject")
@page(load=ENTRY, allow=policies.REJECT, form=forms.RejectForm, back=_to_reviews)
def reject(entry, form):
    services.reject(db.session, current_user, entry, form.reason.data)
    flash(_("Rejected: %(title)s of %(name)s.", title=entry.title, name=entry.teacher.name), "success")
    return redirect(_to_reviews())


@bp.get("/credits/evidence/<int:evidence_id>")
@page(load={"evidence": queries.evidence})
def evidence_file(evidence):
    return send_file(io.BytesIO(evidence.data), mimetype=evidence.content_type, as_attachment=True,
                     download_name=evidence.name)


@bp.get("/credits/units/<int:unit_id>")
@page(load=UNIT, allow=policies.SEE_COMPLIANCE)
def unit_page(unit):
    cycle = _cycle()
    figures = queries.compliance(db.session, unit, cycle)
    teachers = queries.school_teachers(db.session, unit, cycle) if unit.level == "school" else []
    return render_template("credits/compliance.html", unit=unit, cycle=cycle, figures=figures, teachers=teachers,
                           labels=labels.all_labels(), import_form=forms.CreditImportForm(),
                           can_import=policies.can_import(current_user, unit),
                           breadcrumbs=org_queries.visible_ancestors(db.session, current_user, unit),
                           cycles=[rules.cycle_of(y, queries.region_rules()) for y in
                                   range(queries.region_rules().first_cycle_year, cycle.end_year + 6, 5)])


@bp.get("/credits/units/<int:unit_id>/compliance.xlsx")
@page(load=UNIT, allow=policies.SEE_COMPLIANCE)
def unit_sheet(unit):
    cycle = _cycle()
    data = sheets.compliance_workbook(queries.compliance(db.session, unit, cycle),
                                      queries.school_teachers(db.session, unit, cycle))
    return send_file(io.BytesIO(data), mimetype=sheets.XLSX, as_attachment=True,
                     download_name=sheets.compliance_file_name(unit, cycle))


@bp.get("/credits/units/<int:unit_id>/entries.xlsx")
@page(load=UNIT, allow=policies.SEE_COMPLIANCE)
def unit_entries_sheet(unit):
    cycle = _cycle()
    data = sheets.entries_workbook(sheets.entries_under(db.session, unit, cycle))
    return send_file(io.BytesIO(data), mimetype=sheets.XLSX, as_attachment=True,
                     download_name=sheets.entries_file_name(unit, cycle))


def _to_unit(unit, **_):
    return url_for("credits.unit_page", unit_id=unit.id)


@bp.post("/credits/units/<int:unit_id>/import")
@body_limit("MAX_IMPORT_BYTES")
@page(load=UNIT, allow=policies.IMPORT, form=forms.CreditImportForm, back=_to_unit)
def import_sheet(unit, form):
    result = sheets.import_upload(db.session, current_user, unit, form.file.data,
                                  current_app.config["MAX_IMPORT_BYTES"])
    flash(_("%(n)d entries added (%(status)s).", n=result["created"],
            status=labels.statuses()[result["status"]]), "success")
    return redirect(_to_unit(unit))


def _plans_page(form=None):
    number = max(1, min(request.args.get("page", 1, type=int), 1_000_000))
    items, total = queries.plans_for(db.session, current_user, page=number, per_page=50)
    kinds = [k for k in rules.PLAN_SOURCES if policies.can_file_plan(current_user, k)]
    if form is None and kinds:
        form = forms.PlanForm(year=queries.this_year(), kind=kinds[0])
    if form is not None:
        form.kind.choices = [(k, labels.sources()[k]) for k in kinds]
    return render_template("credits/plans.html", items=items, total=total, page_number=number,
                           pages=(total + 49) // 50, form=form if kinds else None, labels=labels.all_labels(),
                           can_decide=policies.can_decide_plan, reject_form=forms.RejectForm(),
                           can_evaluate=lambda p: policies.can_evaluate_project(current_user, p) and rules.evaluation_error(
                               p.kind, p.status, p.year, p.evaluation is not None, _today()) is None,
                           evaluation_form=forms.EvaluationForm())


@bp.get("/credits/plans")
@page()
def plans():
    return _plans_page()


def _again_plan(form, **_):
    return _plans_page(form)


@bp.post("/credits/plans")
@page(allow=policies.FILE_PLAN, form=forms.PlanForm, again=_again_plan)
def file_plan(form):
    plan = services.file_plan(db.session, current_user, form.kind.data, form.year.data, form.title.data,
                              Decimal(form.hours.data), form.description.data)
    flash(_("Filed: %(title)s. It waits for approval.", title=plan.title), "success")
    return redirect(url_for("credits.plans"))


def _to_plans(**_):
    return url_for("credits.plans")


@bp.post("/credits/plans/<int:plan_id>/approve")
@page(load={"plan": queries.plan}, allow=policies.DECIDE_PLAN, back=_to_plans)
def approve_plan(plan):
    services.decide_plan(db.session, current_user, plan, True)
    flash(_("Approved: %(title)s.", title=plan.title), "success")
    return redirect(_to_plans())


@bp.post("/credits/plans/<int:plan_id>/reject")
@page(load={"plan": queries.plan}, allow=policies.DECIDE_PLAN, form=forms.RejectForm, back=_to_plans)
def reject_plan(plan, form):
    services.decide_plan(db.session, current_user, plan, False, form.reason.data)
    flash(_("Not approved: %(title)s.", title=plan.title), "success")
    return redirect(_to_plans())


def _today():
    return clock.local_today(str(clock.local_tz()))


@bp.post("/credits/plans/<int:plan_id>/evaluate")
@page(load={"plan": queries.plan}, allow=policies.EVALUATE_PROJECT, form=forms.EvaluationForm, back=_to_plans)
def evaluate_plan(plan, form):
    services.evaluate_project(db.session, current_user, plan, form.result.data, form.comment.data)
    flash(_("Evaluated: %(title)s.", title=plan.title), "success")
    return redirect(_to_plans())


def _summaries_page(form=None):
    number = max(1, min(request.args.get("page", 1, type=int), 1_000_000))
    items, total = queries.summaries_for(db.session, current_user, page=number, per_page=50)
    if form is None and policies.can_file_summary(current_user):
        form = forms.SummaryForm(year=_today().year - 1)
    return render_template("credits/summaries.html", items=items, total=total, page_number=number,
                           pages=(total + 49) // 50, form=form, labels=labels.all_labels(),
                           can_decide=policies.can_decide_summary, reject_form=forms.RejectForm())


@bp.get("/credits/summaries")
@page(allow=policies.LIST_SUMMARIES)
def summaries():
    return _summaries_page()


def _again_summary(form, **_):
    return _summaries_page(form)


@bp.post("/credits/summaries")
@page(allow=policies.FILE_SUMMARY, form=forms.SummaryForm, again=_again_summary)
def file_summary(form):
    services.file_summary(db.session, current_user, form.year.data, form.text.data)
    flash(_("The self-study summary of %(year)d is handed in.", year=form.year.data), "success")
    return redirect(url_for("credits.summaries"))


def _to_summaries(**_):
    return url_for("credits.summaries")


SUMMARY = {"summary": queries.summary}


@bp.post("/credits/summaries/<int:summary_id>/accept")
@page(load=SUMMARY, allow=policies.DECIDE_SUMMARY, back=_to_summaries)
def accept_summary(summary):
    services.decide_summary(db.session, current_user, summary, True)
    flash(_("Recorded: the self-study summary of %(school)s.", school=summary.org_unit.name), "success")
    return redirect(_to_summaries())


@bp.post("/credits/summaries/<int:summary_id>/reject")
@page(load=SUMMARY, allow=policies.DECIDE_SUMMARY, form=forms.RejectForm, back=_to_summaries)
def reject_summary(summary, form):
    services.decide_summary(db.session, current_user, summary, False, form.reason.data)
    flash(_("Returned: the self-study summary of %(school)s.", school=summary.org_unit.name), "success")
    return redirect(_to_summaries())


@bp.post("/credits/units/<int:unit_id>/export")
@page(load=UNIT, allow=policies.SEE_COMPLIANCE, back=lambda unit, **_: url_for("credits.unit_page", unit_id=unit.id))
def unit_sheet_export(unit):
    """A city's or the province's sheet (``?sheet=compliance|entries&cycle=``), made on the job queue."""
    sheet = request.args.get("sheet", "compliance")
    if sheet not in exports.SHEETS:
        raise InvalidInput(_("Ask for the compliance sheet or the confirmed entries."))
    exports.start(db.session, current_user, unit, _cycle(), sheet)
    flash(_("The workbook is being made: it appears here when it is ready."), "info")
    return redirect(url_for("exports.mine"))
