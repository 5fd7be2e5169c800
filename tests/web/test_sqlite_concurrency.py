"""On SQLite, concurrent writers queue for the write lock instead of failing with "database is locked"."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from lms.extensions import db
from tests.factories import PASSWORD

WORKERS = 8
ROUNDS = 6


@pytest.fixture
def sqlite_only(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite's single writer only")


def test_concurrent_sign_ins_and_user_creation_never_see_a_locked_database(app, make, sqlite_only):
    tree = make.tree()
    admin = make.admin(tree["province"])
    teachers = [make.user(tree["school111"], "teacher") for _ in range(WORKERS)]
    token = app.test_client().post("/api/v1/auth/token",
                                   json={"username": admin.username, "password": PASSWORD}).get_json()["token"]

    def sign_in_repeatedly(index: int) -> list[int]:
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"192.0.2.{index + 1}"  # one teacher a machine, as in a school
        statuses = []
        for round_ in range(ROUNDS):
            statuses.append(client.post("/api/v1/auth/token", json={"username": teachers[index].username,
                                                                     "password": PASSWORD}).status_code)
            statuses.append(client.post("/api/v1/users", headers={"Authorization": f"Bearer {token}"}, json={
                "username": f"new{index}x{round_}", "name": "新教师", "org_unit_id": tree["school111"].id,
                "roles": ["teacher"]}).status_code)
        return statuses

    with ThreadPoolExecutor(WORKERS) as pool:
        statuses = [s for result in pool.map(sign_in_repeatedly, range(WORKERS)) for s in result]
    assert statuses.count(200) == WORKERS * ROUNDS and statuses.count(201) == WORKERS * ROUNDS, sorted(set(statuses))
