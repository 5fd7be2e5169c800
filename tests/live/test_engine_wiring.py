"""The API with BigBlueButton configured: the fake server at the transport sees create, join, getMeetingInfo,
end and getRecordings, and the answers carry what it said."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.helpers import assert_error
from tests.live.conftest import evening, lecture
from tests.live.test_engines import SECRET, FakeBBB

INFO = b"""<response><returncode>SUCCESS</returncode><running>true</running><attendees>
<attendee><userID>{uid}</userID><fullName>Li</fullName><role>VIEWER</role></attendee></attendees></response>"""
RECORDINGS = b"""<response><returncode>SUCCESS</returncode><recordings><recording><recordID>r-9</recordID>
<playback><format><type>presentation</type><url>https://bbb.example.cn/playback/r-9</url><length>71</length>
</format></playback></recording></recordings></response>"""


@pytest.fixture
def bbb(app):
    fake = FakeBBB()
    app.config.update(LIVE_ENGINE="bbb", BBB_URL="https://bbb.example.cn/bigbluebutton", BBB_SECRET=SECRET,
                      LIVE_TRANSPORT=fake)
    yield fake
    app.config.update(LIVE_ENGINE="none", BBB_URL="", BBB_SECRET="", LIVE_TRANSPORT=None)


def test_bigbluebutton_through_the_api(api, world, bbb):
    sid = api.post("/live/sessions", world.tutor, json=lecture()).get_json()["id"]
    assert api.post(f"/live/sessions/{sid}/booking", world.learner).status_code == 201
    assert_error(api.post(f"/live/sessions/{sid}/end", world.tutor), 409, "not_started")
    evening()
    joined = api.post(f"/live/sessions/{sid}/join", world.learner).get_json()
    assert joined["engine"] == "bbb" and not joined["embeddable"]
    assert [c for c, _ in bbb.calls] == ["create"]
    query = dict(parse_qsl(urlsplit(joined["url"]).query))
    assert query["role"] == "VIEWER" and query["fullName"] == "李老师" and query["userID"] == str(world.learner.id)
    host = dict(parse_qsl(urlsplit(api.post(f"/live/sessions/{sid}/join", world.tutor).get_json()["url"]).query))
    assert host["role"] == "MODERATOR" and host["meetingID"] == query["meetingID"]
    bbb.answers["getMeetingInfo"] = INFO.replace(b"{uid}", str(world.learner.id).encode())
    report = api.get(f"/live/sessions/{sid}/attendance", world.tutor).get_json()
    assert report["engine_running"] is True and report["engine_attendees"][0]["user_id"] == str(world.learner.id)
    rows = {p["user"]["id"]: p["in_engine_now"] for p in report["participants"]}
    assert rows == {world.learner.id: True, world.tutor.id: False}
    bbb.answers["getRecordings"] = RECORDINGS
    assert api.get(f"/live/sessions/{sid}/recordings", world.learner).get_json()["items"] == [
        {"record_id": "r-9", "url": "https://bbb.example.cn/playback/r-9", "minutes": 71}]
    assert_error(api.get(f"/live/sessions/{sid}/recordings", world.learner2), 403, "forbidden")
    assert api.get(f"/live/sessions/{sid}/recordings", world.city1).status_code == 200
    assert_error(api.post(f"/live/sessions/{sid}/end", world.learner), 403, "forbidden")
    assert api.post(f"/live/sessions/{sid}/end", world.tutor).get_json()["status"] == "ended"
    assert bbb.calls[-1][0] == "end" and bbb.calls[-1][1]["meetingID"] == query["meetingID"]
    assert_error(api.post(f"/live/sessions/{sid}/join", world.learner), 409, "room_closed")
    assert_error(api.post(f"/live/sessions/{sid}/end", world.tutor), 409, "not_scheduled")


def test_an_unreachable_engine_is_a_409_not_a_500(api, world, bbb):
    sid = api.post("/live/sessions", world.tutor, json=lecture()).get_json()["id"]
    api.post(f"/live/sessions/{sid}/booking", world.learner)
    evening()
    bbb.answers["create"] = b"<html>502 Bad Gateway</html>"
    assert_error(api.post(f"/live/sessions/{sid}/join", world.learner), 409, "engine_unavailable")
    bbb.answers["getMeetingInfo"] = b"not xml"
    report = api.get(f"/live/sessions/{sid}/attendance", world.tutor).get_json()
    assert report["engine_attendees"] is None  # shown as unknown; the product's own minutes still there
