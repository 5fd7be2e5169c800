"""The engine adapters against BigBlueButton's and Jitsi's documented request and response formats; the network
is a fake responder at the transport."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from urllib.parse import parse_qsl, urlsplit

import pytest

from lms.live import engines

SECRET = "8cd8ef52e8e101574e400365b55e11a6"
MEETING = engines.Meeting("live-7-abc", "名师直播讲堂", "host-pw", "guest-pw")


class FakeBBB:
    """Answers like a BBB server: checks each call's checksum, records the calls, answers the canned XML."""

    def __init__(self, algorithm="sha1", answers=None):
        self.algorithm = algorithm
        self.calls = []
        self.answers = answers or {}

    def __call__(self, url: str) -> bytes:
        parts = urlsplit(url)
        call = parts.path.rsplit("/", 1)[-1]
        query, _, checksum = parts.query.rpartition("&checksum=")
        assert hashlib.new(self.algorithm, (call + query + SECRET).encode()).hexdigest() == checksum
        assert parts.path.startswith("/bigbluebutton/api/")
        self.calls.append((call, dict(parse_qsl(query))))
        return self.answers.get(call, b"<response><returncode>SUCCESS</returncode></response>")


def bbb(fake, algorithm="sha1"):
    return engines.BigBlueButton("https://bbb.example.cn/bigbluebutton/", SECRET, algorithm=algorithm, transport=fake)


def test_checksum_is_sha1_of_call_query_and_secret():
    engine = bbb(FakeBBB())
    # The example of BBB's API reference: create with name=Test+Meeting... simplified to a fixed query.
    query = "name=Test&meetingID=abc123"
    assert engine.checksum("create", query) == hashlib.sha1(("create" + query + SECRET).encode()).hexdigest()
    url = engine.url("create", {"name": "Test", "meetingID": "abc123"})
    assert url == f"https://bbb.example.cn/bigbluebutton/api/create?{query}&checksum={engine.checksum('create', query)}"


@pytest.mark.parametrize("algorithm", ["sha1", "sha256"])
def test_create_sends_the_meeting_and_both_passwords(algorithm):
    fake = FakeBBB(algorithm)
    bbb(fake, algorithm).create(MEETING, minutes=90)
    call, params = fake.calls[0]
    assert call == "create"
    assert params == {"name": "名师直播讲堂", "meetingID": "live-7-abc", "attendeePW": "guest-pw",
                      "moderatorPW": "host-pw", "duration": "90", "record": "true"}


def test_join_is_a_signed_url_with_role_and_password():
    fake = FakeBBB()
    engine = bbb(fake)
    url = engine.join_url(MEETING, user_id="12", name="李老师", host=False)
    fake(url)  # a server accepts its checksum
    call, params = fake.calls[0]
    assert call == "join" and params["role"] == "VIEWER" and params["password"] == "guest-pw"
    assert params["fullName"] == "李老师" and params["userID"] == "12"
    host = dict(parse_qsl(urlsplit(engine.join_url(MEETING, user_id="1", name="王", host=True)).query))
    assert host["role"] == "MODERATOR" and host["password"] == "host-pw"


def test_a_failed_answer_raises_with_its_message_key():
    fake = FakeBBB(answers={"create": b"<response><returncode>FAILED</returncode><messageKey>checksumError"
                                      b"</messageKey><message>You did not pass the checksum security check"
                                      b"</message></response>"})
    with pytest.raises(engines.EngineError) as raised:
        bbb(fake).create(MEETING, minutes=60)
    assert raised.value.key == "checksumError"


def test_unreachable_or_garbled_server_is_an_engine_error():
    def down(url):
        raise OSError("connection refused")
    with pytest.raises(engines.EngineError):
        bbb(down).create(MEETING, minutes=60)
    with pytest.raises(engines.EngineError):
        bbb(lambda url: b"<html>502</html").info(MEETING)


