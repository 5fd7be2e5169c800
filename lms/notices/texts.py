"""A notice in words, made when it is read and in the reader's language (the session's choice): a notice is
stored as its kind and parameters, so the same notice reads in Chinese or English."""
from __future__ import annotations

from datetime import date, datetime

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms.core import clock
from lms.notices import rules

LABELS = {
    rules.ENROLLMENT_CREATED: _l("You were enrolled in a training"),
    rules.ENROLLMENT_CANCELLED: _l("Your enrollment was cancelled"),
    rules.ENROLLMENT_REPLACED: _l("Your place was given to another teacher"),
    rules.WORK_GRADED: _l("Your work was graded"),
    rules.PLAGIARISM_VERDICT: _l("A plagiarism verdict on your work"),
    rules.APPEAL_DECIDED: _l("Your appeal was decided"),
    rules.CERTIFICATE_ISSUED: _l("Your certificate was issued"),
    rules.SEATS_RECEIVED: _l("Seats handed down to your unit"),
    rules.WINDOW_CLOSING: _l("The enrollment window closes soon (seats unused)"),
    rules.QUOTA_DEADLINE: _l("The quota deadline is near (seats not handed down)"),
    rules.BATCH_ENDING: _l("Your batch ends soon (work or study time missing)"),
    rules.ACTIVITY_CANCELLED: _l("An activity was cancelled"),
    rules.TUTORING_MISCONDUCT: _l("Misconduct recorded on a student of your school"),
    rules.SQUARE_QUESTION: _l("A new question in the square for your subject"),
    rules.TUTORING_CANCELLED: _l("A tutoring session you booked was cancelled"),
    rules.TUTORING_ACCEPTED: _l("A tutor took your request"),
    rules.COURSE_REREVIEW: _l("A course you approved changed: review it again"),
    rules.ACTIVITY_CHANGED: _l("An activity's time or place changed"),
    rules.ACTIVITY_APPROVED: _l("The province approved your activity"),
    rules.ACTIVITY_REJECTED: _l("The province did not approve your activity"),
    rules.SURVEY_PUBLISHED: _l("A survey for you to answer"),
    rules.SURVEY_CLOSING: _l("A survey closes soon (not yet answered)"),
    rules.OUTCOME_REVIEWED: _l("Your school took in or returned your outcome"),
    rules.OUTCOME_SHOWCASED: _l("Your outcome is in the province showcase"),
    rules.EVALUATION_ASSIGNED: _l("You are asked to evaluate an area's work on a project"),
    rules.EVALUATION_RETURNED: _l("Your area's self-evaluation was returned for revision"),
    rules.LIVE_CANCELLED: _l("A live session you booked was cancelled"),
    rules.LIVE_FEEDBACK_DUE: _l("Your feedback on a live session is due soon"),
    rules.ACTIVITY_AWAITING_REVIEW: _l("An activity waits for the province's approval"),
    rules.TUTORING_WEEK_SHORT: _l("Your online hours last week were short of 2 hours"),
    rules.TUTOR_QUALIFICATION: _l("Your tutoring qualification was revoked or reinstated"),
    rules.TUTORING_ORG_AWARD: _l("Your unit won a tutoring organisation award"),
    rules.MICRO_LESSON_POST: _l("A student posted in your micro-lesson's discussion"),
}


def label(kind: str) -> str:
    return str(LABELS.get(kind, kind))


def _day(value: str | None) -> str:
    return date.fromisoformat(value).isoformat() if value else ""


def _moment(value: str | None) -> str:
    if not value:
        return ""
    return datetime.fromisoformat(value).astimezone(clock.local_tz()).strftime("%Y-%m-%d %H:%M")


def _batch(p: dict) -> str:
    return _("Batch %(n)d", n=p.get("batch", 0))


def _live_cancelled(p: dict) -> str:
    """Who cancelled a live session (or why: its host disqualified), then the canceller's reason if it gave one."""
    if p.get("cause") == "disqualified":
        return _("%(title)s with %(host)s (%(when)s) was cancelled: its host's tutoring qualification was revoked.",
                 title=p.get("title", ""), host=p.get("host", ""), when=_moment(p.get("starts_at")))
    if p.get("cause") == "host":
        said = _("%(title)s (%(when)s) was cancelled by its host %(who)s.", title=p.get("title", ""),
                 when=_moment(p.get("starts_at")), who=p.get("by", ""))
    else:
        said = _("%(title)s with %(host)s (%(when)s) was cancelled by the admin %(who)s.", title=p.get("title", ""),
                 host=p.get("host", ""), when=_moment(p.get("starts_at")), who=p.get("by", ""))
    return _("%(said)s Reason: %(reason)s", said=said, reason=p["reason"]) if p.get("reason") else said


