"""An activity's attendance evidence lives in the media storage (lms.projects.media), never in the database:
streamed there, sent to its managers with its type and name, the file it replaces deleted; a refused one leaves
nothing behind."""
from __future__ import annotations

import io
import os

import pytest

from lms.activities.models import Activity
from lms.core import clock
from lms.extensions import db
from tests.activities.test_activities_api import _create
from tests.activities.test_pages import _signed_in
from tests.forum.conftest import DURING
from tests.helpers import assert_error

PHOTO = b"\x89PNG\r\n\x1a\n" + b"0" * 64


@pytest.fixture
def storage(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MEDIA_ROOT", str(tmp_path / "media"))
    return tmp_path / "media"


def _evidence(room, activity_id, data, name):
    return room.post(f"/activities/{activity_id}/evidence", room.school_admin,
                     data={"file": (io.BytesIO(data), name), "note": "签到"}, content_type="multipart/form-data")


def test_the_evidence_is_a_file_of_the_storage_replaced_and_refused_cleanly(app, room, storage):
    made = _create(room, room.school_admin, kind="offline_discussion", title="线下研讨", room_url=None,
                   location="会议室").get_json()
    assert _evidence(room, made["id"], PHOTO, "签到.png").status_code == 200
    with app.app_context():
        first = db.session.get(Activity, made["id"]).evidence_key
    assert os.listdir(storage) == [first] and (storage / first).read_bytes() == PHOTO
    with clock.frozen_at(DURING):
        client = _signed_in(room, room.school_admin)
        r = client.get(f"/activities/{made['id']}/evidence")
        assert r.status_code == 200 and r.data == PHOTO and r.mimetype == "image/png"
        assert r.headers["Content-Disposition"] == f"attachment; filename=activity-{made['id']}-evidence.png"
        # Permissions unchanged: a learner it addresses does not get the evidence.
        assert _signed_in(room, room.alice).get(f"/activities/{made['id']}/evidence").status_code == 403
    # A scan replaces the photo: the photo's file goes once the change is committed.
    assert _evidence(room, made["id"], b"%PDF-1.4 scan", "扫描.pdf").status_code == 200
    with app.app_context():
        second = db.session.get(Activity, made["id"]).evidence_key
    assert second != first and os.listdir(storage) == [second]
    # Refused (wrong kind, too large): nothing is written, the scan stays.
    assert_error(_evidence(room, made["id"], b"x", "a.exe"), 415, "unsupported_media_type")
    assert_error(_evidence(room, made["id"], b"0" * (5 * 2**20 + 1), "big.png"), 413, "too_large")
    assert os.listdir(storage) == [second]
    with app.app_context():
        assert db.session.get(Activity, made["id"]).evidence_name == "扫描.pdf"
