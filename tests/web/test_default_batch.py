"""The batch a page means when none is named: the running one for classes and statistics (never a future batch
while one runs); the enrolling one where the work is done before a batch starts (enrolling teachers, seats)."""
from __future__ import annotations

import re
from datetime import date

from lms.core import clock
from lms.extensions import db
from lms.projects import queries
from tests.helpers import PINNED_NOW, sign_in
from tests.programme import Programme

RUNNING_FROM = date(2026, 11, 9)    # Nov 9 – Nov 28: running on the pinned Nov 23
ENROLLING_FROM = date(2026, 11, 26)  # registration Nov 21 – Nov 26: open on Nov 23


def _batches(app):
    programme = Programme(app)
    project = programme.project()
    # The future batch is made first, so an order by id would also pick it: the rule, not luck, decides.
    coming = programme.batch(project, number=2, starts_on=ENROLLING_FROM)
    running = programme.batch(project, number=1, starts_on=RUNNING_FROM)
    return programme, running, coming


def test_the_running_batch_is_the_default_and_enrolling_only_where_enrolling_is_the_work(app, make):
    programme, running, coming = _batches(app)
    with app.app_context():
        assert queries.current_batch(db.session, PINNED_NOW).id == running
        assert queries.current_batch(db.session, PINNED_NOW, prefer="enrolling").id == coming
    t = make.tree()
    province, school = make.admin(t["province"]), make.admin(t["school111"])
    client = app.test_client()
    sign_in(client, province)
    classes = client.get("/classes/").get_data(as_text=True)
    assert re.search(rf'<option value="{running}"\s+selected', classes), "classes default to the running batch"
    stats = client.get("/reports").get_data(as_text=True)
    assert re.search(rf'<option value="{running}"\s+selected', stats), "statistics default to the running batch"
    assert f"/quotas/batches/{coming}/" in client.get("/quotas/").headers["Location"]
    other = app.test_client()
    sign_in(other, school)
    assert other.get("/enrollment/").headers["Location"].endswith(f"/batches/{coming}")
    with clock.frozen_at(PINNED_NOW.replace(day=20)):  # nothing enrolling yet: the running batch everywhere
        with app.app_context():
            assert queries.current_batch(db.session, clock.now(), prefer="enrolling").id == running
