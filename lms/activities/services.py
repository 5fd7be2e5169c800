"""Organising activities and recording their attendance; each recorded mark recomputes the learner's grade."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import select

from lms.activities import policies, queries, rules
from lms.activities.models import Activity, Attendance
from lms.core import audit, clock, registry, scope
from lms.core.errors import Conflict, InvalidInput, NotFound
from lms.projects import media
from lms.projects.models import Batch, TrainingClass

CONTENT_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


@dataclass(frozen=True)
class NewActivity:
    kind: str
    title: str
    batch_id: int
    starts_at: datetime
    ends_at: datetime
    class_ids: tuple[int, ...] = ()
    description: str = ""
    room_url: str | None = None
    location: str | None = None
    capacity: int | None = None


@dataclass(frozen=True)
class Mark:
    enrollment_id: int
    attended: bool
    minutes: int | None = None


@dataclass(frozen=True)
class Changes:
    """An activity's editable facts, all given (the API's PATCH fills the missing ones from the activity)."""
    kind: str
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    room_url: str | None = None
    location: str | None = None
    capacity: int | None = None

    @classmethod
    def of(cls, activity: Activity, **given) -> Changes:
        current = {name: getattr(activity, name) for name in cls.__dataclass_fields__}
        return cls(**{**current, **given})


def _invalid(fields: dict) -> InvalidInput:
    return InvalidInput(_("Please correct the marked fields."), fields)


def _check_room(room_url: str | None) -> None:
    if room_url and urlsplit(room_url).scheme not in ("http", "https"):
        raise _invalid({"room_url": _("Give the room's web address (http or https).")})


def _refuse_cancelled(activity: Activity) -> None:
    if activity.cancelled:
        raise Conflict("cancelled", _("This activity was cancelled."))


EDIT_MESSAGES = {
    "unknown_kind": lambda: _("Not a kind of activity."),
    "kind_fixed": lambda: _("Attendance is recorded: the kind of activity stays as it is."),
    "not_after_start": lambda: _("Must be after the start."),
    "shorter_than_marked": lambda: _("Attendance is recorded: the activity must last at least the most minutes "
                                     "marked."),
    "recorded_before_start": lambda: _("Attendance is recorded: the activity must have started."),
    "below_attended": lambda: _("Fewer places than learners marked present."),
}


def update(session, actor, activity: Activity, changes: Changes) -> Activity:
    """A manager corrects an activity it has not cancelled; recorded attendance must still read as it was. A new
    time or place is told to the learners it addresses (the event ``activity.changed``)."""
    policies.MANAGE.enforce(actor, activity)
    _refuse_cancelled(activity)
    _check_room(changes.room_url)
    recorded = queries.recorded(session, activity)
    problems = rules.edit_problems(old_kind=activity.kind, kind=changes.kind, starts_at=changes.starts_at,
                                   ends_at=changes.ends_at, capacity=changes.capacity, now=clock.now(),
                                   recorded=recorded.marks > 0, most_minutes=recorded.most_minutes,
                                   attended=recorded.attended)
    if problems:
        raise _invalid({field: EDIT_MESSAGES[why]() for field, why in problems.items()})
    was = {name: getattr(activity, name) for name in rules.TIME_AND_PLACE}
    before = {name: _plain(getattr(activity, name)) for name in Changes.__dataclass_fields__}
    for name in Changes.__dataclass_fields__:
        value = getattr(changes, name)
        setattr(activity, name, (value or None) if name in ("room_url", "location") else value)
    after = {name: _plain(getattr(activity, name)) for name in Changes.__dataclass_fields__}
    session.flush()
    audit.record(session, actor, "activity.update", "activity", activity.id, org_unit_id=activity.org_unit_id,
                 before={k: v for k, v in before.items() if after[k] != v},
                 after={k: v for k, v in after.items() if before[k] != v})
    changed = rules.news(was, {name: getattr(activity, name) for name in rules.TIME_AND_PLACE})
    if changed:  # its learners hear the new time or place (lms.notices); other corrections tell nobody
        registry.emit(session, "activity.changed", activity=activity, changed=changed,
                      user_ids=queries.audience_user_ids(session, activity), actor=actor)
    return activity


def _plain(value):
    return value.isoformat() if isinstance(value, datetime) else value


def cancel(session, actor, activity: Activity, reason: str) -> Activity:
    """A manager cancels an activity: its learners are told (the event ``activity.cancelled``), and whatever
    attendance was recorded no longer counts — the grades of those marked present are recomputed."""
    policies.MANAGE.enforce(actor, activity)
    _refuse_cancelled(activity)
    reason = (reason or "").strip()
    if not reason or len(reason) > rules.CANCEL_REASON_MAX:
        raise _invalid({"reason": _("Give the reason (at most %(n)d characters).", n=rules.CANCEL_REASON_MAX)})
    counted = queries.present_enrollments(session, activity)
    activity.cancelled_at, activity.cancelled_by_id, activity.cancel_reason = clock.now(), actor.id, reason
    session.flush()
    audit.record(session, actor, "activity.cancel", "activity", activity.id, org_unit_id=activity.org_unit_id,
                 after={"name": activity.title, "reason": reason, "uncounted": len(counted)})
    for enrollment_id in counted:
        registry.hook("grading.inputs_changed")(session, enrollment_id)
    registry.emit(session, "activity.cancelled", activity=activity,
                  user_ids=queries.audience_user_ids(session, activity), actor=actor)
    return activity


def create(session, actor, new: NewActivity) -> Activity:
    """An admin addresses its area's learners of a batch (or of one class); a tutor one of its classes."""
    policies.ORGANISE.enforce(actor)
    if new.kind not in rules.KINDS:
        raise _invalid({"kind": _("Not a kind of activity.")})
    if new.ends_at <= new.starts_at:
        raise _invalid({"ends_at": _("Must be after the start.")})
    _check_room(new.room_url)
    batch = session.get(Batch, new.batch_id)
    if batch is None:
        raise _invalid({"batch_id": _("No such batch.")})
    class_ids = list(dict.fromkeys(new.class_ids))  # as chosen, once each
    classes = list(session.scalars(select(TrainingClass).where(TrainingClass.id.in_(class_ids)))) if class_ids else []
    if len(classes) != len(class_ids) or any(k.batch_id != batch.id for k in classes):
        raise _invalid({"class_ids": _("Not a class of this batch.")})
    org_unit = scope.highest_admin_unit(actor)
    if org_unit is None and not classes:
        raise _invalid({"class_ids": _("Choose one of your classes.")})
    if not policies.can_address(actor, org_unit, classes):
        raise _invalid({"class_ids": _("You address only your own classes.")})
    status = rules.review_at_creation(org_unit.level if org_unit else None)
    now = clock.now()
    activity = Activity(kind=new.kind, title=new.title, description=new.description, batch_id=batch.id,
                        classes=sorted(classes, key=lambda k: k.id), org_unit_id=org_unit.id if org_unit else None,
                        starts_at=new.starts_at, ends_at=new.ends_at, room_url=new.room_url or None,
                        location=new.location or None, capacity=new.capacity, created_by_id=actor.id,
                        created_at=now, review_status=status,
                        reviewed_at=now if status == "approved" else None,
                        reviewed_by_id=actor.id if status == "approved" else None)
    session.add(activity)
    session.flush()
    audit.record(session, actor, "activity.create", "activity", activity.id, org_unit_id=activity.org_unit_id,
                 after={"name": activity.title, "kind": activity.kind, "classes": activity.class_ids,
                        "review": activity.review_status})
    if status == "pending":
        registry.emit(session, "activity.awaiting_review", activity=activity, actor=actor)
    return activity