def test_meeting_info_lists_attendees():
    xml = b"""<response><returncode>SUCCESS</returncode><meetingName>x</meetingName><meetingID>live-7-abc</meetingID>
    <running>true</running><participantCount>2</participantCount><attendees>
    <attendee><userID>12</userID><fullName>Li</fullName><role>VIEWER</role><isPresenter>false</isPresenter></attendee>
    <attendee><userID>1</userID><fullName>Wang</fullName><role>MODERATOR</role><isPresenter>true</isPresenter></attendee>
    </attendees></response>"""
    info = bbb(FakeBBB(answers={"getMeetingInfo": xml})).info(MEETING)
    assert info.running and [(a.user_id, a.role) for a in info.attendees] == [("12", "VIEWER"), ("1", "MODERATOR")]


def test_meeting_info_of_a_meeting_not_running():
    xml = (b"<response><returncode>FAILED</returncode><messageKey>notFound</messageKey>"
           b"<message>A meeting with that ID does not exist</message></response>")
    assert bbb(FakeBBB(answers={"getMeetingInfo": xml})).info(MEETING) == engines.MeetingInfo(running=False)


def test_end_and_an_already_ended_meeting():
    fake = FakeBBB()
    bbb(fake).end(MEETING)
    assert fake.calls == [("end", {"meetingID": "live-7-abc", "password": "host-pw"})]
    gone = FakeBBB(answers={"end": b"<response><returncode>FAILED</returncode><messageKey>notFound</messageKey>"
                                   b"</response>"})
    bbb(gone).end(MEETING)


def test_recordings():
    xml = b"""<response><returncode>SUCCESS</returncode><recordings><recording><recordID>r-1</recordID>
    <meetingID>live-7-abc</meetingID><published>true</published><playback><format><type>presentation</type>
    <url>https://bbb.example.cn/playback/presentation/2.3/r-1</url><length>62</length></format></playback>
    </recording></recordings></response>"""
    found = bbb(FakeBBB(answers={"getRecordings": xml})).recordings(MEETING)
    assert found == [engines.Recording("r-1", "https://bbb.example.cn/playback/presentation/2.3/r-1", 62)]
    empty = b"<response><returncode>SUCCESS</returncode><recordings></recordings><messageKey>noRecordings</messageKey></response>"
    assert bbb(FakeBBB(answers={"getRecordings": empty})).recordings(MEETING) == []


def _decode(part):
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def test_jitsi_room_url_and_jwt():
    plain = engines.Jitsi("https://meet.example.cn/")
    assert plain.join_url(MEETING, user_id="12", name="李", host=False).startswith(
        "https://meet.example.cn/live-7-abc#userInfo.displayName=")
    signed = engines.Jitsi("https://meet.example.cn", app_id="lms", secret="s3cret", clock=lambda: 1_800_000_000)
    url = signed.join_url(MEETING, user_id="1", name="王", host=True)
    token = urlsplit(url).query.removeprefix("jwt=")
    header, payload, signature = token.split(".")
    assert _decode(header) == {"alg": "HS256", "typ": "JWT"}
    claims = _decode(payload)
    assert claims["room"] == "live-7-abc" and claims["iss"] == "lms" and claims["aud"] == "jitsi"
    assert claims["context"]["user"] == {"id": "1", "name": "王", "moderator": True}
    assert claims["exp"] > claims["iat"] == 1_800_000_000
    expected = hmac.new(b"s3cret", f"{header}.{payload}".encode(), hashlib.sha256).digest()
    assert base64.urlsafe_b64encode(expected).rstrip(b"=").decode() == signature


def test_settings_choose_the_engine():
    assert isinstance(engines.from_config({"LIVE_ENGINE": "bbb", "BBB_URL": "https://b/bigbluebutton",
                                           "BBB_SECRET": "x"}), engines.BigBlueButton)
    assert isinstance(engines.from_config({"LIVE_ENGINE": "jitsi", "JITSI_URL": "https://m"}), engines.Jitsi)
    assert isinstance(engines.from_config({"LIVE_ENGINE": "bbb"}), engines.NoEngine)  # no secret: none
    assert isinstance(engines.from_config({}), engines.NoEngine)
