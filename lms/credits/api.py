"""JSON API of the credit record (docs/API.md, "Continuing-education credits")."""
from __future__ import annotations

import io
from decimal import Decimal

from flask import Blueprint, current_app, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.credits import exports, pdf, policies, queries, rules, schemas, services, sheets
from lms.core.errors import NotFound
from lms.exports import services as export_services
from lms.exports.api import JobOut
from lms.extensions import db
from lms.org.models import User
from lms.org import queries as org_queries
from lms.projects import queries as projects
from lms.web.api import Page, endpoint, page_of
from lms.web.security import body_limit

bp = Blueprint("credits_api", __name__, url_prefix="/api/v1")
XLSX = sheets.XLSX
UPLOAD = {"type": "object", "required": ["file"], "properties": {"file": {"type": "string", "format": "binary"}}}
ENTRY = {"entry": queries.entry}
UNIT = {"unit": org_queries.unit_in_scope}
TEACHER = {"teacher": queries.teacher}
PLAN = {"plan": queries.plan}
SUMMARY = {"summary": queries.summary}


def cycle_of(params) -> rules.Cycle:
    region = queries.region_rules()
    return rules.cycle_of(params.cycle, region) if params.cycle else queries.current_cycle()


def record_dict(record: queries.Record) -> dict:
    return {"user_id": record.teacher.id, "name": record.teacher.name,
            "profile": {"kind": record.profile.kind, "start_year": record.profile.start_year,
                        "private": record.profile.private, "institution": record.profile.institution},
            "standing": queries.standing_dict(record.standing), "pending_credits": float(record.pending_credits),
            "modules": {k: float(v) for k, v in record.modules.items()}}


@bp.get("/credits/me")
@endpoint(summary="Where the caller stands this cycle: each minimum, earned and missing (confirmed entries count)",
          response=schemas.CreditRecordOut, query=schemas.CycleQuery)
def my_record(params: schemas.CycleQuery):
    return record_dict(queries.record(db.session, current_user, cycle_of(params)))


@bp.get("/credits/teachers/<int:teacher_id>")
@endpoint(summary="Where a teacher of the caller's area stands in a cycle", response=schemas.CreditRecordOut,
          query=schemas.CycleQuery, load=TEACHER, allow=policies.SEE_RECORD, errors=("404:not_found",))
def teacher_record(teacher, params: schemas.CycleQuery):
    return record_dict(queries.record(db.session, teacher, cycle_of(params)))


def certificate_dict(cert) -> dict:
    return dict(cert.to_dict(), verify_url=url_for("credits.verify_certificate", code=cert.code, _external=True))


@bp.post("/credits/teachers/<int:teacher_id>/certificate")
@endpoint(summary="Issue the teacher's certificate of completion of a cycle whose requirements are all met (L325); "
                  "once: later calls give the same one", response=schemas.CreditCertificateOut,
          query=schemas.CycleQuery, load=TEACHER, allow=policies.ISSUE_CERTIFICATE,
          errors=("404:not_found", "409:cycle_not_complete"))
def issue_certificate(teacher, params: schemas.CycleQuery):
    return certificate_dict(services.issue_certificate(db.session, current_user, teacher, cycle_of(params)))


@bp.get("/credits/teachers/<int:teacher_id>/certificate")
@endpoint(summary="The teacher's certificate of completion of a cycle, once issued", response=schemas.CreditCertificateOut,
          query=schemas.CycleQuery, load=TEACHER, allow=policies.ISSUE_CERTIFICATE, errors=("404:not_found",))
def get_certificate(teacher, params: schemas.CycleQuery):
    return certificate_dict(services.issued_certificate(db.session, teacher, cycle_of(params)))


@bp.get("/credits/teachers/<int:teacher_id>/certificate.pdf")
@endpoint(summary="The certificate of completion as a PDF with its verification code and QR, once issued",
          produces="application/pdf", query=schemas.CycleQuery, load=TEACHER, allow=policies.ISSUE_CERTIFICATE,
          errors=("404:not_found",))
def certificate_pdf(teacher, params: schemas.CycleQuery):
    cert = services.issued_certificate(db.session, teacher, cycle_of(params))
    data = pdf.render_certificate(cert, url_for("credits.verify_certificate", code=cert.code, _external=True))
    return send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=False,
                     download_name=f"credit-certificate-{cert.code}.pdf")


@bp.get("/credits/certificates/<code>")
@endpoint(summary="Verify a certificate of completion by its code (public)", public=True,
          response=schemas.CreditCertificateCheckOut, errors=("404:not_found",), replica=True)
