"""Training outcomes through the JSON API: a learner hands an outcome in, its school takes it in or returns it, a
tutor of its class recommends it, the province showcases it; the showcase and the school's teaching-research group
space show it; each role sees only its own scope."""
from __future__ import annotations

import io

from tests.forum.conftest import fresh
from tests.grading.test_grade_path import _hand_in, _review
from tests.helpers import assert_error as _assert_error


def assert_error(response, status, code, field=None):
    """The error shape, and the field it names."""
    body = _assert_error(response, status, code)
    if field is not None:
        assert field in body["error"].get("fields", {}), body
    return body


def _file(name="教学设计.pdf", data=b"%PDF-1.4 lesson design"):
    return (io.BytesIO(data), name)


def hand_in(room, key="alice", *, expect=201, **fields):
    form = {"enrollment_id": str(room.enrollments[key]), "title": "《圆的面积》教学设计", "kind": "lesson_design",
            "description": "第六单元第一课时", **fields}
    if "file" not in fields and "submission_id" not in fields:
        form["file"] = _file()
    r = room.post("/outcomes", getattr(room, key), data=form, content_type="multipart/form-data")
    assert r.status_code == expect, r.get_json()
    return r.get_json()


def act(room, user, path, expect=200, **body):
    r = room.post(path, user, json=body)
    assert r.status_code == expect, r.get_json()
    return r.get_json()


def ids(room, user, path="/outcomes"):
    r = room.get(path, user)
    assert r.status_code == 200, r.get_json()
    return [item["id"] for item in r.get_json()["items"]]


def test_the_way_from_hand_in_to_the_showcase(room):
    made = hand_in(room)
    oid = made["id"]
    assert made["state"] == "submitted" and made["file"]["name"] == "教学设计.pdf"
    assert made["actions"] == ["withdraw"] and made["school_id"] == room.tree["school111"].id
    file = room.get(f"/outcomes/{oid}/file", room.alice)
    assert file.status_code == 200 and file.data == b"%PDF-1.4 lesson design"
    assert room.get(f"/outcomes/{oid}", room.school_admin).get_json()["actions"] == ["accept", "return"]

    assert_error(room.post(f"/outcomes/{oid}/review", room.school_admin, json={"action": "return"}),
                 400, "invalid_input", field="reason")
    assert act(room, room.school_admin, f"/outcomes/{oid}/review", action="return",
               reason="请补充教学反思")["state"] == "returned"
    again = room.post(f"/outcomes/{oid}/resubmit", room.alice, content_type="multipart/form-data",
                      data={"title": "《圆的面积》教学设计（修改稿）", "kind": "lesson_design"})
    assert again.status_code == 200, again.get_json()
    assert again.get_json()["state"] == "submitted" and again.get_json()["file"]["name"] == "教学设计.pdf"
    assert again.get_json()["return_reason"] is None
    assert act(room, room.school_admin, f"/outcomes/{oid}/review", action="accept")["state"] == "accepted"

    assert_error(room.post(f"/outcomes/{oid}/recommend", room.other_tutor, json={}), 403, "forbidden")
    assert_error(room.post(f"/outcomes/{oid}/showcase", room.admin, json={"action": "showcase"}), 409, "wrong_state")
    shown = act(room, room.tutor, f"/outcomes/{oid}/recommend", note="设计新颖")
    assert shown["state"] == "recommended" and shown["recommended_by"] == "辅导员甲"
    assert_error(room.post(f"/outcomes/{oid}/showcase", room.school_admin, json={"action": "showcase"}),
                 403, "forbidden")
    assert act(room, room.admin, f"/outcomes/{oid}/showcase", action="showcase")["state"] == "showcased"

    # The showcase: everyone signed in, filtered by project, batch, subject, stage, kind.
    assert ids(room, room.carol, "/showcase") == [oid]
    assert ids(room, room.expert, f"/showcase?batch_id={room.batch}&kind=lesson_design") == [oid]
    assert ids(room, room.carol, "/showcase?kind=courseware") == []
    assert ids(room, room.carol, f"/showcase?project_id={room.project}&subject=没有的学科") == []
    assert room.get(f"/outcomes/{oid}/file", room.city2_admin).status_code == 200

    # The school's teaching-research group space of the subject, and its lesson-preparation notes.
    school = room.tree["school111"].id
    space = room.get(f"/schools/{school}/group", room.bob).get_json()
    assert [o["id"] for o in space["own"]] == [oid] and space["can_note"]
    note = act(room, room.bob, f"/schools/{school}/group/outcomes/{oid}/notes", 201, body="第三单元集体备课时参考")
    assert note["author"] == "学员乙"
    again = room.get(f"/schools/{school}/group?subject={space['subject']}", room.school_admin).get_json()
    assert [n["body"] for n in again["own"][0]["notes"]] == ["第三单元集体备课时参考"]
    other = room.tree["school211"].id
    assert_error(room.get(f"/schools/{other}/group", room.bob), 403, "forbidden")
    assert_error(room.post(f"/schools/{school}/group/outcomes/{oid}/notes", room.city2_admin, json={"body": "看看"}),
                 403, "forbidden")
    assert_error(room.post(f"/schools/{school}/group/outcomes/{oid}/notes", room.bob, json={"body": ""}),
                 400, "invalid_input", field="body")


