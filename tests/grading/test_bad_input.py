"""Every write of the forum, Q&A, grading and certificates refuses malformed input with 400, never 500."""
from __future__ import annotations

import pytest

from tests.forum.conftest import DURING, fresh

GARBAGE = [[], "text", None, 5, {"body": None}, {"body": ["x"]}, {"title": {"a": 1}, "body": "\x00" * 3},
           {"featured": 2}, {"recommended": None}, {"pinned": "yes", "hidden": 1.5},
           {"starts_at": "2026-13-45T99:00:00+08:00", "ends_at": 0, "title": "t", "expert_ids": ["a"]},
           {"pass_mark": 1e309}, {"note": "x" * 501}]


@pytest.fixture
def targets(room):
    topic = room.topic(room.alice, body=fresh(30, 1)).get_json()
    qa = room.qa()
    question = room.post(f"/qa-sessions/{qa['id']}/questions", room.alice, json={"body": "问"}).get_json()
    return [("POST", f"/classes/{room.klass}/topics", room.alice),
            ("POST", f"/topics/{topic['id']}/replies", room.alice),
            ("POST", f"/posts/{topic['id']}/feature", room.tutor),
            ("PATCH", f"/posts/{topic['id']}", room.tutor),
            ("POST", f"/classes/{room.klass}/qa-sessions", room.tutor),
            ("POST", f"/qa-sessions/{qa['id']}/questions", room.alice),
            ("POST", f"/qa-questions/{question['id']}/answer", room.tutor),
            ("POST", f"/enrollments/{room.enrollments['alice']}/recommend", room.tutor),
            ("PUT", f"/projects/{room.project}/grading-policy", room.admin)]


def test_garbage_is_400_with_fields(room, targets):
    for method, path, user in targets:
        for body in GARBAGE:
            if body is None and path.endswith("/feature"):
                continue  # no body means "feature it"
            r = room.call(method, path, user, DURING, json=body)
            assert r.status_code in (400, 409), (method, path, body, r.status_code, r.get_json())
            if r.status_code == 400:
                error = r.get_json()["error"]
                assert error["code"] == "invalid_input" and error.get("fields"), (path, body, error)


def test_query_garbage_is_400(room):
    for path in (f"/classes/{room.klass}/topics?per_page=100000", f"/classes/{room.klass}/topics?page=x",
                 f"/classes/{room.klass}/topics?featured=maybe", f"/schools/{room.tree['school111'].id}/certificates.zip?batch_id=-1"):
        user = room.school_admin if "schools" in path else room.alice
        r = room.get(path, user)
        assert r.status_code == 400 and r.get_json()["error"]["code"] == "invalid_input", (path, r.get_json())
