"""The learner hears of its outcome (taken in, returned with the reason, in the province showcase), and takes back
one its school has not taken in — through the API and the outcome's page; each withdrawal is audited."""
from __future__ import annotations

from sqlalchemy import select

from lms.core.audit import AuditEntry
from lms.extensions import db
from lms.notices import rules as notice_rules
from lms.outcomes.models import Outcome
from tests.helpers import assert_error
from tests.notices.test_pages import _client, _get, _post
from tests.helpers import csrf_token
from tests.notices.helpers import notices_of
from tests.outcomes.test_api import act, hand_in, ids


def test_the_learner_hears_its_outcome_taken_in_returned_and_showcased(room):
    oid = hand_in(room)["id"]
    assert notices_of(room.app, room.alice, notice_rules.OUTCOME_REVIEWED) == []
    act(room, room.school_admin, f"/outcomes/{oid}/review", action="return", reason="请补充教学反思")
    (returned,) = notices_of(room.app, room.alice, notice_rules.OUTCOME_REVIEWED)
    assert returned.params["action"] == "return" and returned.params["reason"] == "请补充教学反思"
    room.post(f"/outcomes/{oid}/resubmit", room.alice, content_type="multipart/form-data",
              data={"title": "《圆的面积》教学设计（修改稿）", "kind": "lesson_design"})
    act(room, room.school_admin, f"/outcomes/{oid}/review", action="accept")
    act(room, room.tutor, f"/outcomes/{oid}/recommend")
    assert notices_of(room.app, room.alice, notice_rules.OUTCOME_SHOWCASED) == []
    act(room, room.admin, f"/outcomes/{oid}/showcase", action="showcase")
    assert len(notices_of(room.app, room.alice, notice_rules.OUTCOME_REVIEWED)) == 2
    (shown,) = notices_of(room.app, room.alice, notice_rules.OUTCOME_SHOWCASED)
    assert shown.params["outcome_id"] == oid
    # Nobody else hears of it; the notices read in Chinese and lead to the outcome.
    outcome_kinds = {notice_rules.OUTCOME_REVIEWED, notice_rules.OUTCOME_SHOWCASED}
    for other in (room.bob, room.school_admin, room.tutor, room.admin):
        assert not outcome_kinds & {n.kind for n in notices_of(room.app, other)}
    items = {n["kind"]: n for n in room.get("/notices", room.alice).get_json()["items"]}
    assert "省级成果展示" in items[notice_rules.OUTCOME_SHOWCASED]["text"]
    assert items[notice_rules.OUTCOME_SHOWCASED]["link"] == f"/outcomes/{oid}"
    texts = [n["text"] for n in room.get("/notices", room.alice).get_json()["items"]
             if n["kind"] == notice_rules.OUTCOME_REVIEWED]
    assert any("退回" in t and "请补充教学反思" in t for t in texts) and any("接收" in t for t in texts)


def test_a_declined_outcome_tells_nothing(room):
    oid = hand_in(room)["id"]
    act(room, room.school_admin, f"/outcomes/{oid}/review", action="accept")
    act(room, room.tutor, f"/outcomes/{oid}/recommend")
    act(room, room.admin, f"/outcomes/{oid}/showcase", action="decline", reason="重复")
    assert notices_of(room.app, room.alice, notice_rules.OUTCOME_SHOWCASED) == []


def test_the_learner_withdraws_an_outcome_not_taken_in(room):
    oid = hand_in(room)["id"]
    assert_error(room.post(f"/outcomes/{oid}/withdraw", room.school_admin), 403, "forbidden")
    assert_error(room.post(f"/outcomes/{oid}/withdraw", room.bob), 403, "forbidden")
    out = act(room, room.alice, f"/outcomes/{oid}/withdraw")
    assert out == {"id": oid, "state": "withdrawn"}
    assert ids(room, room.alice) == [] and ids(room, room.school_admin) == []
    assert_error(room.post(f"/outcomes/{oid}/withdraw", room.alice), 404, "not_found")
    with room.app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "outcome.withdraw")).one()
        assert entry.actor_id == room.alice.id and entry.target_id == oid
        assert entry.before["state"] == "submitted" and entry.after == {"state": "withdrawn"}

    returned = hand_in(room)["id"]
    act(room, room.school_admin, f"/outcomes/{returned}/review", action="return", reason="重做")
    assert "withdraw" in room.get(f"/outcomes/{returned}", room.alice).get_json()["actions"]
    act(room, room.alice, f"/outcomes/{returned}/withdraw")

    taken = hand_in(room)["id"]
    act(room, room.school_admin, f"/outcomes/{taken}/review", action="accept")
    assert "withdraw" not in room.get(f"/outcomes/{taken}", room.alice).get_json()["actions"]
    assert_error(room.post(f"/outcomes/{taken}/withdraw", room.alice), 409, "wrong_state")
    assert ids(room, room.alice) == [taken]


def test_the_withdraw_button_on_the_page(room):
    oid = hand_in(room)["id"]
    client, other = _client(room, room.alice), _client(room, room.school_admin)
    page = _get(client, f"/outcomes/{oid}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="withdraw-outcome"' in html and "撤回" in html
    assert 'id="withdraw-outcome"' not in _get(other, f"/outcomes/{oid}").get_data(as_text=True)
    refused = _post(other, f"/outcomes/{oid}/withdraw", {}, csrf_token(_get(other, f"/outcomes/{oid}").get_data(as_text=True)))
    assert refused.status_code == 403
    done = _post(client, f"/outcomes/{oid}/withdraw", {}, csrf_token(html))
    assert done.status_code == 302 and done.headers["Location"].endswith("/outcomes")
    with room.app.app_context():
        assert db.session.get(Outcome, oid) is None
