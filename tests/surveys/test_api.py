"""The surveys API: writing within one's subtree, publishing, answering once (anonymously or not), the results and
their Excel, and every refusal in the error shape."""
from __future__ import annotations

import io
from datetime import timedelta

from openpyxl import load_workbook

from tests.forum.conftest import DURING
from tests.helpers import assert_error

OPENS = (DURING - timedelta(hours=1)).isoformat()
CLOSES = (DURING + timedelta(days=3)).isoformat()
QUESTIONS = [
    {"kind": "single", "prompt": "总体满意吗", "options": ["满意", "一般", "不满意"]},
    {"kind": "multiple", "prompt": "最有帮助的", "options": ["视频", "阅读", "论坛"], "min_picks": 1, "max_picks": 2},
    {"kind": "scale", "prompt": "课程内容", "scale_min": 1, "scale_max": 5, "scale_min_label": "差",
     "scale_max_label": "好"},
    {"kind": "text", "prompt": "建议", "required": False, "max_length": 20},
]


def survey_body(room, **extra):
    return {"title": "课程评价", "intro": "请如实填写", "opens_at": OPENS, "closes_at": CLOSES,
            "target_kind": "batch", "target_id": room.batch, "audience": "learners", "questions": QUESTIONS,
            **extra}


def published(room, author=None, **extra):
    r = room.post("/surveys", author or room.admin, json=survey_body(room, **extra))
    assert r.status_code == 201, r.get_json()
    survey = r.get_json()
    r = room.post(f"/surveys/{survey['id']}/publish", author or room.admin)
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def answers(survey, single=0, multiple=(0, 1), scale=4, text="很好"):
    q = [item["id"] for item in survey["questions"]]
    out = {str(q[0]): single, str(q[1]): list(multiple), str(q[2]): scale}
    if text is not None:
        out[str(q[3])] = text
    return {"answers": out}


def test_admin_publishes_learners_answer_once_and_results_count(room):
    survey = published(room)
    assert survey["status"] == "published" and survey["state"] == "open" and len(survey["questions"]) == 4
    listed = room.get("/surveys", room.alice).get_json()
    assert [s["id"] for s in listed["items"]] == [survey["id"]] and listed["items"][0]["answered"] is False
    assert room.post(f"/surveys/{survey['id']}/responses", room.alice, json=answers(survey)).status_code == 201
    assert room.post(f"/surveys/{survey['id']}/responses", room.bob,
                     json=answers(survey, single=2, multiple=[2], scale=2, text=None)).status_code == 201
    assert_error(room.post(f"/surveys/{survey['id']}/responses", room.alice, json=answers(survey)), 409,
                 "already_answered")
    assert room.get("/surveys", room.alice).get_json()["items"][0]["answered"] is True
    results = room.get(f"/surveys/{survey['id']}/results", room.admin).get_json()
    assert results["responses"] == 2 and results["addressed"] == 3 and results["response_rate"] == 66.7
    single, multiple, scale, text = results["questions"]
    assert [o["count"] for o in single["options"]] == [1, 0, 1] and single["options"][0]["percent"] == 50.0
    assert [o["count"] for o in multiple["options"]] == [1, 1, 1]
    assert scale["mean"] == 3.0 and [o["label"] for o in scale["options"]] == ["1", "2", "3", "4", "5"]
    assert text["texts"] == ["很好"] and text["answered"] == 1 and text["skipped"] == 1
    assert results["respondents"] == []  # anonymous
    r = room.get(f"/surveys/{survey['id']}/results.xlsx", room.admin)
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.data))
    cells = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row if c is not None]
    assert "课程评价" in cells and "满意" in cells and "66.7%" in cells
    assert [row[2] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)] == ["很好"]


def test_answers_are_checked_per_question(room):
    survey = published(room)
    q = [item["id"] for item in survey["questions"]]
    bad = {"answers": {str(q[0]): 7, str(q[1]): [0, 1, 2], str(q[3]): "字" * 21}}
    r = room.post(f"/surveys/{survey['id']}/responses", room.alice, json=bad)
    assert_error(r, 400, "invalid_input")
    fields = r.get_json()["error"]["fields"]
    assert set(fields) == {f"answers.{q[0]}", f"answers.{q[1]}", f"answers.{q[2]}", f"answers.{q[3]}"}
    assert_error(room.post(f"/surveys/{survey['id']}/responses", room.alice, json={"answers": {"x": 1}}), 400,
                 "invalid_input")
    assert_error(room.post(f"/surveys/{survey['id']}/responses", room.alice,
                           json={"answers": {"999999": 1, **answers(survey)["answers"]}}), 400, "invalid_input")
    # Nothing was stored: the learner can still answer.
    assert room.post(f"/surveys/{survey['id']}/responses", room.alice, json=answers(survey)).status_code == 201


def test_named_survey_lists_its_respondents(room):
    survey = published(room, anonymous=False)
    room.post(f"/surveys/{survey['id']}/responses", room.alice, json=answers(survey))
    results = room.get(f"/surveys/{survey['id']}/results", room.admin).get_json()
    assert [r["name"] for r in results["respondents"]] == ["学员甲"]