def verify_certificate(code: str):
    cert = queries.certificate_by_code(db.session, code)
    if cert is None:
        raise NotFound(_("No certificate has the code %(code)s.", code=(code or "")[:32]))
    record = queries.record(db.session, db.session.get(User, cert.user_id),
                            rules.cycle_of(cert.cycle_start, queries.region_rules()))
    return dict(cert.public_dict(), still_complete=record.standing.status == rules.COMPLETE)


@bp.get("/credits/teachers/<int:teacher_id>/entries")
@endpoint(summary="A teacher's entries in a cycle, newest year first", response=Page[schemas.CreditEntryOut],
          query=schemas.EntriesQuery, load=TEACHER, allow=policies.SEE_RECORD, errors=("404:not_found",))
def teacher_entries(teacher, params: schemas.EntriesQuery):
    entries = queries.entries_of(db.session, teacher.id, cycle_of(params))
    start = (params.page - 1) * params.per_page
    return page_of([e.to_dict() for e in entries[start:start + params.per_page]], len(entries), params)


@bp.put("/credits/teachers/<int:teacher_id>/profile")
@endpoint(summary="State a teacher's situation: new (L363), transferred (L367), private school (L749), institution (L216)",
          response=schemas.CreditProfileOut, body=schemas.ProfileIn, load=TEACHER, allow=policies.KEEP_RECORD,
          errors=("404:not_found",))
def set_profile(teacher, data: schemas.ProfileIn):
    row = services.set_profile(db.session, current_user, teacher, data.kind, data.start_year, data.private,
                               data.institution)
    return {k: v for k, v in row.to_dict().items() if k != "user_id"}


@bp.post("/credits/claims")
@endpoint(summary="Claim credits earned outside this product; evidence follows (POST .../evidence)",
          response=schemas.CreditEntryOut, body=schemas.ClaimIn, status=201, allow=policies.CLAIM)
def claim(data: schemas.ClaimIn):
    fields = data.model_dump()
    fields["hours"] = Decimal(str(data.hours))
    return services.claim(db.session, current_user, services.Claim(**fields)).to_dict(), 201


@bp.get("/credits/entries/<int:entry_id>")
@endpoint(summary="One entry with its evidence and review", response=schemas.CreditEntryOut, load=ENTRY,
          allow=policies.SEE_ENTRY, errors=("404:not_found",))
def get_entry(entry):
    return entry.to_dict()


@bp.post("/credits/entries/<int:entry_id>/evidence")
@body_limit("MAX_DOCUMENT_BYTES")
@endpoint(summary="Add an evidence file (.pdf, .jpg, .png) to one's own claim", response=schemas.CreditEntryOut,
          load=ENTRY, allow=policies.ADD_EVIDENCE, multipart=UPLOAD,
          errors=("404:not_found", "409:entry_not_claimed", "409:too_many_files", "413:too_large",
                  "415:unsupported_media_type"))
def add_evidence(entry):
    upload = request.files.get("file")
    data = services.read_evidence(upload, current_app.config["MAX_DOCUMENT_BYTES"])
    return services.attach_evidence(db.session, current_user, entry, upload.filename, data).to_dict()


@bp.get("/credits/evidence/<int:evidence_id>")
@endpoint(summary="An evidence file", produces="application/octet-stream", load={"evidence": queries.evidence},
          errors=("404:not_found",))
def get_evidence(evidence):
    return send_file(io.BytesIO(evidence.data), mimetype=evidence.content_type, as_attachment=True,
                     download_name=evidence.name)


@bp.post("/credits/entries/<int:entry_id>/approve")
@endpoint(summary="The teacher's school approves a claim (L323); its county too once the claim is overdue at the "
                  "school (escalated: the approval confirms it)", response=schemas.CreditEntryOut, load=ENTRY,
          allow=policies.APPROVE,
          errors=("404:not_found", "409:entry_not_reviewable", "409:evidence_missing", "409:project_failed"))
def approve(entry):
    return services.approve(db.session, current_user, entry).to_dict()


@bp.post("/credits/entries/<int:entry_id>/confirm")
@endpoint(summary="The county office confirms an approved claim (L323, L755)", response=schemas.CreditEntryOut,
          load=ENTRY, allow=policies.CONFIRM, errors=("404:not_found", "409:entry_not_reviewable", "409:project_failed"))
def confirm(entry):
    return services.confirm(db.session, current_user, entry).to_dict()


@bp.post("/credits/entries/<int:entry_id>/reject")
@endpoint(summary="Reject a claim, with the reason the teacher reads", response=schemas.CreditEntryOut, load=ENTRY,
          body=schemas.RejectIn, allow=policies.REJECT, errors=("404:not_found", "409:entry_not_reviewable"))
