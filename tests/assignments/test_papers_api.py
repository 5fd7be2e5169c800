"""Quizzes that cannot be copied, through the API: the question bank, each learner's drawn and shuffled
paper, answers shown only once every batch of the course has closed the quiz, never to admins below."""
from __future__ import annotations

from datetime import date, datetime

from tests.assignments.conftest import AFTER, DURING
from tests.helpers import assert_error
from tests.programme import TZ

BANK = [{"type": "single", "text": f"题{i}", "options": [f"{i}甲", f"{i}乙", f"{i}丙", f"{i}丁"], "answer": [i % 4],
         "points": 2} for i in range(8)]
CORRECT = {q["text"]: [q["options"][q["answer"][0]]] for q in BANK}
AFTER_LATER = datetime(2026, 12, 22, 0, 0, tzinfo=TZ)  # the later batch (Dec 1 - Dec 20) has closed too


def _bank_quiz(room, draw=5):
    r = room.call("POST", f"/courses/{room.course}/question-bank", room.admin, json={"questions": BANK})
    assert r.status_code == 201, r.get_json()
    r = room.call("POST", f"/courses/{room.course}/assignments", room.admin,
                  json={"kind": "objective", "title": "抽题测验", "draw": draw})
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def test_the_bank_is_kept_by_the_province_and_read_by_the_courses_staff(room, make):
    path = f"/courses/{room.course}/question-bank"
    school_admin = make.admin(room.tree["school111"])
    assert_error(room.call("POST", path, room.tutor, json={"questions": BANK}), 403, "forbidden")
    assert_error(room.call("POST", path, room.admin, json={"questions": [{**BANK[0], "answer": [9]}]}),
                 400, "invalid_input")
    quiz = _bank_quiz(room)
    assert quiz["draw"] == 5 and "questions" not in quiz
    items = room.call("GET", path, room.tutor).get_json()["items"]
    assert len(items) == 8 and items[0]["answer"] == [0]
    for user in (room.alice, school_admin):
        assert_error(room.call("GET", path, user), 403, "forbidden")
    too_many = room.call("POST", f"/courses/{room.course}/assignments", room.admin,
                         json={"kind": "objective", "title": "太多", "draw": 9})
    assert "draw" in assert_error(too_many, 400, "invalid_input")["error"]["fields"]
    both = room.call("POST", f"/courses/{room.course}/assignments", room.admin,
                     json={"kind": "objective", "title": "两者", "draw": 2, "questions": BANK[:1]})
    assert "questions" in assert_error(both, 400, "invalid_input")["error"]["fields"]
    # The bank may not shrink below what a quiz draws: 8 - 3 = 5 is the floor.
    for item in items[:3]:
        assert room.call("DELETE", f"/bank-questions/{item['id']}", room.admin).status_code == 200
    assert_error(room.call("DELETE", f"/bank-questions/{items[3]['id']}", room.admin), 409, "bank_too_small")
    assert_error(room.call("DELETE", f"/bank-questions/{items[3]['id']}", room.tutor), 403, "forbidden")


def test_each_learner_gets_a_paper_of_their_own_kept_across_reloads_and_graded_by_it(room):
    quiz = _bank_quiz(room)
    papers = {key: room.paper(quiz["id"], key) for key in ("alice", "bob", "carol")}
    assert all(len(p) == 5 and all("answer" not in q for q in p) for p in papers.values())
    assert room.paper(quiz["id"], "alice") == papers["alice"]  # a reload shows the same paper
    shown = {key: [(q["text"], tuple(q["options"])) for q in p] for key, p in papers.items()}
    assert len({tuple(v) for v in shown.values()}) == 3  # no two learners share a paper
    # Alice's right answers, copied by position onto Bob's paper, do not make Bob's right answers.
    alice = room.answers(quiz["id"], "alice", CORRECT)
    r = room.call("POST", f"/assignments/{quiz['id']}/submissions", room.alice,
                  json={"enrollment_id": room.enrollments["alice"], "answers": alice})
    assert r.status_code == 201 and r.get_json()["score_percent"] == 100.0
    bob = room.call("POST", f"/assignments/{quiz['id']}/submissions", room.bob,
                    json={"enrollment_id": room.enrollments["bob"], "answers": alice})
    assert bob.status_code == 201 and bob.get_json()["score_percent"] < 100.0
    assert room.paper(quiz["id"], "alice") == papers["alice"]  # handed in: still the same paper


