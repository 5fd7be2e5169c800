"""Expert Q&A: scheduling, asking only while it runs, answering, participation in the grade."""
from __future__ import annotations

from datetime import timedelta

from tests.forum.conftest import DURING
from tests.helpers import assert_error


def test_learners_ask_while_the_session_runs_and_experts_answer(room):
    qa = room.qa(expert_ids=[room.expert.id])
    assert [e["id"] for e in qa["experts"]] == [room.expert.id]
    r = room.post(f"/qa-sessions/{qa['id']}/questions", room.alice, json={"body": "如何设计有效的课堂提问？"})
    assert r.status_code == 201, r.get_json()
    question = r.get_json()
    # A learner of another class does not answer; the asker does not answer itself.
    assert_error(room.post(f"/qa-questions/{question['id']}/answer", room.carol, json={"body": "答"}), 403, "forbidden")
    assert_error(room.post(f"/qa-questions/{question['id']}/answer", room.alice, json={"body": "答"}), 403, "forbidden")
    r = room.post(f"/qa-questions/{question['id']}/answer", room.expert, json={"body": "从学生的已有经验出发。"})
    assert r.status_code == 200 and r.get_json()["answered_by"]["id"] == room.expert.id
    shown = room.get(f"/qa-sessions/{qa['id']}", room.bob).get_json()
    assert shown["questions"][0]["answer"] == "从学生的已有经验出发。"
    grade = room.get(f"/enrollments/{room.enrollments['alice']}/grade", room.alice).get_json()
    assert grade["components"]["interaction"]["parts"]["qa"]["count"] == 1
    assert grade["components"]["interaction"]["score"] == 4


def test_answering_another_learners_question_counts_as_taking_part(room):
    qa = room.qa()
    question = room.post(f"/qa-sessions/{qa['id']}/questions", room.alice, json={"body": "怎样分层布置作业？"}).get_json()
    grade = room.get(f"/enrollments/{room.enrollments['bob']}/grade", room.bob).get_json()
    assert grade["components"]["interaction"]["parts"]["qa"]["count"] == 0
    r = room.post(f"/qa-questions/{question['id']}/answer", room.bob, json={"body": "我按学生基础分三档布置。"})
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["answer"] is None  # the expert's answer stays to come
    assert [a["author"]["id"] for a in r.get_json()["learner_answers"]] == [room.bob.id]
    grade = room.get(f"/enrollments/{room.enrollments['bob']}/grade", room.bob).get_json()
    assert grade["components"]["interaction"]["parts"]["qa"]["count"] == 1
    assert grade["components"]["interaction"]["parts"]["qa"]["score"] == 4
    # Asking and answering in the same session are one participation; after the session no answer is taken.
    room.post(f"/qa-sessions/{qa['id']}/questions", room.bob, json={"body": "那作业量怎么控制？"})
    grade = room.get(f"/enrollments/{room.enrollments['bob']}/grade", room.bob).get_json()
    assert grade["components"]["interaction"]["parts"]["qa"]["count"] == 1
    late = DURING + timedelta(hours=2)
    assert_error(room.post(f"/qa-questions/{question['id']}/answer", room.bob, late, json={"body": "补充"}),
                 409, "qa_not_running")


def test_questions_outside_the_session_are_409(room):
    qa = room.qa(starts=DURING + timedelta(hours=2))
    assert_error(room.post(f"/qa-sessions/{qa['id']}/questions", room.alice, json={"body": "早到的问题"}),
                 409, "qa_not_running")
    late = DURING + timedelta(hours=4)
    assert_error(room.post(f"/qa-sessions/{qa['id']}/questions", room.alice, late, json={"body": "迟到的问题"}),
                 409, "qa_not_running")
    r = room.post(f"/qa-sessions/{qa['id']}/questions", room.alice, DURING + timedelta(hours=2, minutes=5),
                  json={"body": "准时的问题"})
    assert r.status_code == 201


def test_who_schedules_and_who_asks(room):
    body = {"title": "答疑", "starts_at": DURING.isoformat(), "ends_at": (DURING + timedelta(hours=1)).isoformat()}
    assert_error(room.post(f"/classes/{room.klass}/qa-sessions", room.alice, json=body), 403, "forbidden")
    assert_error(room.post(f"/classes/{room.klass}/qa-sessions", room.other_tutor, json=body), 403, "forbidden")
    by_expert = room.qa(user=room.expert)
    assert [e["id"] for e in by_expert["experts"]] == [room.expert.id]  # an expert who schedules answers
    assert_error(room.post(f"/qa-sessions/{by_expert['id']}/questions", room.carol, json={"body": "外班"}),
                 403, "forbidden")
    assert_error(room.post(f"/qa-sessions/{by_expert['id']}/questions", room.tutor, json={"body": "辅导员"}),
                 403, "forbidden")
    assert_error(room.post(f"/qa-sessions/{by_expert['id']}/questions", room.alice, json={"body": ""}),
                 400, "invalid_input")
    assert_error(room.post("/qa-sessions/999999/questions", room.alice, json={"body": "?"}), 404, "not_found")
    listed = room.get(f"/classes/{room.klass}/qa-sessions", room.alice).get_json()["items"]
    assert [s["id"] for s in listed] == [by_expert["id"]]