def reject(entry, data: schemas.RejectIn):
    return services.reject(db.session, current_user, entry, data.reason).to_dict()


@bp.get("/credits/reviews")
@endpoint(summary="Claims waiting for the caller: to approve (school admins) or confirm (county admins), and the "
                  "claims overdue at a school of the county's (escalated)",
          response=Page[schemas.CreditEntryOut], query=schemas.PagedQuery, allow=policies.REVIEW)
def reviews(params: schemas.PagedQuery):
    items, total = queries.review_queue(db.session, current_user, page=params.page, per_page=params.per_page)
    return page_of([e.to_dict() for e in items], total, params)


@bp.get("/credits/units/<int:unit_id>/compliance")
@endpoint(summary="A unit's teachers complete, on track and behind, in all and per child unit (drill-down)",
          response=schemas.CreditComplianceOut, query=schemas.CycleQuery, load=UNIT, allow=policies.SEE_COMPLIANCE,
          errors=("404:not_found",))
def compliance(unit, params: schemas.CycleQuery):
    return queries.compliance(db.session, unit, cycle_of(params))


@bp.get("/credits/units/<int:unit_id>/teachers")
@endpoint(summary="Every teacher of a unit with credits, 学时, verdict and the minima not met",
          response=Page[schemas.CreditTeacherRowOut], query=schemas.EntriesQuery, load=UNIT,
          allow=policies.SEE_COMPLIANCE, errors=("404:not_found",))
def unit_teachers(unit, params: schemas.EntriesQuery):
    rows = queries.school_teachers(db.session, unit, cycle_of(params))
    start = (params.page - 1) * params.per_page
    return page_of(rows[start:start + params.per_page], len(rows), params)


@bp.get("/credits/units/<int:unit_id>/compliance.xlsx")
@endpoint(summary="The unit's compliance and its teachers as an Excel sheet", produces=XLSX,
          query=schemas.CycleQuery, load=UNIT, allow=policies.SEE_COMPLIANCE, errors=("404:not_found",))
def compliance_sheet(unit, params: schemas.CycleQuery):
    cycle = cycle_of(params)
    data = sheets.compliance_workbook(queries.compliance(db.session, unit, cycle),
                                      queries.school_teachers(db.session, unit, cycle))
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True,
                     download_name=sheets.compliance_file_name(unit, cycle))


@bp.get("/credits/units/<int:unit_id>/entries.xlsx")
@endpoint(summary="The unit's confirmed entries in the exchange format (for the municipal training information system)",
          produces=XLSX, query=schemas.CycleQuery, load=UNIT, allow=policies.SEE_COMPLIANCE,
          errors=("404:not_found",))
def entries_sheet(unit, params: schemas.CycleQuery):
    cycle = cycle_of(params)
    data = sheets.entries_workbook(sheets.entries_under(db.session, unit, cycle))
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True,
                     download_name=sheets.entries_file_name(unit, cycle))


@bp.post("/credits/units/<int:unit_id>/import")
@body_limit("MAX_IMPORT_BYTES")
@endpoint(summary="Add entries of the unit's teachers from an Excel sheet in the exchange format: all rows or none",
          response=schemas.CreditImportOut, load=UNIT, allow=policies.IMPORT, multipart=UPLOAD,
          errors=("404:not_found", "413:too_large", "415:unsupported_media_type"))
def import_entries(unit):
    return sheets.import_upload(db.session, current_user, unit, request.files.get("file"),
                                current_app.config["MAX_IMPORT_BYTES"])


def course_terms_dict(course) -> dict:
    row = queries.course_terms(db.session, course.id)
    if row is not None:
        return dict(row.to_dict(), stated=True)
    hours, category, theme = services.default_terms(course)
    return {"course_id": course.id, "hours": float(hours), "category": category, "theme": theme, "stated": False}


@bp.get("/courses/<int:course_id>/credit-terms")
@endpoint(summary="What a course counts for in the record: 学时, category, theme", response=schemas.CreditCourseTermsOut,
          load={"course": projects.course_for}, errors=("404:not_found",))
def get_course_terms(course):
    return course_terms_dict(course)


@bp.put("/courses/<int:course_id>/credit-terms")
@endpoint(summary="Set a course's 学时, category and theme (entries posted later follow)",
          response=schemas.CreditCourseTermsOut, body=schemas.CourseTermsIn, load={"course": projects.course_for},
          allow=policies.SET_COURSE_TERMS, errors=("404:not_found",))
def set_course_terms(course, data: schemas.CourseTermsIn):
    services.set_course_terms(db.session, current_user, course, Decimal(str(data.hours)), data.category, data.theme)
    return course_terms_dict(course)


