"""GETs never write: the guard of lms.web.locking stops a read's INSERT/UPDATE/DELETE at the statement."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from lms.extensions import db
from lms.web.locking import ReadWrote


@pytest.mark.parametrize("statement", [
    "INSERT INTO audit_entry (action) VALUES ('x')",
    "  update org_unit SET name = name",
    "DELETE FROM org_unit WHERE id = -1",
])
def test_a_read_that_writes_fails_at_the_statement(app, statement):
    with app.test_request_context("/", method="GET"):
        with pytest.raises(ReadWrote, match="GET / wrote"):
            db.session.execute(text(statement))
        db.session.rollback()


def test_reads_read_and_changes_write(app):
    with app.test_request_context("/", method="GET"):
        assert db.session.execute(text("SELECT count(*) FROM org_unit")).scalar() >= 0
    with app.test_request_context("/", method="POST"):
        db.session.execute(text("DELETE FROM org_unit WHERE id = -1"))
        db.session.rollback()


def test_the_guard_is_off_unless_configured(app):
    app.config["LMS_READS_NEVER_WRITE"] = False
    try:
        with app.test_request_context("/", method="GET"):
            db.session.execute(text("DELETE FROM org_unit WHERE id = -1"))
            db.session.rollback()
    finally:
        app.config["LMS_READS_NEVER_WRITE"] = True
