"""A class's grade table (page, API, workbook) is read in a fixed number of SQL statements, whatever the
number of learners: 10 or 40 learners cost the same (issue 11), with the same figures as each learner's own
grade. Counted, not timed."""
from __future__ import annotations

import pytest

from lms.core import clock
from lms.extensions import db
from lms.grading import services
from tests.forum.conftest import DURING, ENDED, FINAL, fresh
from tests.grading.test_grade_path import _hand_in, _interact, _quiz, _review, _written
from tests.helpers import count_statements, sign_in

ROUTES = ("/classes/{c}/grades", "/api/v1/classes/{c}/grades", "/api/v1/classes/{c}/grades.xlsx")
# The page: user, class, tutors, policy, the table's rows, five grouped inputs, the layout's own (14); the outstanding
# learner's criteria read the batch's inputs and completion again (10 more: still independent of the class's size).
# The page: user, class, tutors, policy, the table's rows, six grouped inputs (activity attendance the sixth), the
# layout's own (15); the outstanding learner's criteria read the batch's inputs and completion again (11 more: still
# independent of the class's size).
CEILING = 27  # +1 the outcomes.showcased hook, +2 activities: attendance and featured posts as grouped reads
# Beside the grade, a table's row carries who it is and the outstanding learner's criteria (tests/commendation).
OWN_KEYS = ("enrollment_id", "teacher_id", "name", "candidate", "criteria")


def _schools(room):
    return [room.tree[k] for k in ("school111", "school112", "school121")]


def _statements(room, client, path: str, headers=None) -> int:
    with clock.frozen_at(DURING):
        client.get(path, headers=headers)  # warm: a client's first request loads what every request needs
        with count_statements(room.app) as seen:
            r = client.get(path, headers=headers)
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    return len(seen)


@pytest.mark.parametrize("route", ROUTES)
def test_the_grade_table_costs_the_same_for_10_and_40_learners(room, route):
    path = route.format(c=room.klass)
    client, headers = room.app.test_client(), None
    with clock.frozen_at(DURING):
        if path.startswith("/api/"):
            headers = {"Authorization": f"Bearer {room.api.token_for(room.tutor)}"}
        else:
            sign_in(client, room.tutor)
    room.programme.crowd(room.klass, _schools(room), 8)  # 10 learners with alice and bob
    ten = _statements(room, client, path, headers)
    room.programme.crowd(room.klass, _schools(room), 30, start=8)
    forty = _statements(room, client, path, headers)
    assert forty == ten <= CEILING, (ten, forty)


def _table_and_each_grade(room, when):
    table = room.get(f"/classes/{room.klass}/grades", room.tutor, when).get_json()["items"]
    each = {}
    for item in table:
        own = room.get(f"/enrollments/{item['enrollment_id']}/grade", room.tutor, when).get_json()
        own.pop("needed")
        each[item["enrollment_id"]] = own
    return table, each


@pytest.mark.parametrize("when", [DURING, ENDED, FINAL], ids=["running", "ended", "grading_closed"])
def test_the_table_shows_each_learners_own_grade(room, when):
    """Alice outstanding and recommended (a stored grade), bob with nothing, twelve more with study time,
    quiz results and topics: the table's figures are each learner's own, exactly."""
    room.credit("alice", 100)
    quiz = _quiz(room)
    room.post(f"/assignments/{quiz}/submissions", room.alice,
              json={"enrollment_id": room.enrollments["alice"], "answers": [[1], [0]]})
    _review(room, _hand_in(room, _written(room), "alice", fresh(300, 4))["id"], 80)
    _interact(room, "alice")
    # Alice misses a criterion beyond the score (no posts beyond the minimum): her tutor gives a reason.
    assert room.post(f"/enrollments/{room.enrollments['alice']}/recommend", room.tutor,
                     json={"note": "线下研修表现突出"}).status_code == 200
    crowd = room.programme.crowd(room.klass, _schools(room), 12)
    table, each = _table_and_each_grade(room, when)
    assert len(table) == 14 and [i["enrollment_id"] for i in table] == sorted(each)
    for item in table:
        assert {k: v for k, v in item.items() if k not in OWN_KEYS} == \
            each[item["enrollment_id"]]
    names = {i["enrollment_id"]: i["name"] for i in table}
    assert names[room.enrollments["alice"]] == "学员甲" and names[crowd[0]] == "学员0"
    alice = next(i for i in table if i["enrollment_id"] == room.enrollments["alice"])
    assert alice["recommended"] is True and alice["excellent"] is True and alice["final"] is (when == FINAL)


def test_grades_stored_as_final_are_shown_as_stored(room):
    room.programme.crowd(room.klass, _schools(room), 5)
    with room.app.app_context(), clock.frozen_at(FINAL):
        services.recompute_batch(db.session, room.batch)
        db.session.commit()
    table, each = _table_and_each_grade(room, FINAL)
    assert all(item["final"] for item in table) and len(table) == 7
    for item in table:
        assert {k: v for k, v in item.items() if k not in OWN_KEYS} == \
            each[item["enrollment_id"]]
