"""Conferencing engines: the product never carries audio or video itself (docs/LIVE.md).

- BigBlueButton through its documented API: every call is ``GET <LMS_BBB_URL>/api/<call>?<query>&checksum=…``
  where the checksum is sha1 (or sha256, LMS_BBB_CHECKSUM) of call name + query string + shared secret; the
  answer is XML with ``<returncode>SUCCESS</returncode>`` (create, join, end, getMeetingInfo, getRecordings).
- Jitsi Meet: a room URL ``<LMS_JITSI_URL>/<room>``; with LMS_JITSI_APP_ID and LMS_JITSI_SECRET, a JWT
  (HS256) the server's token authentication checks (``?jwt=…``), moderator for the host.
- ``none``: no engine configured; the room page says so, presence still counts.

Network access goes through a ``transport`` (a callable ``url -> bytes``): urllib in production, a fake
responder in tests.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import time
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import quote, urlencode

Transport = Callable[[str], bytes]
TIMEOUT_SECONDS = 10


class EngineError(Exception):
    """The engine refused or could not be reached; ``key`` is its messageKey when it sent one."""

    def __init__(self, message: str, key: str | None = None):
        super().__init__(message)
        self.key = key


def urllib_transport(url: str) -> bytes:  # pragma: no cover - real network
    with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (configured https URL)
        return response.read()


@dataclass(frozen=True)
class Meeting:
    meeting_id: str
    title: str
    host_secret: str  # moderator password (BBB) — kept server-side
    guest_secret: str  # attendee password (BBB)


@dataclass(frozen=True)
class Attendee:
    user_id: str
    name: str
    role: str


@dataclass(frozen=True)
class MeetingInfo:
    running: bool
    attendees: list[Attendee] = field(default_factory=list)


@dataclass(frozen=True)
class Recording:
    record_id: str
    url: str | None
    minutes: int | None


class NoEngine:
    name = "none"
    embeddable = False

    def create(self, meeting: Meeting, *, minutes: int) -> None:
        return None

    def join_url(self, meeting: Meeting, *, user_id: str, name: str, host: bool) -> str | None:
        return None

    def end(self, meeting: Meeting) -> None:
        return None

    def info(self, meeting: Meeting) -> MeetingInfo | None:
        return None

    def recordings(self, meeting: Meeting) -> list[Recording]:
        return []


class BigBlueButton:
    """``base_url`` ends in ``/bigbluebutton`` (the API is ``<base_url>/api/<call>``)."""

    name = "bbb"
    embeddable = False  # BBB asks for camera and microphone: opened in its own tab, not an iframe

    def __init__(self, base_url: str, secret: str, *, algorithm: str = "sha1", transport: Transport | None = None):
        if algorithm not in ("sha1", "sha256"):
            raise ValueError("algorithm must be sha1 or sha256")
        self.base = base_url.rstrip("/")
        if self.base.endswith("/api"):
            self.base = self.base[:-4]
        self.secret = secret
        self.algorithm = algorithm
        self.transport = transport or urllib_transport

    def checksum(self, call: str, query: str) -> str:
        return hashlib.new(self.algorithm, (call + query + self.secret).encode("utf-8")).hexdigest()

    def url(self, call: str, params: dict) -> str:
        query = urlencode({k: v for k, v in params.items() if v is not None}, quote_via=quote)
        return f"{self.base}/api/{call}?{query}&checksum={self.checksum(call, query)}"

    def _call(self, call: str, params: dict) -> ET.Element:
        try:
            raw = self.transport(self.url(call, params))
        except EngineError:
            raise
        except Exception as error:  # noqa: BLE001 - any network failure is the engine's
            raise EngineError(f"BigBlueButton unreachable: {error}") from error
        try:
            root = ET.fromstring(raw)
        except ET.ParseError as error:
            raise EngineError("BigBlueButton answered something that is not XML") from error
        if root.findtext("returncode") != "SUCCESS":
            raise EngineError(root.findtext("message") or "BigBlueButton refused", root.findtext("messageKey"))
        return root

    def create(self, meeting: Meeting, *, minutes: int) -> None:
        # create is idempotent in BBB: a second create of a running meeting answers SUCCESS (duplicateWarning).
        self._call("create", {"name": meeting.title, "meetingID": meeting.meeting_id,
                              "attendeePW": meeting.guest_secret, "moderatorPW": meeting.host_secret,
                              "duration": minutes, "record": "true"})

    def join_url(self, meeting: Meeting, *, user_id: str, name: str, host: bool) -> str:
        """Signed, not fetched: the browser opens it. ``role`` (BBB ≥ 2.4) and the password (older servers)."""
        return self.url("join", {"fullName": name, "meetingID": meeting.meeting_id, "userID": user_id,
                                 "role": "MODERATOR" if host else "VIEWER",
                                 "password": meeting.host_secret if host else meeting.guest_secret,
                                 "redirect": "true"})

    def end(self, meeting: Meeting) -> None:
        try:
            self._call("end", {"meetingID": meeting.meeting_id, "password": meeting.host_secret})
        except EngineError as error:
            if error.key != "notFound":  # ended already
                raise

    def info(self, meeting: Meeting) -> MeetingInfo:
        try:
            root = self._call("getMeetingInfo", {"meetingID": meeting.meeting_id})
        except EngineError as error:
            if error.key == "notFound":
                return MeetingInfo(running=False)
            raise
        attendees = [Attendee(a.findtext("userID") or "", a.findtext("fullName") or "", a.findtext("role") or "")
                     for a in root.iter("attendee")]
        return MeetingInfo(running=root.findtext("running") == "true", attendees=attendees)

    def recordings(self, meeting: Meeting) -> list[Recording]:
        root = self._call("getRecordings", {"meetingID": meeting.meeting_id})
        found = []
        for rec in root.iter("recording"):
            url = next((f.findtext("url") for f in rec.iter("format") if f.findtext("url")), None)
            length = next((f.findtext("length") for f in rec.iter("format") if f.findtext("length")), None)
            found.append(Recording(rec.findtext("recordID") or "", url,
                                   int(length) if length and length.isdigit() else None))
        return found


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class Jitsi:
    """A room per session on a Jitsi Meet server; a JWT when the server checks tokens."""

    name = "jitsi"
    embeddable = True  # the external API page may sit in an iframe (allow="camera; microphone")

    def __init__(self, base_url: str, *, app_id: str = "", secret: str = "", clock: Callable[[], float] = time.time):
        self.base = base_url.rstrip("/")
        self.app_id = app_id
        self.secret = secret
        self.clock = clock

    @staticmethod
    def room_name(meeting: Meeting) -> str:
        return re.sub(r"[^A-Za-z0-9_-]", "", meeting.meeting_id)

    def token(self, meeting: Meeting, *, user_id: str, name: str, host: bool, minutes: int = 240) -> str:
        """HS256 JWT in the layout of Jitsi's token authentication (prosody ``token`` module)."""
        now = int(self.clock())
        header = {"alg": "HS256", "typ": "JWT"}
        payload = {"aud": "jitsi", "iss": self.app_id, "sub": "*", "room": self.room_name(meeting),
                   "iat": now, "nbf": now - 60, "exp": now + minutes * 60,
                   "context": {"user": {"id": user_id, "name": name, "moderator": host}},
                   "moderator": host}
        signing = f"{_b64(json.dumps(header, separators=(',', ':')).encode())}." \
                  f"{_b64(json.dumps(payload, separators=(',', ':'), ensure_ascii=False).encode())}"
        signature = hmac.new(self.secret.encode(), signing.encode(), hashlib.sha256).digest()
        return f"{signing}.{_b64(signature)}"

    def create(self, meeting: Meeting, *, minutes: int) -> None:
        return None  # Jitsi makes a room when the first person enters it

    def join_url(self, meeting: Meeting, *, user_id: str, name: str, host: bool) -> str:
        url = f"{self.base}/{self.room_name(meeting)}"
        if self.app_id and self.secret:
            url += "?jwt=" + self.token(meeting, user_id=user_id, name=name, host=host)
        display = json.dumps(name, ensure_ascii=False)
        return url + "#userInfo.displayName=" + quote(display)

    def end(self, meeting: Meeting) -> None:
        return None

    def info(self, meeting: Meeting) -> MeetingInfo | None:
        return None  # Jitsi Meet has no attendance API: the product's heartbeats are the record

    def recordings(self, meeting: Meeting) -> list[Recording]:
        return []


def from_config(config: dict, transport: Transport | None = None):
    """The engine the settings choose (LMS_LIVE_ENGINE: bbb, jitsi or none)."""
    name = (config.get("LIVE_ENGINE") or "none").lower()
    if name == "bbb" and config.get("BBB_URL") and config.get("BBB_SECRET"):
        return BigBlueButton(config["BBB_URL"], config["BBB_SECRET"], algorithm=config.get("BBB_CHECKSUM", "sha1"),
                             transport=transport or config.get("LIVE_TRANSPORT"))
    if name == "jitsi" and config.get("JITSI_URL"):
        return Jitsi(config["JITSI_URL"], app_id=config.get("JITSI_APP_ID", ""),
                     secret=config.get("JITSI_SECRET", ""))
    return NoEngine()
