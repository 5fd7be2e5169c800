"""The words of the credit record's codes (sources, categories, themes, statuses, requirement lines)."""
from __future__ import annotations

from flask_babel import gettext as _

from lms.credits import rules


def sources() -> dict[str, str]:
    return {rules.TRAINING: _("Training on this platform"), rules.OTHER_PLATFORM: _("Another online platform"),
            rules.OFFLINE: _("Offline training"), rules.DEGREE: _("Degree or graduate study"),
            rules.GUOPEI: _("National Training Programme (国培计划)"),
            rules.IT20: _("IT application ability project 2.0"), rules.SCHOOL_PROJECT: _("School-based study project"),
            rules.SELF_STUDY_PLAN: _("Self-study plan"), rules.RESEARCH: _("Online research programme"),
            rules.PREVIOUS: _("Training begun in the previous period")}


def categories() -> dict[str, str]:
    return {rules.PUBLIC: _("Public required"), rules.PROFESSIONAL: _("Professional required"),
            rules.ELECTIVE: _("Elective"), rules.SCHOOL_BASED: _("School-based study"),
            rules.SELF_STUDY: _("Self-study"), rules.INDUCTION: _("New-teacher induction")}


def themes() -> dict[str, str]:
    return {"ethics": _("Political quality and professional ethics"), "policy": _("Education policy and theory"),
            "student_development": _("Student development"), "information_technology": _("Modern information technology"),
            "subject": _("Subject literacy"), "learning": _("Learning literacy"), "research": _("Research literacy"),
            "international": _("International literacy"), "fundamentals": _("Teaching fundamentals")}


def statuses() -> dict[str, str]:
    return {rules.CLAIMED: _("Claimed"), rules.APPROVED: _("Approved by the school"),
            rules.CONFIRMED: _("Confirmed by the county"), rules.REJECTED: _("Rejected")}


def plan_statuses() -> dict[str, str]:
    return {rules.FILED: _("Waiting for approval"), rules.APPROVED: _("Approved"), rules.REJECTED: _("Not approved")}


def evaluations() -> dict[str, str]:
    return {rules.PASSED: _("Passed"), rules.FAILED: _("Failed")}


def summary_statuses() -> dict[str, str]:
    return {rules.FILED: _("Waiting for the county"), rules.APPROVED: _("Recorded"), rules.REJECTED: _("Returned")}


def verdicts() -> dict[str, str]:
    return {rules.COMPLETE: _("Complete"), rules.ON_TRACK: _("On track"), rules.BEHIND: _("Behind")}


def kinds() -> dict[str, str]:
    return {rules.REGULAR: _("Regular teacher"), rules.NEW: _("New teacher (first taught from 2021)"),
            rules.TRANSFERRED: _("Transferred in from another province")}


def line(key: str) -> str:
    """``public.ethics`` → "Public required: …", ``school_based.2023`` → "School-based study in 2023"."""
    head, _sep, tail = key.partition(".")
    fixed = {"total": _("Credits in all"), "hours": _("Hours (学时) in all"),
             "professional": _("Professional required"), "elective": _("Electives (with the professional surplus)"),
             "school_based": _("School-based study"), "self_study": _("Self-study (within school-based)"),
             "induction": _("New-teacher induction (hours)")}
    if not tail:
        return fixed.get(key, key)
    if head == "public":
        return _("Public required: %(theme)s", theme=themes().get(tail, tail))
    if head == "school_based":
        return _("School-based study in %(year)s", year=tail)
    if head == "year":
        return _("Credits in %(year)s", year=tail)
    if head == "institution_hours":
        return _("Training hours in %(year)s", year=tail)
    return key


def all_labels() -> dict:
    return {"sources": sources(), "categories": categories(), "themes": themes(), "statuses": statuses(),
            "verdicts": verdicts(), "kinds": kinds(), "line": line, "plan_statuses": plan_statuses(),
            "evaluations": evaluations(), "summary_statuses": summary_statuses()}