def body(kind: str, p: dict) -> str:
    """The notice's sentence; an unknown kind (from a newer version) reads as its label."""
    if kind == rules.ENROLLMENT_CREATED:
        return _("You were enrolled in %(course)s (%(project)s, %(batch)s, from %(start)s to %(end)s).",
                 course=p.get("course", ""), project=p.get("project", ""), batch=_batch(p),
                 start=_day(p.get("starts_on")), end=_day(p.get("ends_on")))
    if kind == rules.ENROLLMENT_CANCELLED:
        return _("Your enrollment in %(course)s (%(project)s, %(batch)s) was cancelled by your school.",
                 course=p.get("course", ""), project=p.get("project", ""), batch=_batch(p))
    if kind == rules.ENROLLMENT_REPLACED:
        return _("Your place in %(course)s (%(project)s, %(batch)s) was given to another teacher of your school.",
                 course=p.get("course", ""), project=p.get("project", ""), batch=_batch(p))
    if kind == rules.WORK_GRADED:
        if p.get("excellent"):
            return _("Your tutor graded %(assignment)s: %(score)s points, marked excellent.",
                     assignment=p.get("assignment", ""), score=p.get("score", ""))
        return _("Your tutor graded %(assignment)s: %(score)s points.", assignment=p.get("assignment", ""),
                 score=p.get("score", ""))
    if kind == rules.PLAGIARISM_VERDICT:
        if p.get("decision") == "confirmed":
            return _("Your tutor confirmed plagiarism in %(assignment)s: this training fails and you cannot "
                     "enroll again this year. You may appeal to the province once.",
                     assignment=p.get("assignment", ""))
        return _("Your tutor cleared %(assignment)s of the suspected plagiarism.", assignment=p.get("assignment", ""))
    if kind == rules.APPEAL_DECIDED:
        if p.get("outcome") == "overturned":
            return _("The province overturned the plagiarism verdict on %(course)s: its consequences are undone.",
                     course=p.get("course", ""))
        return _("The province upheld the plagiarism verdict on %(course)s. This decision is final.",
                 course=p.get("course", ""))
    if kind == rules.CERTIFICATE_ISSUED:
        return _("Your certificate for %(course)s (%(project)s) was issued.", course=p.get("course", ""),
                 project=p.get("project", ""))
    if kind == rules.SEATS_RECEIVED:
        return _("%(unit)s now has %(seats)d seats in %(project)s, %(batch)s (before: %(before)d).",
                 unit=p.get("unit", ""), seats=p.get("seats", 0), project=p.get("project", ""), batch=_batch(p),
                 before=p.get("before", 0))
    if kind == rules.WINDOW_CLOSING:
        return _("Enrollment for %(project)s, %(batch)s closes at %(when)s. Seats not yet taken at %(unit)s: "
                 "%(num)d.", project=p.get("project", ""), batch=_batch(p), when=_moment(p.get("closes_at")),
                 unit=p.get("unit", ""), num=p.get("seats", 0))
    if kind == rules.QUOTA_DEADLINE:
        return _("Seats of %(project)s are handed down before %(deadline)s. Seats of %(batch)s not yet handed "
                 "down at %(unit)s: %(num)d.", project=p.get("project", ""), deadline=_day(p.get("deadline")),
                 batch=_batch(p), unit=p.get("unit", ""), num=p.get("seats", 0))
    if kind == rules.BATCH_ENDING:
        missing = []
        if rules.WORK_MISSING in p.get("gaps", ()):
            missing.append(_("assignments not handed in: %(num)d", num=p.get("work_missing", 0)))
        if rules.STUDY_SHORT in p.get("gaps", ()):
            missing.append(_("minutes of study still needed: %(num)d", num=p.get("minutes_short", 0)))
        return _("%(course)s ends on %(end)s; %(missing)s.", course=p.get("course", ""), end=_day(p.get("ends_on")),
                 missing=_(", ").join(missing))
    if kind == rules.ACTIVITY_CANCELLED:
        return _("%(title)s (%(when)s) was cancelled by %(who)s: %(reason)s", title=p.get("title", ""),
                 when=_moment(p.get("starts_at")), who=p.get("by", ""), reason=p.get("reason", ""))
    if kind == rules.TUTORING_MISCONDUCT:
        return _("%(who)s recorded misconduct on %(student)s: %(reason)s. Please talk with the student and guide it.",
                 who=p.get("by", ""), student=p.get("student", ""), reason=p.get("reason", ""))
    if kind == rules.SQUARE_QUESTION:
        return _("A student asked a %(subject)s question in the question square: %(excerpt)s",
                 subject=p.get("subject", ""), excerpt=p.get("excerpt", ""))
    if kind == rules.MICRO_LESSON_POST:
        return _("%(who)s posted in the discussion of your micro-lesson %(title)s: %(excerpt)s",
                 who=p.get("author", ""), title=p.get("title", ""), excerpt=p.get("excerpt", ""))
    if kind == rules.TUTORING_CANCELLED:
        return _("%(topic)s with %(tutor)s (%(when)s) was cancelled by %(who)s.", topic=p.get("topic", ""),
                 tutor=p.get("tutor", ""), when=_moment(p.get("starts_at")), who=p.get("by", ""))
    if kind == rules.TUTORING_ACCEPTED:
        return _("%(tutor)s took your request: the room is open now.", tutor=p.get("tutor", ""))
    if kind == rules.LIVE_CANCELLED:
        return _live_cancelled(p)
    if kind == rules.LIVE_FEEDBACK_DUE:
        return _("Give your feedback on %(title)s before %(end)s: its study hours are recorded only with feedback "
                 "given within 7 days, and you book again once it is given.", title=p.get("title", ""),
                 end=_moment(p.get("closes_at")))
    if kind == rules.ACTIVITY_AWAITING_REVIEW:
        return _("%(who)s created %(title)s (%(when)s): please review whether it meets the province's "
                 "requirements.", who=p.get("by", ""), title=p.get("title", ""), when=_moment(p.get("starts_at")))
    if kind == rules.TUTORING_WEEK_SHORT:
        return _("The week from %(start)s to %(end)s had %(minutes)d minutes of your tutoring sessions, %(short)d "
                 "short of the weekly minimum of %(minimum)d: please offer more sessions.",
                 start=_day(p.get("starts_on")), end=_day(p.get("ends_on")), minutes=p.get("minutes", 0),
                 short=p.get("short_by", 0), minimum=p.get("minimum", 0))
    if kind == rules.TUTOR_QUALIFICATION and p.get("action") == "reinstated":
        return _("%(who)s reinstated your tutoring qualification: you may offer tutoring again.",
                 who=p.get("by", ""))
    if kind == rules.TUTOR_QUALIFICATION:
        return _("%(who)s revoked your tutoring qualification: %(reason)s. Your coming sessions are cancelled.",
                 who=p.get("by", ""), reason=p.get("reason", ""))
    if kind == rules.TUTORING_ORG_AWARD:
        award = (_("the outstanding district organisation award") if p.get("kind") == "district"
                 else _("the outstanding school organisation award"))
        return _("%(unit)s won %(award)s of students' tutoring of %(area)s for %(term)s (rank %(rank)d).",
                 unit=p.get("unit", ""), award=award, area=p.get("area", ""), term=p.get("term", ""),
                 rank=p.get("rank", 0))
    if kind == rules.COURSE_REREVIEW:
        what = (_("added the lesson %(lesson)s", lesson=p.get("lesson", "")) if p.get("change") == "added"
                else _("changed the lesson %(lesson)s", lesson=p.get("lesson", "")))
        return _("The course %(course)s changed after your approval (its owner %(what)s): please review it again "
                 "(round %(round)d).", course=p.get("course", ""), what=what, round=p.get("round", 0))
    if kind == rules.ACTIVITY_CHANGED:
        where = p.get("location") or p.get("room_url") or ""
        if where:
            return _("%(who)s changed %(title)s: it now takes place from %(start)s to %(end)s, at %(where)s.",
                     who=p.get("by", ""), title=p.get("title", ""), start=_moment(p.get("starts_at")),
                     end=_moment(p.get("ends_at")), where=where)
        return _("%(who)s changed %(title)s: it now takes place from %(start)s to %(end)s.", who=p.get("by", ""),
                 title=p.get("title", ""), start=_moment(p.get("starts_at")), end=_moment(p.get("ends_at")))
    if kind == rules.ACTIVITY_APPROVED:
        return _("%(who)s approved %(title)s (%(when)s) as meeting the province's requirements: its attendance "
                 "counts toward the learners' study time and interaction.", who=p.get("by", ""),
                 title=p.get("title", ""), when=_moment(p.get("starts_at")))
    if kind == rules.ACTIVITY_REJECTED:
        return _("%(who)s did not approve %(title)s (%(when)s) as meeting the province's requirements: %(reason)s. "
                 "Its attendance does not count.", who=p.get("by", ""), title=p.get("title", ""),
                 when=_moment(p.get("starts_at")), reason=p.get("reason", ""))
    if kind == rules.SURVEY_PUBLISHED:
        return _("Please answer the survey %(title)s: open from %(start)s to %(end)s.", title=p.get("title", ""),
                 start=_moment(p.get("opens_at")), end=_moment(p.get("closes_at")))
    if kind == rules.SURVEY_CLOSING:
        return _("The survey %(title)s closes at %(end)s and you have not answered it yet.",
                 title=p.get("title", ""), end=_moment(p.get("closes_at")))
    if kind == rules.OUTCOME_REVIEWED:
        if p.get("action") == "return":
            return _("Your school returned your outcome %(title)s: %(reason)s. Correct it and hand it in again.",
                     title=p.get("title", ""), reason=p.get("reason", ""))
        return _("Your school took in your outcome %(title)s.", title=p.get("title", ""))
    if kind == rules.OUTCOME_SHOWCASED:
        return _("Your outcome %(title)s is shown in the province showcase.", title=p.get("title", ""))
    if kind == rules.EVALUATION_ASSIGNED:
        return _("The province asks you to evaluate %(area)s on %(project)s.", area=p.get("area", ""),
                 project=p.get("project", ""))
    if kind == rules.EVALUATION_RETURNED:
        return _("The province returned the self-evaluation of %(area)s on %(project)s: %(reason)s",
                 area=p.get("area", ""), project=p.get("project", ""), reason=p.get("reason", ""))
    return label(kind)


