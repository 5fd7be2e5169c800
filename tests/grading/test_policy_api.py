"""The project's grading policy: defaults, edits before the first batch starts, refusals after."""
from __future__ import annotations

from tests.forum.conftest import DURING
from tests.helpers import assert_error

BEFORE = DURING.replace(month=10)


def test_defaults_are_j13_and_j14(room):
    policy = room.get(f"/projects/{room.project}/grading-policy", room.admin).get_json()
    assert {k: policy[k] for k in ("study_points", "objective_points", "subjective_points", "excellent_work_points",
                                   "interaction_points", "pass_mark", "outstanding_mark")} == {
        "study_points": 50, "objective_points": 10, "subjective_points": 20, "excellent_work_points": 2,
        "interaction_points": 18, "pass_mark": 80, "outstanding_mark": 90}
    assert policy["min_post_chars"] == 20 and policy["close_days"] == 7


def test_the_province_edits_it_before_the_project_starts(room):
    path = f"/projects/{room.project}/grading-policy"
    r = room.call("PUT", path, room.admin, BEFORE, json={"pass_mark": 75, "replies_target": 5})
    assert r.status_code == 200 and r.get_json()["pass_mark"] == 75
    assert room.get(path, room.tutor, BEFORE).get_json()["replies_target"] == 5
    assert_error(room.call("PUT", path, room.city1_admin, BEFORE, json={}), 403, "forbidden")
    bad = room.call("PUT", path, room.admin, BEFORE, json={"study_points": 60})
    assert_error(bad, 400, "invalid_input")
    bad = room.call("PUT", path, room.admin, BEFORE, json={"pass_mark": -1, "close_days": "x", "nope": 1})
    assert set(assert_error(bad, 400, "invalid_input")["error"]["fields"]) == {"pass_mark", "close_days", "nope"}
    assert_error(room.call("PUT", path, room.admin, DURING, json={}), 409, "project_started")
    # Once started, only with a reason ("not once a batch has started, unless stated why"), audited and listed.
    r = room.call("PUT", path, room.admin, DURING, json={"pass_mark": 78, "reason": "省厅通知下调合格线"})
    assert r.status_code == 200 and r.get_json()["pass_mark"] == 78
    changes = room.get(f"/projects/{room.project}/changes", room.tutor, DURING).get_json()["items"]
    assert changes[0]["action"] == "grading_policy.update" and changes[0]["reason"] == "省厅通知下调合格线"
    assert changes[0]["before"]["pass_mark"] == 75 and changes[0]["after"]["pass_mark"] == 78
    assert_error(room.call("PUT", "/projects/999999/grading-policy", room.admin, BEFORE, json={}), 404, "not_found")
    assert_error(room.get(path, room.alice), 403, "forbidden")