def test_answers_wait_until_every_batch_of_the_course_has_closed_the_quiz(room, make):
    p = room.programme
    later = p.batch(room.project, number=10, starts_on=date(2026, 12, 1))
    p.klass(later, room.course)
    quiz = room.objective()
    answers = room.answers(quiz["id"], "alice", {"1+1=?": ["2"], "偶数?": ["2", "4"], "地球是圆的": ["对"]})
    room.call("POST", f"/assignments/{quiz['id']}/submissions", room.alice,
              json={"enrollment_id": room.enrollments["alice"], "answers": answers})
    path = f"/assignments/{quiz['id']}?enrollment_id={room.enrollments['alice']}"
    ended = room.call("GET", path, room.alice, AFTER).get_json()
    assert ended["deadline_passed"] and not ended["answers_revealed"]  # batch 10 still has the quiz open
    assert all("answer" not in q for q in ended["questions"]) and "correct" not in ended["submission"]
    closed = room.call("GET", path, room.alice, AFTER_LATER).get_json()
    assert closed["answers_revealed"] and all("answer" in q for q in closed["questions"])
    assert closed["submission"]["correct"] == [True, True, True]
    # Admins below the province look into the enrollment, never at the answers; the province does.
    for admin in (make.admin(room.tree["school111"]), make.admin(room.tree["county11"]), make.admin(room.tree["city1"])):
        seen = room.call("GET", path, admin, AFTER_LATER).get_json()
        assert seen["questions"] and all("answer" not in q for q in seen["questions"]), admin.username
        assert "correct" not in seen["submission"]
        listed = room.call("GET", f"/courses/{room.course}/assignments", admin, AFTER_LATER).get_json()["items"]
        assert all("answer" not in q for q in listed[0]["questions"])
    outsider = make.admin(room.tree["school211"])
    assert_error(room.call("GET", path, outsider, AFTER_LATER), 403, "forbidden")
    province = room.call("GET", path, room.admin, DURING).get_json()
    assert all("answer" in q for q in province["questions"])
    tutor = room.call("GET", path, room.tutor, DURING).get_json()
    assert all("answer" in q for q in tutor["questions"])


def test_the_bank_and_a_drawn_quiz_in_the_pages(app, room, make):
    from lms.core import clock
    from tests.helpers import csrf_token, sign_in

    with clock.frozen_at(DURING):
        admin = app.test_client()
        sign_in(admin, room.admin)
        page = admin.get(f"/courses/{room.course}/question-bank").get_data(as_text=True)
        blocks = "\n\n".join(f"single | 2 | 页面题{i}\n*对的{i}\n错的{i}\n也错{i}" for i in range(4))
        r = admin.post(f"/courses/{room.course}/question-bank",
                       data={"bank-csrf_token": csrf_token(page), "bank-questions": blocks})
        assert r.status_code == 302
        manage = admin.get(f"/courses/{room.course}/assignments").get_data(as_text=True)
        r = admin.post(f"/courses/{room.course}/assignments",
                       data={"o-csrf_token": csrf_token(manage), "kind": "objective", "o-title": "页面抽题", "o-draw": "3"})
        assert r.status_code == 302
        tutor = app.test_client()
        sign_in(tutor, room.tutor)
        seen = tutor.get(f"/courses/{room.course}/question-bank").get_data(as_text=True)
        assert "页面题0" in seen and "bank-questions" not in seen  # read, not kept, by the course's tutors
        outsider = app.test_client()
        sign_in(outsider, make.admin(room.tree["school111"]))
        assert outsider.get(f"/courses/{room.course}/question-bank").status_code == 403
    quiz = room.call("GET", f"/courses/{room.course}/assignments", room.admin).get_json()["items"][-1]
    assert quiz["draw"] == 3
    assert len(room.paper(quiz["id"], "alice")) == 3
