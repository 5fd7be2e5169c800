"""The certificates' rows of the permission table (tests/web/test_permission_table.py) for the routes of
lms/certificates/api.py that list certificates and those of live research terms (lms/certificates/live_terms.py),
kept with the domain like tests/tutors/permission_rows.py. Wired in one line:

    TABLE += certificate_rows(row, ...)           # after TABLE

lms/certificates/policies.py: any admin lists the training certificates of its own area (LIST_AREA); one's own
certificates are everyone's to read. A live term certificate is its holder's own (404 for a kind one does not
hold, 409 before the term is over: the world's term runs, so the download is lenient, as its page's row in
tests/live/permission_rows.py); its code is checked by anyone (the world's genuine "@live_code", made by live_extras).
"""
from __future__ import annotations


def certificate_rows(row, *, ANY, SIGNED, ADMINS) -> list:
    return [
        row("GET /api/v1/certificates", ADMINS),
        row("GET /api/v1/me/certificates", SIGNED),
        row("GET /api/v1/live/terms/<int:term_id>/certificates/<kind>", SIGNED, lenient=True, ids={"kind": "service"}),
        row("GET /api/v1/live/certificates/<code>", ANY, ids={"code": "@live_code"}),
    ]
