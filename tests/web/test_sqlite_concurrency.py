"""On SQLite, concurrent writers queue for the write lock instead of failing with "database is locked"."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from lms.extensions import db
from tests.factories import PASSWORD
from tests.forum.conftest import room  # noqa: F401  (the class with learners, as the grading tests use it)

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


def test_reads_that_store_a_grade_queue_behind_writers(app, room, sqlite_only):
    """A grade GET stores the recomputed grade: beside concurrent posts it waits for the lock, never a 500."""
    from lms.core import clock
    from tests.forum.conftest import DURING

    with clock.frozen_at(DURING):
        tokens = {key: app.test_client().post("/api/v1/auth/token", json={
            "username": getattr(room, key).username, "password": PASSWORD}).get_json()["token"]
            for key in ("alice", "bob")}

        def work(index: int) -> list[int]:
            key = ("alice", "bob")[index % 2]
            client = app.test_client()
            headers = {"Authorization": f"Bearer {tokens[key]}"}
            statuses = []
            for round_ in range(ROUNDS):
                statuses.append(client.get(f"/api/v1/enrollments/{room.enrollments[key]}/grade",
                                           headers=headers).status_code)
                statuses.append(client.post(f"/api/v1/classes/{room.klass}/topics", headers=headers, json={
                    "title": f"第{index}组第{round_}次研讨", "body": f"关于课堂提问的第{index}-{round_}点体会，"
                    "结合本班学生的实际情况谈谈怎样设计有层次的问题。"}).status_code)
            return statuses

        with ThreadPoolExecutor(WORKERS) as pool:
            statuses = [s for result in pool.map(work, range(WORKERS)) for s in result]
    assert all(s < 500 for s in statuses), sorted(set(statuses))
    assert statuses.count(200) == WORKERS * ROUNDS


def test_signed_in_form_posts_queue_for_the_lock_before_the_csrf_check_reads(app, room, sqlite_only):
    """A browser's POST loads its user to check CSRF: the write lock comes first, or a writer committing
    between that read and the post's own write fails it with "database is locked" (the heartbeats did)."""
    from lms.core import clock
    from tests.forum.conftest import DURING
    from tests.helpers import csrf_token, sign_in

    with clock.frozen_at(DURING):
        def work(index: int) -> list[int]:
            client = app.test_client()
            client.environ_base["REMOTE_ADDR"] = f"192.0.2.{index + 1}"
            sign_in(client, getattr(room, ("alice", "bob")[index % 2]))
            token = csrf_token(client.get(f"/classes/{room.klass}/forum").get_data(as_text=True))
            return [client.post(f"/classes/{room.klass}/forum", data={
                "csrf_token": token, "title": f"第{index}组第{round_}次研讨",
                "body": f"关于课堂提问的第{index}-{round_}点体会，结合本班学生的实际情况谈谈怎样设计有层次的问题。"}
            ).status_code for round_ in range(ROUNDS)]

        with ThreadPoolExecutor(WORKERS) as pool:
            statuses = [s for result in pool.map(work, range(WORKERS)) for s in result]
    assert statuses.count(302) == WORKERS * ROUNDS, sorted(set(statuses))
