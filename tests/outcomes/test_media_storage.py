"""Outcome files live in the media storage (lms.projects.media), never in the database: streamed there on hand-in,
sent with their type and name (a lesson video with range requests, as MEDIA_DELIVERY says), deleted when the
outcome is withdrawn or its file replaced; a refused upload leaves nothing behind."""
from __future__ import annotations

import io
import os
from urllib.parse import quote

import pytest

from lms.extensions import db
from lms.outcomes.models import Outcome
from lms.projects import media
from tests.outcomes.test_api import act, hand_in
from tests.helpers import assert_error

VIDEO = bytes(range(256)) * 40  # not probed: an outcome's .mp4 is a file of its kind, not a playable check


@pytest.fixture
def storage(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MEDIA_ROOT", str(tmp_path / "media"))
    return tmp_path / "media"


def files(storage) -> set[str]:
    return set(os.listdir(storage)) if storage.exists() else set()


def key_of(app, outcome_id: int) -> str:
    with app.app_context():
        return db.session.get(Outcome, outcome_id).file_key


def test_a_document_is_a_file_of_the_storage_sent_with_its_type_and_name(app, room, storage):
    made = hand_in(room)
    key = key_of(app, made["id"])
    assert files(storage) == {key} and key.endswith(".pdf")
    assert (storage / key).read_bytes() == b"%PDF-1.4 lesson design"
    r = room.get(f"/outcomes/{made['id']}/file", room.alice)
    assert r.status_code == 200 and r.data == b"%PDF-1.4 lesson design"
    assert r.mimetype == "application/pdf"
    assert r.headers["Content-Disposition"].startswith("attachment;")
    assert f"filename*=UTF-8''{quote('教学设计.pdf')}" in r.headers["Content-Disposition"]
    # Permissions unchanged: a learner of another class is refused, the file stays.
    assert_error(room.get(f"/outcomes/{made['id']}/file", room.carol), 403, "forbidden")


def test_a_lesson_video_answers_range_requests(app, room, storage):
    made = hand_in(room, kind="lesson_video", file=(io.BytesIO(VIDEO), "课例.mp4"))
    r = room.get(f"/outcomes/{made['id']}/file", room.alice, headers={"Range": "bytes=100-199"})
    assert r.status_code == 206 and r.data == VIDEO[100:200] and r.mimetype == "video/mp4"
    assert r.headers["Content-Range"] == f"bytes 100-199/{len(VIDEO)}"
    whole = room.get(f"/outcomes/{made['id']}/file", room.school_admin)
    assert whole.status_code == 200 and whole.data == VIDEO and whole.headers["Accept-Ranges"] == "bytes"


def test_production_delivery_hands_the_bytes_to_nginx(app, room, storage, monkeypatch):
    document = hand_in(room)
    video = hand_in(room, "bob", kind="lesson_video", file=(io.BytesIO(VIDEO), "课例.mp4"))
    monkeypatch.setitem(app.config, "MEDIA_DELIVERY", "x-accel")
    r = room.get(f"/outcomes/{document['id']}/file", room.alice)
    assert r.status_code == 200 and r.data == b""
    assert r.headers["X-Accel-Redirect"] == f"/_media/{key_of(app, document['id'])}"
    assert r.headers["Content-Type"] == "application/pdf" and "attachment" in r.headers["Content-Disposition"]
    # A signed URL cannot carry the name: a document is sent by the app, a video redirected to nginx.
    monkeypatch.setitem(app.config, "MEDIA_DELIVERY", "signed")
    monkeypatch.setitem(app.config, "MEDIA_SIGNING_KEY", "s3cret")
    r = room.get(f"/outcomes/{document['id']}/file", room.alice)
    assert r.status_code == 200 and r.data == b"%PDF-1.4 lesson design" and "filename*" in r.headers["Content-Disposition"]
    r = room.get(f"/outcomes/{video['id']}/file", room.bob)
    assert r.status_code == 302 and key_of(app, video["id"]) in r.headers["Location"]


def test_withdrawing_or_replacing_removes_the_file(app, room, storage):
    first = hand_in(room)
    replaced = key_of(app, first["id"])
    act(room, room.school_admin, f"/outcomes/{first['id']}/review", action="return", reason="请补充")
    kept = room.post(f"/outcomes/{first['id']}/resubmit", room.alice, content_type="multipart/form-data",
                     data={"title": "补充后", "kind": "lesson_design"})
    assert kept.status_code == 200 and key_of(app, first["id"]) == replaced and files(storage) == {replaced}
    act(room, room.school_admin, f"/outcomes/{first['id']}/review", action="return", reason="请再补充")
    again = room.post(f"/outcomes/{first['id']}/resubmit", room.alice, content_type="multipart/form-data",
                      data={"title": "再补充", "kind": "lesson_design",
                            "file": (io.BytesIO(b"%PDF-1.4 v2"), "设计二.pdf")})
    assert again.status_code == 200, again.get_json()
    new = key_of(app, first["id"])
    assert new != replaced and files(storage) == {new}
    assert room.get(f"/outcomes/{first['id']}/file", room.alice).data == b"%PDF-1.4 v2"
    act(room, room.alice, f"/outcomes/{first['id']}/withdraw")
    assert files(storage) == set()


def test_a_refused_upload_leaves_no_file(app, room, storage):
    app.config["MAX_DOCUMENT_BYTES"], before = 1024, app.config["MAX_DOCUMENT_BYTES"]
    try:
        assert_error(room.post("/outcomes", room.alice, content_type="multipart/form-data",
                               data={"enrollment_id": str(room.enrollments["alice"]), "title": "大", "kind": "other",
                                     "file": (io.BytesIO(b"x" * 2048), "大.pdf")}), 413, "too_large")
        assert_error(room.post("/outcomes", room.alice, content_type="multipart/form-data",
                               data={"enrollment_id": str(room.enrollments["alice"]), "title": "空", "kind": "other",
                                     "file": (io.BytesIO(b""), "空.pdf")}), 400, "invalid_input")
        # The rules refuse the hand-in (no kind): the file is not even written.
        assert_error(room.post("/outcomes", room.alice, content_type="multipart/form-data",
                               data={"enrollment_id": str(room.enrollments["alice"]), "title": "无类", "kind": "x",
                                     "file": (io.BytesIO(b"%PDF"), "a.pdf")}), 400, "invalid_input")
    finally:
        app.config["MAX_DOCUMENT_BYTES"] = before
    assert files(storage) == set()


def test_a_missing_file_is_a_404(app, room, storage):
    made = hand_in(room)
    (storage / key_of(app, made["id"])).unlink()
    assert_error(room.get(f"/outcomes/{made['id']}/file", room.alice), 404, "not_found")


def test_a_transaction_deletes_what_it_stored_on_rollback_and_what_it_dropped_on_commit(app, storage):
    local = media.LocalStorage(storage)
    with app.app_context():
        stored, _ = local.save_stream(io.BytesIO(b"new"), ".pdf", 10)
        dropped, _ = local.save_stream(io.BytesIO(b"old"), ".pdf", 10)
        media.discard_on_rollback(db.session, local, stored)
        media.delete_after_commit(db.session, local, dropped)
        db.session.rollback()
        assert files(storage) == {dropped}  # the row still names the old file; the new one is nobody's
        media.discard_on_rollback(db.session, local, dropped)
        media.delete_after_commit(db.session, local, dropped)
        db.session.commit()
        assert files(storage) == set()