def test_grading_reads_a_showcased_outcome_into_the_criteria(room):
    from lms.core import registry
    from lms.extensions import db
    oid = hand_in(room)["id"]
    act(room, room.school_admin, f"/outcomes/{oid}/review", action="accept")
    act(room, room.tutor, f"/outcomes/{oid}/recommend")
    with room.app.app_context():
        assert registry.hook("outcomes.showcased")(db.session, room.batch) == set()
    act(room, room.admin, f"/outcomes/{oid}/showcase", action="showcase")
    with room.app.app_context():
        assert registry.hook("outcomes.showcased")(db.session, room.batch) == {room.enrollments["alice"]}
        assert registry.hook("outcomes.showcased")(db.session, room.batch, room.other_class) == set()
    criteria = room.get(f"/classes/{room.klass}/grades", room.tutor).get_json()
    row = next(r for r in criteria["items"] if r["enrollment_id"] == room.enrollments["alice"])
    assert {c["key"]: c["met"] for c in row["criteria"]}["excellent_work"] is True


def test_the_province_declines_with_a_reason(room):
    oid = hand_in(room)["id"]
    act(room, room.school_admin, f"/outcomes/{oid}/review", action="accept")
    act(room, room.tutor, f"/outcomes/{oid}/recommend")
    assert_error(room.post(f"/outcomes/{oid}/showcase", room.admin, json={"action": "decline"}),
                 400, "invalid_input", field="reason")
    out = act(room, room.admin, f"/outcomes/{oid}/showcase", action="decline", reason="与已展示成果重复")
    assert out["state"] == "accepted" and out["decline_reason"] == "与已展示成果重复"


def test_each_role_sees_its_own_scope(room):
    alice = hand_in(room)["id"]
    carol = hand_in(room, "carol")["id"]
    assert ids(room, room.alice) == [alice]
    assert set(ids(room, room.school_admin)) == {alice, carol}
    assert set(ids(room, room.city1_admin)) == {alice, carol}
    assert ids(room, room.city2_admin) == []
    assert ids(room, room.tutor) == [alice] and ids(room, room.other_tutor) == [carol]
    assert set(ids(room, room.admin)) == {alice, carol}
    for user in (room.city2_admin, room.other_tutor, room.bob):  # bob: the school has not taken it in yet
        assert_error(room.get(f"/outcomes/{alice}", user), 403, "forbidden")
        assert_error(room.get(f"/outcomes/{alice}/file", user), 403, "forbidden")
    assert_error(room.post(f"/outcomes/{alice}/review", room.city1_admin, json={"action": "accept"}), 403, "forbidden")
    assert_error(room.get("/outcomes/999999", room.alice), 404, "not_found")
    assert_error(room.post("/outcomes", room.tutor, data={}, content_type="multipart/form-data"), 403, "forbidden")


