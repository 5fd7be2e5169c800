"""The users list (page and API) is read in a fixed number of SQL statements: a page of 10 or 40 users
costs the same, their roles loaded for the whole page at once (issue 11: it was 53 statements a page)."""
from __future__ import annotations

import pytest
from sqlalchemy import insert

from lms.core import clock
from lms.extensions import db
from lms.org.models import RoleAssignment, User
from tests.helpers import count_statements, sign_in

CEILING = 10


def _people(app, units, n: int, start: int) -> None:
    """``n`` users spread over ``units``, every third one a tutor as well as a teacher."""
    with app.app_context():
        now = clock.now()
        for i in range(start, start + n):
            unit = units[i % len(units)]
            uid = db.session.execute(insert(User).returning(User.id), [{
                "username": f"many{i}", "name": f"教师{i}", "org_unit_id": unit.id, "password_hash": "x",
                "is_active_account": True, "failed_logins": 0, "must_change_password": False,
                "session_version": 1, "created_at": now}]).scalar_one()
            roles = ["teacher", "tutor"] if i % 3 == 0 else ["teacher"]
            db.session.execute(insert(RoleAssignment), [{"user_id": uid, "role": r, "org_unit_id": unit.id}
                                                        for r in roles])
        db.session.commit()


def _statements(app, client, path, headers=None):
    client.get(path, headers=headers)
    with count_statements(app) as seen:
        r = client.get(path, headers=headers)
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    return len(seen), r


@pytest.mark.parametrize("path", ["/org/users", "/org/users?q=教师", "/api/v1/users", "/api/v1/users?q=教师"])
def test_the_users_list_costs_the_same_for_10_and_40_users(app, make, api, path):
    tree = make.tree()
    admin = make.admin(tree["city1"])
    schools = [tree["school111"], tree["school112"], tree["school121"]]
    client, headers = app.test_client(), None
    if path.startswith("/api/"):
        headers = {"Authorization": f"Bearer {api.token_for(admin)}"}
    else:
        sign_in(client, admin)
    _people(app, schools, 10, 0)
    ten, _r = _statements(app, client, path, headers)
    _people(app, schools, 30, 10)
    forty, r = _statements(app, client, path, headers)
    assert forty == ten <= CEILING, (ten, forty)
    if path.startswith("/api/"):
        items = r.get_json()["items"]
        assert len(items) >= 40 and {a["role"] for u in items for a in u["roles"]} >= {"teacher", "tutor"}
    else:
        page = r.get_data(as_text=True)
        assert page.count("教师") >= 40 and "辅导员" in page
