"""Students' tutoring on the home page: a student's coming sessions and waiting request, a tutor's coming ones."""
from __future__ import annotations

from lms.core import clock
from lms.core.registry import for_students
from lms.extensions import db
from lms.tutoring import policies, queries

SHOWN = 5


@for_students
def section(user):
    if not (policies.is_student(user) or policies.is_tutor(user)):
        return None
    now = clock.now()
    coming = [s for s in (queries.booked_by(db.session, user) if policies.is_student(user) else
                          queries.hosted(db.session, user)) if s.status == "open" and s.ends_at > now]
    coming.sort(key=lambda s: s.starts_at)
    if policies.is_tutor(user) and not coming:
        return None
    return {"template": "tutoring/_home.html", "coming": coming[:SHOWN], "student": policies.is_student(user)}