def test_bad_hand_ins_get_clear_errors(room):
    assert_error(room.post("/outcomes", room.alice, content_type="multipart/form-data",
                           data={"enrollment_id": str(room.enrollments["alice"]), "title": "反思", "kind": "reflection"}),
                 400, "invalid_input", field="file")
    assert_error(room.post("/outcomes", room.alice, content_type="multipart/form-data",
                           data={"enrollment_id": str(room.enrollments["alice"]), "title": "", "kind": "poster",
                                 "file": _file()}), 400, "invalid_input", field="kind")
    assert_error(room.post("/outcomes", room.alice, content_type="multipart/form-data",
                           data={"enrollment_id": str(room.enrollments["bob"]), "title": "反思", "kind": "reflection",
                                 "file": _file()}), 400, "invalid_input", field="enrollment_id")
    r = room.post("/outcomes", room.alice, content_type="multipart/form-data",
                  data={"enrollment_id": str(room.enrollments["alice"]), "title": "反思", "kind": "reflection",
                        "file": _file("病毒.exe")})
    assert_error(r, 415, "unsupported_media_type", field="file")
    room.app.config["MAX_DOCUMENT_BYTES"] = 1024
    r = room.post("/outcomes", room.alice, content_type="multipart/form-data",
                  data={"enrollment_id": str(room.enrollments["alice"]), "title": "反思", "kind": "reflection",
                        "file": _file(data=b"x" * 2048)})
    assert_error(r, 413, "too_large", field="file")


def test_written_work_as_an_outcome_and_tutors_proposals(room):
    written = room.post(f"/courses/{room.course}/assignments", room.admin,
                        json={"kind": "subjective", "title": "研修作业", "prompt": "谈谈课堂提问"}).get_json()["id"]
    alice = _hand_in(room, written, "alice", fresh(300, 11))["id"]
    bob = _hand_in(room, written, "bob", fresh(300, 12))["id"]
    assert_error(room.post("/outcomes", room.alice, json={"enrollment_id": room.enrollments["alice"], "title": "反思",
                                                          "kind": "reflection", "submission_id": bob}),
                 400, "invalid_input", field="submission_id")
    own = room.post("/outcomes", room.alice, json={"enrollment_id": room.enrollments["alice"], "title": "课堂提问反思",
                                                   "kind": "reflection", "submission_id": alice})
    assert own.status_code == 201, own.get_json()
    assert own.get_json()["text"] and own.get_json()["file"] is None
    assert_error(room.post("/outcomes", room.alice, json={"enrollment_id": room.enrollments["alice"], "title": "再交",
                                                          "kind": "reflection", "submission_id": alice}),
                 409, "already_an_outcome")

    assert_error(room.post(f"/submissions/{bob}/propose", room.tutor, json={}), 400, "invalid_input",
                 field="submission_id")
    _review(room, bob, 90, excellent=True)
    assert_error(room.post(f"/submissions/{bob}/propose", room.other_tutor, json={}), 403, "forbidden")
    proposed = act(room, room.tutor, f"/submissions/{bob}/propose", 201, kind="reflection", note="提问设计有层次")
    assert proposed["state"] == "recommended" and proposed["title"] == "研修作业" and proposed["learner"] == "学员乙"
    assert_error(room.post(f"/submissions/{bob}/propose", room.tutor, json={}), 409, "already_an_outcome")
    assert act(room, room.admin, f"/outcomes/{proposed['id']}/showcase", action="showcase")["state"] == "showcased"
