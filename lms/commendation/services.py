"""A batch's commendation list (J14, JX12; 004 L163-170).

Tutors recommend outstanding learners on their class's grades page, beside each learner's criteria computed from
the data (lms.grading.rules: score, finished first, every lesson, active, excellent work). The province admin
reviews the learners the tutors recommended across the batch and confirms the list; the confirmed entries are
kept as confirmed (name, school, class, score, criteria, the tutor's reason), so the documents do not move when
a grade or recommendation changes later — the province confirms again to take a change in. City, county and
school admins see the list of their own subtree, read-only. Services take the acting user and never commit.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, select

from lms.commendation import policies, queries
from lms.commendation.models import Commendation, CommendationEntry
from lms.core import audit, clock, scope
from lms.core.errors import Conflict, Forbidden
from lms.core.texts import text_renderer
from lms.enrollment.models import Enrollment
from lms.grading import services as grading
from lms.org.models import User


def root_of(actor):
    """The unit whose subtree the admin sees (the province for a province admin)."""
    root = scope.highest_admin_unit(actor)
    if root is None:
        raise Forbidden(_("Only admins see the commendation list."))
    return root


def recommended(session, batch, root) -> list[dict]:
    """The learners of the batch whose tutors recommend them now, in ``root``'s subtree: each with the criteria as
    computed from the data, the tutor's reason and whether the confirmed list holds them."""
    wanted = queries.recommended_ids(session, batch.id)
    if not wanted:
        return []
    assessed = {eid: pair for eid, pair in grading.assessments(session, batch, only=wanted).items()
                if pair[0].recommended and pair[0].excellent}
    if not assessed:
        return []
    enrollments = list(session.scalars(select(Enrollment).where(Enrollment.id.in_(assessed))))
    schools = queries.schools_within(session, [e.school_id for e in enrollments], root)
    tutors = {u.id: u.name for u in session.scalars(select(User).where(User.id.in_(
        {g.recommended_by_id for g, _a in assessed.values() if g.recommended_by_id})))}
    listed = {e.enrollment_id for e in queries.entries(session, batch.id, root)}
    items, render = [], text_renderer()
    for e in enrollments:
        school = schools.get(e.school_id)
        if school is None:
            continue
        grade, assessment = assessed[e.id]
        klass = e.training_class
        items.append({"enrollment_id": e.id, "name": e.teacher.name, "school_id": school.id,
                      "school": school.name, "class_name": klass.name, "course_title": klass.course.title,
                      "total": float(grade.total), "candidate": assessment.candidate,
                      "criteria": [c.as_dict(render) for c in assessment.criteria],
                      "note": grade.recommendation_note, "recommended_by": tutors.get(grade.recommended_by_id),
                      "in_list": e.id in listed})
    items.sort(key=lambda i: (not i["candidate"], i["school"], i["name"], i["enrollment_id"]))
    return items


def entry_dict(entry: CommendationEntry) -> dict:
    return {"enrollment_id": entry.enrollment_id, "name": entry.name, "school_id": entry.school_id,
            "school": entry.school_name, "class_name": entry.class_name, "course_title": entry.course_title,
            "total": float(entry.total), "criteria": entry.criteria or [], "note": entry.recommendation_note}


def listing(session, actor, batch) -> dict:
    """What the page and the API show to ``actor``: the confirmed list (if any) and the tutors' recommendations,
    both limited to the actor's subtree."""
    policies.SEE_LIST.enforce(actor, batch)
    root = root_of(actor)
    row = queries.confirmed(session, batch.id)
    by = session.get(User, row.confirmed_by_id) if row is not None and row.confirmed_by_id else None
    return {"batch_id": batch.id, "project_id": batch.project_id, "batch_number": batch.number,
            "project_name": batch.project.name, "area": root.name, "confirmed": row is not None,
            "confirmed_at": row.confirmed_at.isoformat() if row is not None else None,
            "confirmed_by": by.name if by is not None else None, "note": row.note if row is not None else None,
            "entries": [entry_dict(e) for e in queries.entries(session, batch.id, root)] if row is not None else [],
            "recommended": recommended(session, batch, root),
            "can_confirm": policies.can_confirm(actor, batch)}


def confirm(session, actor, batch, enrollment_ids: list[int], note: str | None = None) -> Commendation:
    """The province confirms the batch's list: ``enrollment_ids``, each a learner the tutors recommend now
    (anyone else: 409 not_recommended). An empty list is a decision too (nobody commended). Confirming again
    replaces the list; each confirmation is audited."""
    policies.CONFIRM.enforce(actor, batch)
    root = root_of(actor)
    chosen = list(dict.fromkeys(enrollment_ids))
    offered = {i["enrollment_id"]: i for i in recommended(session, batch, root)}
    strangers = [i for i in chosen if i not in offered]
    if strangers:
        raise Conflict("not_recommended",
                       _("Only learners their tutors recommend can be commended: %(ids)s is not one of them.",
                         ids="、".join(str(i) for i in strangers[:10])),
                       fields={"enrollment_ids": _("Choose among the recommended learners.")})
    row = queries.confirmed(session, batch.id)
    before = None
    if row is None:
        row = Commendation(batch_id=batch.id)
        session.add(row)
    else:
        before = {"count": len(queries.entries(session, batch.id, root)), "note": row.note}
        session.execute(delete(CommendationEntry).where(CommendationEntry.batch_id == batch.id))
    row.confirmed_at, row.confirmed_by_id, row.note = clock.now(), actor.id, (note or "").strip() or None
    session.flush()
    for eid in chosen:
        item = offered[eid]
        session.add(CommendationEntry(
            batch_id=batch.id, enrollment_id=eid, school_id=item["school_id"], name=item["name"],
            school_name=item["school"], class_name=item["class_name"], course_title=item["course_title"],
            total=item["total"], criteria=item["criteria"], recommendation_note=item["note"]))
    session.flush()
    audit.record(session, actor, "commendation.confirm", "batch", batch.id, org_unit_id=root.id, before=before,
                 after={"count": len(chosen), "names": [offered[i]["name"] for i in chosen][:50], "note": row.note})
    return row


def document_rows(data: dict) -> tuple[bool, list[dict]]:
    """What the Excel and PDF list: the confirmed entries, or — before the province confirms — the learners the
    tutors recommend, as a draft."""
    if data["confirmed"]:
        return True, data["entries"]
    return False, data["recommended"]