@bp.post("/credits/plans")
@endpoint(summary="File a school-based project (school admins, in January: L625) or a self-study plan (teachers: L657)",
          response=schemas.CreditPlanOut, body=schemas.PlanIn, status=201, allow=policies.FILE_PLAN)
def file_plan(data: schemas.PlanIn):
    return services.file_plan(db.session, current_user, data.kind, data.year, data.title, Decimal(str(data.hours)),
                              data.description).to_dict(), 201


@bp.get("/credits/plans")
@endpoint(summary="The caller's self-study plans and the plans of its admin area, newest year first",
          response=Page[schemas.CreditPlanOut], query=schemas.PagedQuery)
def list_plans(params: schemas.PagedQuery):
    items, total = queries.plans_for(db.session, current_user, page=params.page, per_page=params.per_page)
    return page_of([p.to_dict() for p in items], total, params)


@bp.post("/credits/plans/<int:plan_id>/approve")
@endpoint(summary="Approve a plan: the county a school-based project, the school a self-study plan",
          response=schemas.CreditPlanOut, load=PLAN, allow=policies.DECIDE_PLAN,
          errors=("404:not_found", "409:plan_decided"))
def approve_plan(plan):
    return services.decide_plan(db.session, current_user, plan, True).to_dict()


@bp.post("/credits/plans/<int:plan_id>/reject")
@endpoint(summary="Reject a plan, with the reason", response=schemas.CreditPlanOut, body=schemas.RejectIn, load=PLAN,
          allow=policies.DECIDE_PLAN, errors=("404:not_found", "409:plan_decided"))
def reject_plan(plan, data: schemas.RejectIn):
    return services.decide_plan(db.session, current_user, plan, False, data.reason).to_dict()


@bp.post("/credits/plans/<int:plan_id>/evaluation")
@endpoint(summary="The county evaluates an approved school-based project from December (L801); a failed one's "
                  "credits are not recognised", response=schemas.CreditPlanOut, body=schemas.ProjectEvaluationIn, load=PLAN,
          allow=policies.EVALUATE_PROJECT,
          errors=("404:not_found", "409:project_not_approved", "409:project_evaluated", "409:evaluation_not_open",
                  "409:not_a_project"))
def evaluate_plan(plan, data: schemas.ProjectEvaluationIn):
    return services.evaluate_project(db.session, current_user, plan, data.result, data.comment).to_dict()


@bp.get("/credits/summaries")
@endpoint(summary="The self-study summaries of the schools in the caller's admin area, newest year first",
          response=Page[schemas.CreditSummaryOut], query=schemas.PagedQuery, allow=policies.LIST_SUMMARIES)
def list_summaries(params: schemas.PagedQuery):
    items, total = queries.summaries_for(db.session, current_user, page=params.page, per_page=params.per_page)
    return page_of([s.to_dict() for s in items], total, params)


@bp.post("/credits/summaries")
@endpoint(summary="A school hands in the summary of last year's self-study, in January (L671)",
          response=schemas.CreditSummaryOut, body=schemas.SelfStudySummaryIn, status=201, allow=policies.FILE_SUMMARY,
          errors=("409:summary_filed",))
def file_summary(data: schemas.SelfStudySummaryIn):
    return services.file_summary(db.session, current_user, data.year, data.text).to_dict(), 201


@bp.post("/credits/summaries/<int:summary_id>/accept")
@endpoint(summary="The county records a school's self-study summary (L671: 审核备案)", response=schemas.CreditSummaryOut,
          load=SUMMARY, allow=policies.DECIDE_SUMMARY, errors=("404:not_found", "409:summary_decided"))
def accept_summary(summary):
    return services.decide_summary(db.session, current_user, summary, True).to_dict()


@bp.post("/credits/summaries/<int:summary_id>/reject")
@endpoint(summary="The county returns a school's self-study summary, with the reason", response=schemas.CreditSummaryOut,
          body=schemas.RejectIn, load=SUMMARY, allow=policies.DECIDE_SUMMARY,
          errors=("404:not_found", "409:summary_decided"))
def reject_summary(summary, data: schemas.RejectIn):
    return services.decide_summary(db.session, current_user, summary, False, data.reason).to_dict()


@bp.post("/credits/units/<int:unit_id>/exports")
@endpoint(summary="Ask for the unit's compliance sheet or confirmed entries as an export job (202): for large areas",
          body=schemas.CreditSheetExportIn, response=JobOut, status=202, load=UNIT,
          allow=policies.SEE_COMPLIANCE, errors=("404:not_found",))
def unit_sheet_export(unit, data: schemas.CreditSheetExportIn):
    return export_services.accepted(exports.start(db.session, current_user, unit, cycle_of(data), data.sheet))