def link(kind: str, p: dict) -> str | None:
    """Where the notice leads: the reader's own page about it."""
    enrollment_id = p.get("enrollment_id")
    if kind in (rules.ENROLLMENT_CREATED, rules.ENROLLMENT_CANCELLED, rules.ENROLLMENT_REPLACED):
        return url_for("enrollment.my_training")
    if kind in (rules.WORK_GRADED, rules.PLAGIARISM_VERDICT) and enrollment_id:
        return url_for("assignments.learner_list", enrollment_id=enrollment_id)
    if kind in (rules.APPEAL_DECIDED, rules.CERTIFICATE_ISSUED, rules.BATCH_ENDING) and enrollment_id:
        return url_for("grading.grade_page", enrollment_id=enrollment_id)
    if kind in (rules.SEATS_RECEIVED, rules.WINDOW_CLOSING, rules.QUOTA_DEADLINE) and p.get("unit_id"):
        if p.get("level") == "school":
            return url_for("enrollment.school_page", unit_id=p["unit_id"], batch_id=p["batch_id"])
        return url_for("quotas.quota_page", batch_id=p["batch_id"], unit_id=p["unit_id"])
    if kind == rules.COURSE_REREVIEW and p.get("review_id"):
        return url_for("experts.review_page", review_id=p["review_id"])
    if kind in (rules.SURVEY_PUBLISHED, rules.SURVEY_CLOSING) and p.get("survey_id"):
        return url_for("surveys.answer_page", survey_id=p["survey_id"])
    if kind in (rules.OUTCOME_REVIEWED, rules.OUTCOME_SHOWCASED) and p.get("outcome_id"):
        return url_for("outcomes.detail", outcome_id=p["outcome_id"])
    if kind in (rules.ACTIVITY_CANCELLED, rules.ACTIVITY_CHANGED, rules.ACTIVITY_APPROVED,
                rules.ACTIVITY_REJECTED) and p.get("activity_id"):
        return url_for("activities.detail", activity_id=p["activity_id"])
    if kind == rules.TUTORING_MISCONDUCT and p.get("student_id"):
        return url_for("tutoring.record_page", student_id=p["student_id"])
    if kind == rules.SQUARE_QUESTION and p.get("question_id"):
        return url_for("square.question", question_id=p["question_id"])
    if kind == rules.MICRO_LESSON_POST and p.get("lesson_id"):
        return url_for("square.lesson", lesson_id=p["lesson_id"], _anchor="discussion")
    if kind in (rules.TUTORING_CANCELLED, rules.TUTORING_ACCEPTED) and p.get("tutoring_id"):
        return url_for("tutoring.session_page", tutoring_id=p["tutoring_id"])
    if kind in (rules.EVALUATION_ASSIGNED, rules.EVALUATION_RETURNED) and p.get("evaluation_id"):
        return url_for("evaluations.area_page", evaluation_id=p["evaluation_id"])
    if kind in (rules.LIVE_CANCELLED, rules.LIVE_FEEDBACK_DUE) and p.get("live_id"):
        return url_for("live.session_page", live_id=p["live_id"])
    if kind == rules.ACTIVITY_AWAITING_REVIEW:
        return url_for("activities.review")
    if kind == rules.TUTORING_WEEK_SHORT:
        return url_for("tutoring.index")
    if kind == rules.TUTORING_ORG_AWARD and p.get("term_id"):
        return url_for("tutoring_awards.winners", term=p["term_id"])
    return None