def review(session, actor, activity: Activity, decision: str, reason: str | None = None) -> Activity:
    """A province admin approves an activity as meeting the province's requirements (its attendance then counts)
    or rejects it with a reason (an approval revoked: it counts no longer). The grades of those marked present are
    recomputed; the organiser is told (the events ``activity.approved``, ``activity.rejected``)."""
    policies.REVIEW.enforce(actor, activity)
    why = rules.review_problem(activity.review_status, decision, activity.cancelled)
    if why == "cancelled":
        _refuse_cancelled(activity)
    if why:
        raise Conflict(why, _("The activity is already approved.") if why == "already_approved"
                       else _("The activity is already rejected."))
    reason = (reason or "").strip() or None
    if decision == "rejected" and (reason is None or len(reason) > rules.REVIEW_REASON_MAX):
        raise _invalid({"reason": _("Give the reason (at most %(n)d characters).", n=rules.REVIEW_REASON_MAX)})
    before = activity.review_status
    present = queries.present_enrollments(session, activity)
    activity.review_status, activity.reviewed_at, activity.reviewed_by_id = decision, clock.now(), actor.id
    activity.review_reason = reason if decision == "rejected" else None
    session.flush()
    facts = dict(org_unit_id=activity.org_unit_id, before={"review": before},
                 after={"name": activity.title, "review": decision, "reason": reason, "present": len(present)})
    if decision == "approved":
        audit.record(session, actor, "activity.approve", "activity", activity.id, **facts)
    else:
        audit.record(session, actor, "activity.reject", "activity", activity.id, **facts)
    if rules.counts(None, before) != rules.counts(None, decision):
        for enrollment_id in present:
            registry.hook("grading.inputs_changed")(session, enrollment_id)
    if decision == "approved":
        registry.emit(session, "activity.approved", activity=activity, actor=actor)
    else:
        registry.emit(session, "activity.rejected", activity=activity, actor=actor)
    return activity


