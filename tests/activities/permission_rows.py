"""The activities routes' rows of the permission table (tests/web/test_permission_table.py), kept with the
domain like tests/live/permission_rows.py. Wired in three lines:

    SCOPED |= ACTIVITY_SCOPED                      # after SCOPED
    activity_extras(db.session, ids)               # in ``world``
    TABLE += activity_rows(row, ...)               # after TABLE

The in activity: an offline discussion of the teacher's school in the teacher's batch, started ten minutes ago,
with an evidence file: every admin of the chain manages it, the teacher is addressed by it, the tutor and the
expert neither (404: they do not learn of it). Editing and cancelling are managing (the teacher: 403). The out activity: the same of another city's school.
Both wait for the province's review: approving and rejecting are the province admins' alone (the other admins
manage it but are refused, 403).
"""
from __future__ import annotations

import io
from datetime import timedelta

from flask import current_app

from lms.activities.models import Activity
from lms.core import clock
from lms.enrollment.models import Enrollment
from lms.projects.media import LocalStorage

ACTIVITY_SCOPED = {"activity_id"}


def activity_extras(session, ids: dict) -> None:
    now = clock.now()
    ids["activity_id"] = {}
    for k in ("in", "out"):
        enrollment = session.get(Enrollment, ids["enrollment_id"][k])
        key, _size = LocalStorage(current_app.config["MEDIA_ROOT"]).save_stream(io.BytesIO(b"\x89PNG"), ".png", 1024)
        activity = Activity(kind="offline_discussion", title="线下研讨", description="", batch_id=enrollment.batch_id,
                            org_unit_id=ids["unit_id"][k], created_by_id=ids["user_id"]["out"],
                            starts_at=now - timedelta(minutes=10), ends_at=now + timedelta(minutes=50),
                            created_at=now, review_status="pending", evidence_name="签到.png",
                            evidence_type="image/png", evidence_key=key)
        session.add(activity)
        session.flush()
        ids["activity_id"][k] = activity.id


def activity_rows(row, *, SIGNED, ADMINS, T, TU, PA) -> list:
    ORGANISERS = TU | ADMINS
    UNAWARE = frozenset({"tutor", "expert"})  # neither manage nor are addressed: 404
    new = {"kind": "offline_discussion", "title": "研讨", "batch_id": "@batch_id",
           "starts_at": "2026-11-23T15:00:00+08:00", "ends_at": "2026-11-23T17:00:00+08:00"}
    return [
        # pages
        row("GET /activities/", SIGNED),
        row("GET /activities/new", ORGANISERS), row("POST /activities/new", ORGANISERS),
        row("GET /activities/<int:activity_id>", T | ADMINS, nf=UNAWARE),
        row("GET /activities/<int:activity_id>/edit", ADMINS, nf=UNAWARE),
        row("POST /activities/<int:activity_id>/edit", ADMINS, nf=UNAWARE),
        row("POST /activities/<int:activity_id>/cancel", ADMINS, nf=UNAWARE),
        row("POST /activities/<int:activity_id>/attendance", ADMINS, nf=UNAWARE),
        row("GET /activities/<int:activity_id>/evidence", ADMINS, nf=UNAWARE),
        row("GET /activities/review", PA),
        row("POST /activities/<int:activity_id>/approve", PA, nf=UNAWARE),
        row("POST /activities/<int:activity_id>/reject", PA, nf=UNAWARE, body={"reason": "不符合省级要求"}),
        # API
        row("GET /api/v1/activities", SIGNED),
        row("POST /api/v1/activities", ORGANISERS, body=new, lenient=True),
        row("GET /api/v1/activities/<int:activity_id>", T | ADMINS, nf=UNAWARE),
        row("PATCH /api/v1/activities/<int:activity_id>", ADMINS, nf=UNAWARE, body={"title": "改期的研讨"}),
        row("POST /api/v1/activities/<int:activity_id>/cancel", ADMINS, nf=UNAWARE, body={"reason": "天气原因"}),
        row("GET /api/v1/activities/<int:activity_id>/attendance", ADMINS, nf=UNAWARE),
        row("PUT /api/v1/activities/<int:activity_id>/attendance", ADMINS, nf=UNAWARE, body={"marks": []}),
        row("POST /api/v1/activities/<int:activity_id>/evidence", ADMINS, nf=UNAWARE, lenient=True),
        row("GET /api/v1/activities/review", PA),
        row("POST /api/v1/activities/<int:activity_id>/approve", PA, nf=UNAWARE),
        row("POST /api/v1/activities/<int:activity_id>/reject", PA, nf=UNAWARE, body={"reason": "不符合省级要求"}),
    ]
