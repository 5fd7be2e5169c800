"""Who may claim, review, see and import credit entries (docs/RULES.md, "Continuing-education credits").

The school reports and approves, the district (county) office confirms (L323, L755); every admin sees the
records of the teachers in its subtree; a teacher sees only their own.
"""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms.core import clock, scope
from lms.credits import rules
from lms.projects.policies import can_manage_catalogue
from lms.web.pipeline import policy


def _admin_at(actor, level: str, unit) -> bool:
    """An admin role held on a unit of ``level`` whose subtree holds ``unit``."""
    return any(a.role == f"{level}_admin" and scope.is_within(unit, a.org_unit) for a in actor.role_assignments)


def can_claim(actor) -> bool:
    """Teachers claim credits earned outside this product (L357: the teacher submits, the school recognises)."""
    return actor.has_role("teacher")


def region_rules() -> rules.RegionRules:
    """The region's scheme (setting ``LMS_CREDIT_REGION``; Chaoyang by default)."""
    return rules.region(current_app.config.get("CREDIT_REGION"))


def school_reviews(actor, entry) -> bool:
    """The admins of the teacher's school approve its claims (L323: units report)."""
    return _admin_at(actor, "school", entry.org_unit)


def can_escalate(actor, entry) -> bool:
    """The county office above the school reviews a claim its school left waiting past the deadline (L323, L755)."""
    return (_admin_at(actor, "county", entry.org_unit)
            and rules.escalated(entry.status, entry.created_at, clock.now(), region_rules()))


def can_approve(actor, entry) -> bool:
    """The school approves; the county too, once the claim is overdue at the school (escalation)."""
    return school_reviews(actor, entry) or can_escalate(actor, entry)


def can_confirm(actor, entry) -> bool:
    """The county (district) office confirms what its schools approved (L323, L755)."""
    return _admin_at(actor, "county", entry.org_unit)


def can_reject(actor, entry) -> bool:
    return can_approve(actor, entry) or can_confirm(actor, entry)


def can_see_entry(actor, entry) -> bool:
    return actor.id == entry.user_id or scope.covers(actor, entry.org_unit)


def can_add_evidence(actor, entry) -> bool:
    """Only the teacher who claimed adds evidence to the claim."""
    return actor.id == entry.user_id


def can_see_record(actor, teacher) -> bool:
    return actor.id == teacher.id or scope.covers(actor, teacher.org_unit)


def can_keep_record(actor, teacher) -> bool:
    """An admin above the teacher states the teacher's situation (new, transferred, private school …)."""
    return actor.id != teacher.id and scope.covers(actor, teacher.org_unit)


def can_see_compliance(actor, unit) -> bool:
    return scope.covers(actor, unit)


def can_import(actor, unit) -> bool:
    """Entries from other systems are brought in by the admins of the unit (county and above confirm them)."""
    return scope.covers(actor, unit)


def can_review(actor) -> bool:
    """School and county admins have a review queue."""
    return actor.has_role("school_admin", "county_admin")


def can_set_course_terms(actor, course) -> bool:
    """A course's 学时 and category are the catalogue's: the province's admins set them."""
    return can_manage_catalogue(actor)


def school_admin_unit(actor):
    """The school an admin files school-based projects for (its first school-admin unit), or None."""
    return next((a.org_unit for a in actor.role_assignments if a.role == "school_admin"), None)


def can_file_plan(actor, kind: str) -> bool:
    """Schools file their school-based projects (L623-625); teachers their self-study plans (L657)."""
    if kind == "school_project":
        return school_admin_unit(actor) is not None
    return actor.has_role("teacher")


def can_file_some_plan(actor) -> bool:
    """Teachers and school admins file plans (which kind each may file is decided with the body)."""
    return actor.has_role("teacher", "school_admin")


def can_decide_plan(actor, plan) -> bool:
    """The county office approves school-based projects (L625, L801); the school approves self-study plans (L657)."""
    return _admin_at(actor, "county" if plan.kind == "school_project" else "school", plan.org_unit)


def can_see_plan(actor, plan) -> bool:
    return actor.id == plan.user_id or scope.covers(actor, plan.org_unit)


def can_evaluate_project(actor, plan) -> bool:
    """The county (district) office evaluates its schools' school-based projects in December (L801)."""
    return plan.kind == "school_project" and _admin_at(actor, "county", plan.org_unit)


def can_file_summary(actor) -> bool:
    """A school hands in its yearly self-study summary (L671): its school admins file it."""
    return school_admin_unit(actor) is not None


def can_see_summary(actor, summary) -> bool:
    return scope.covers(actor, summary.org_unit)


def can_decide_summary(actor, summary) -> bool:
    """The county office reviews and records its schools' summaries (L671: "经审核备案")."""
    return _admin_at(actor, "county", summary.org_unit)


def can_list_summaries(actor) -> bool:
    return actor.is_admin


CLAIM = policy(can_claim, message=_l("Only teachers claim credits."))
APPROVE = policy(can_approve, "entry", message=_l(
    "Only the admins of the teacher's school approve this claim (its county office too, once it is overdue)."))
CONFIRM = policy(can_confirm, "entry", message=_l("Only the county office of the teacher's school confirms credits."))
REJECT = policy(can_reject, "entry", message=_l("Only the school or the county office reviewing this claim may reject it."))
SEE_ENTRY = policy(can_see_entry, "entry", message=_l("You may not see this entry."))
ADD_EVIDENCE = policy(can_add_evidence, "entry", message=_l("Only the teacher who claimed adds evidence."))
SEE_RECORD = policy(can_see_record, "teacher", message=lambda teacher: _(
    "You may not see the record of %(name)s.", name=teacher.name))
KEEP_RECORD = policy(can_keep_record, "teacher", message=lambda teacher: _(
    "You may not change the record of %(name)s.", name=teacher.name))
ISSUE_CERTIFICATE = policy(can_see_record, "teacher", message=lambda teacher: _(
    "Only %(name)s and the admins of their area obtain their certificate of completion.", name=teacher.name))
SEE_COMPLIANCE = policy(can_see_compliance, "unit", message=lambda unit: _(
    "You may not see the credits of %(name)s.", name=unit.name))
IMPORT = policy(can_import, "unit", message=lambda unit: _("You may not bring in credits for %(name)s.",
                                                           name=unit.name))
REVIEW = policy(can_review, message=_l("Only school and county admins review credit claims."))
SET_COURSE_TERMS = policy(can_set_course_terms, "course", message=_l("Only province admins set what a course counts for."))
FILE_PLAN = policy(can_file_some_plan, message=_l("Schools file school-based projects; teachers file self-study plans."))
DECIDE_PLAN = policy(can_decide_plan, "plan", message=_l(
    "School-based projects are decided by the county office, self-study plans by the teacher's school."))
EVALUATE_PROJECT = policy(can_evaluate_project, "plan", message=_l(
    "Only the county office of the school evaluates a school-based project."))
FILE_SUMMARY = policy(can_file_summary, message=_l("Only school admins hand in the self-study summary."))
DECIDE_SUMMARY = policy(can_decide_summary, "summary", message=_l(
    "Only the county office of the school reviews its self-study summary."))
LIST_SUMMARIES = policy(can_list_summaries, message=_l("Only admins see self-study summaries."))