def read_evidence(upload) -> media.Upload:
    """An evidence file (photo or scan) bound for the media storage: present; at most 5 MB and a .jpg, .png or
    .pdf, checked as it is stored."""
    return media.Upload.required(upload, rules.MAX_EVIDENCE_BYTES)


def record_attendance(session, actor, activity: Activity, marks: list[Mark], note: str | None = None,
                      evidence: media.Upload | None = None) -> list[Attendance]:
    """The organiser records who attended (minutes of a synchronous activity, yes or no of an offline one), with
    a note and optionally a photo or scan as evidence (streamed to the media storage once the marks pass; the
    file it replaces is deleted when the transaction commits). Only learners the activity addresses can be
    marked."""
    policies.MANAGE.enforce(actor, activity)
    _refuse_cancelled(activity)
    now = clock.now()
    if now < activity.starts_at:
        raise Conflict("not_started", _("Attendance is recorded once the activity has started."))
    addressed = {row.id: row for row in queries.audience(session, activity)}
    errors, seen = {}, set()
    for i, mark in enumerate(marks):
        if mark.enrollment_id in seen:
            errors[f"marks.{i}.enrollment_id"] = _("This learner is marked twice.")
            continue
        seen.add(mark.enrollment_id)
        if mark.enrollment_id not in addressed:
            errors[f"marks.{i}.enrollment_id"] = _("This learner is not addressed by the activity.")
            continue
        why = rules.mark_error(activity.kind, mark.attended, mark.minutes, activity.duration_minutes)
        if why:
            name = addressed[mark.enrollment_id].name
            errors[f"marks.{i}.minutes"] = (_("%(name)s: give the minutes attended.", name=name)
                                            if why == "minutes_required" else
                                            _("%(name)s: between 0 and %(n)d minutes.", name=name,
                                              n=activity.duration_minutes))
    if errors:
        raise _invalid(errors)
    existing = {a.enrollment_id: a for a in session.scalars(select(Attendance).where(
        Attendance.activity_id == activity.id, Attendance.enrollment_id.in_([m.enrollment_id for m in marks])))}
    changed, rows = [], []
    for mark in marks:
        attended = rules.qualifies(activity.kind, mark.attended, mark.minutes)
        minutes = mark.minutes if rules.is_synchronous(activity.kind) else None
        row = existing.get(mark.enrollment_id)
        if row is None:
            row = Attendance(activity_id=activity.id, enrollment_id=mark.enrollment_id)
            session.add(row)
        elif (row.attended, row.minutes) == (attended, minutes):
            rows.append(row)
            continue
        row.attended, row.minutes, row.recorded_by_id, row.recorded_at = attended, minutes, actor.id, now
        changed.append(mark.enrollment_id)
        rows.append(row)
    session.flush()
    if activity.capacity is not None:
        present = session.scalar(select(Attendance.id).where(Attendance.activity_id == activity.id,
                                                             Attendance.attended.is_(True))
                                 .offset(activity.capacity).limit(1))
        if present is not None:
            raise Conflict("over_capacity", _("More learners attended than the activity has places (%(n)d).",
                                              n=activity.capacity))
    if note is not None:
        activity.evidence_note = note.strip() or None
    if evidence is not None:
        stored = media.store_upload(evidence, "file", CONTENT_TYPES)
        media.discard_on_rollback(session, evidence.storage, stored.key)
        media.delete_after_commit(session, evidence.storage, activity.evidence_key)
        activity.evidence_name, activity.evidence_key, activity.evidence_type = (evidence.name, stored.key,
                                                                                 stored.content_type)
    activity.attendance_recorded_at = now
    session.flush()
    audit.record(session, actor, "activity.attendance", "activity", activity.id, org_unit_id=activity.org_unit_id,
                 after={"name": activity.title, "marked": len(marks), "changed": len(changed),
                        "attended": sum(1 for r in rows if r.attended), "evidence": activity.evidence_name})
    for enrollment_id in changed:
        # Grading (a layer above) recomputes the learner's stored grade.
        registry.hook("grading.inputs_changed")(session, enrollment_id)
    return rows


def deliver_evidence(actor, activity: Activity, storage: media.LocalStorage, lifetime: int):
    """The evidence file as an attachment ``activity-<id>-evidence.<suffix>``, sent as MEDIA_DELIVERY says."""
    policies.MANAGE.enforce(actor, activity)
    if not activity.evidence_key:
        raise NotFound(_("No evidence file was attached."))
    name = activity.evidence_name or ""
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    return media.deliver_file(storage, activity.evidence_key, activity.evidence_type or "application/octet-stream",
                              f"activity-{activity.id}-evidence{suffix}", lifetime=lifetime,
                              missing=_("The evidence file is missing; attach it again."))