def test_subtree_isolation(room):
    # The other city's admin can neither target the first city's unit nor see the province's survey.
    r = room.post("/surveys", room.city2_admin, json=survey_body(room, target_kind="unit",
                                                                  target_id=room.tree["city1"].id))
    assert_error(r, 403, "forbidden")
    survey = published(room)
    for outsider in (room.city2_admin, room.school_admin):
        assert_error(room.get(f"/surveys/{survey['id']}/results", outsider), 403, "forbidden")
        assert_error(room.get(f"/surveys/{survey['id']}/results.xlsx", outsider), 403, "forbidden")
    # A learner addressed sees the survey but not its results.
    assert room.get(f"/surveys/{survey['id']}", room.alice).status_code == 200
    assert_error(room.get(f"/surveys/{survey['id']}/results", room.alice), 403, "forbidden")
    # The other city's admin's batch survey addresses only its own city: none of room's learners.
    other = published(room, author=room.city2_admin)
    assert_error(room.post(f"/surveys/{other['id']}/responses", room.alice, json=answers(other)), 403, "forbidden")
    assert room.get(f"/surveys/{other['id']}/results", room.city2_admin).get_json()["addressed"] == 0
    assert room.get(f"/surveys/{other['id']}/results", room.admin).status_code == 200  # the province is above
    managed = room.get("/surveys?scope=managed", room.city2_admin).get_json()
    assert [s["id"] for s in managed["items"]] == [other["id"]]


def test_tutor_writes_for_its_own_class_only(room):
    body = survey_body(room, target_kind="class", target_id=room.klass)
    r = room.post("/surveys", room.tutor, json=body)
    assert r.status_code == 201, r.get_json()
    assert_error(room.post("/surveys", room.tutor, json=dict(body, target_id=room.other_class)), 403, "forbidden")
    assert_error(room.post("/surveys", room.tutor, json=dict(body, target_kind="batch", target_id=room.batch)), 403,
                 "forbidden")
    assert_error(room.post("/surveys", room.alice, json=body), 403, "forbidden")
    survey_id = r.get_json()["id"]
    room.post(f"/surveys/{survey_id}/publish", room.tutor)
    # carol learns in the other class: not addressed.
    assert room.get("/surveys", room.carol).get_json()["items"] == []
    assert [s["id"] for s in room.get("/surveys", room.bob).get_json()["items"]] == [survey_id]


def test_publish_freezes_and_close_stops_answers(room):
    r = room.post("/surveys", room.admin, json=survey_body(room, questions=[]))
    survey = r.get_json()
    assert_error(room.post(f"/surveys/{survey['id']}/publish", room.admin), 409, "no_questions")
    assert room.call("PUT", f"/surveys/{survey['id']}", room.admin, json=survey_body(room)).status_code == 200
    survey = room.post(f"/surveys/{survey['id']}/publish", room.admin).get_json()
    assert survey["state"] == "open"
    assert_error(room.call("PUT", f"/surveys/{survey['id']}", room.admin, json=survey_body(room)), 403, "forbidden")
    assert room.post(f"/surveys/{survey['id']}/close", room.admin).get_json()["state"] == "closed"
    assert_error(room.post(f"/surveys/{survey['id']}/responses", room.alice, json=answers(survey)), 409, "not_open")
    assert_error(room.post(f"/surveys/{survey['id']}/close", room.admin), 409, "not_published")


def test_bad_definitions_are_named(room):
    bad = [{"kind": "single", "prompt": "一", "options": ["甲"]},
           {"kind": "multiple", "prompt": "二", "options": ["甲", "乙"], "min_picks": 2, "max_picks": 1},
           {"kind": "scale", "prompt": "三", "scale_min": 5, "scale_max": 1},
           {"kind": "text", "prompt": "四"}]
    r = room.post("/surveys", room.admin, json=survey_body(room, questions=bad))
    assert_error(r, 400, "invalid_input")
    assert set(r.get_json()["error"]["fields"]) == {"questions.0.options", "questions.1.max_picks",
                                                    "questions.2.scale_max", "questions.3.max_length"}
    r = room.post("/surveys", room.admin, json=survey_body(room, closes_at=OPENS))
    assert_error(r, 400, "invalid_input")
    assert "closes_at" in r.get_json()["error"]["fields"]


def test_templates_start_a_draft(room):
    keys = [t["key"] for t in room.get("/survey-templates", room.admin).get_json()["items"]]
    assert keys == ["course", "tutoring", "management", "self"]
    r = room.post("/surveys", room.city1_admin, json=survey_body(room, questions=[], template="self",
                                                                 target_kind="unit", target_id=room.tree["city1"].id,
                                                                 audience="admins", anonymous=False))
    assert r.status_code == 201, r.get_json()
    assert len(r.get_json()["questions"]) == 4 and r.get_json()["template"] == "self"
