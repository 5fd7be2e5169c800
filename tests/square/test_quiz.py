"""A micro-lesson's quiz (微测, 001 L42): its validation and scoring (pure), its tutor sets it until the first answer,
a student who may watch answers once and sees its score, the tutor and the admins above see the scores and the share
of right answers."""
from __future__ import annotations

from lms.square import rules
from lms.square.rules import QuizQuestion
from tests.helpers import assert_error, csrf_token, sign_in
from tests.square.conftest import upload

QUIZ = {"questions": [{"text": "y=2x+1 的斜率是多少？", "options": ["1", "2", "-2"], "correct": 1},
                      {"text": "y=-x 的图像经过哪些象限？", "options": ["一、三", "二、四"], "correct": 1}]}


def test_quiz_problems():
    good = [QuizQuestion("斜率是多少？", ("1", "2"), 0)]
    assert rules.quiz_problems(good) == {}
    assert rules.quiz_problems([]) == {"questions": "count"}
    assert rules.quiz_problems(good * 11)["questions"] == "count"
    bad = [QuizQuestion("斜", ("1",), 1), QuizQuestion("斜率是多少？", ("1", "1"), 0),
           QuizQuestion("斜率是多少？", ("1", " "), 0), QuizQuestion("斜率是多少？", tuple("1234567"), 0),
           QuizQuestion("斜率是多少？", ("1", "2"), 2)]
    assert rules.quiz_problems(bad) == {
        "questions.0.text": "too_short", "questions.0.options": "count", "questions.0.correct": "not_an_option",
        "questions.1.options": "repeated", "questions.2.options": "option_text", "questions.3.options": "count",
        "questions.4.correct": "not_an_option"}


def test_scoring_and_shares():
    qs = [QuizQuestion("甲题目", ("a", "b"), 0), QuizQuestion("乙题目", ("a", "b", "c"), 2)]
    assert rules.score_quiz(qs, [0, 2]).score == 2 and rules.score_quiz(qs, [1, 2]).right == (False, True)
    assert rules.score_quiz(qs, [1, 0]).total == 2
    assert rules.choices_problem(qs, [0]) == "count"
    assert rules.choices_problem(qs, [0, 3]) == "not_an_option"
    assert rules.choices_problem(qs, [0, True]) == "not_an_option"
    assert rules.correct_shares(2, []) == [None, None]
    assert rules.correct_shares(2, [(True, False), (True, True), (False, False)]) == [66, 33]


def test_the_quiz_text_round_trip():
    text = "斜率是多少？\n1\n*2\n\n 经过哪些象限？ \n*一、三\n二、四\n"
    qs = rules.parse_quiz_text(text)
    assert qs == [QuizQuestion("斜率是多少？", ("1", "2"), 1), QuizQuestion("经过哪些象限？", ("一、三", "二、四"), 0)]
    assert rules.parse_quiz_text(rules.quiz_text(qs)) == qs
    assert rules.parse_quiz_text("题目一\n*a\n*b")[0].correct == -1
    assert rules.parse_quiz_text("") == []


def _certified_with_quiz(api, world) -> str:
    m = upload(api, world.tutor)
    path = f"/square/lessons/{m['id']}"
    r = api.put(path + "/quiz", world.tutor, json=QUIZ)
    assert r.status_code == 200, r.get_json()
    assert api.post(path + "/certify", world.city, json={"audience": 10}).status_code == 200
    return path


def test_the_tutor_sets_it_until_the_first_answer(api, world):
    m = upload(api, world.tutor)
    path = f"/square/lessons/{m['id']}"
    assert_error(api.put(path + "/quiz", world.tutor_b, json=QUIZ), 403, "forbidden")
    bad = {"questions": [{"text": "斜率？", "options": ["1"], "correct": 3}]}
    assert_error(api.put(path + "/quiz", world.tutor, json=bad), 400, "invalid_input")
    assert_error(api.get(path + "/quiz", world.tutor), 404, "not_found")
    assert api.put(path + "/quiz", world.tutor, json=QUIZ).get_json()["questions"][1]["correct"] == 1
    # not certified yet: no student may watch it, nor answer
    assert_error(api.post(path + "/quiz/answers", world.student, json={"choices": [1, 1]}), 403, "forbidden")
    assert api.post(path + "/certify", world.city, json={"audience": 10}).status_code == 200
    changed = {"questions": QUIZ["questions"][:1]}
    assert len(api.put(path + "/quiz", world.tutor, json=changed).get_json()["questions"]) == 1
    assert api.post(path + "/quiz/answers", world.student, json={"choices": [1]}).status_code == 201
    assert_error(api.put(path + "/quiz", world.tutor, json=QUIZ), 409, "quiz_answered")


def test_a_student_answers_once_and_the_tutor_sees_the_scores(api, world):
    path = _certified_with_quiz(api, world)
    before = api.get(path + "/quiz", world.student).get_json()
    assert [q["correct"] for q in before["questions"]] == [None, None] and before["answer"] is None
    assert_error(api.post(path + "/quiz/answers", world.student, json={"choices": [1]}), 400, "invalid_input")
    assert_error(api.post(path + "/quiz/answers", world.tutor, json={"choices": [1, 1]}), 403, "forbidden")
    r = api.post(path + "/quiz/answers", world.student, json={"choices": [1, 0]})
    assert r.status_code == 201 and r.get_json()["score"] == 1 and r.get_json()["total"] == 2
    assert_error(api.post(path + "/quiz/answers", world.student, json={"choices": [1, 1]}), 409, "already_answered")
    after = api.get(path + "/quiz", world.student).get_json()
    assert [q["correct"] for q in after["questions"]] == [1, 1] and after["answer"]["choices"] == [1, 0]
    api.post(path + "/quiz/answers", world.student2, json={"choices": [1, 1]})
    for user in (world.tutor, world.city, world.province):
        rows = {v["student"]["name"]: v["quiz"] for v in api.get(path + "/viewers", user).get_json()["items"]}
        assert rows["小明"]["score"] == 1 and rows["小红"]["score"] == 2, user.name
        results = api.get(path + "/quiz/results", user).get_json()
        assert results["answers"] == 2 and [q["correct_share"] for q in results["questions"]] == [100, 50]
        assert results["mean_score"] == 1.5
    for user in (world.tutor_b, world.city2, world.student):
        assert_error(api.get(path + "/quiz/results", user), 403, "forbidden")


def _client(app, user):
    client = app.test_client()
    sign_in(client, user)
    client.get("/lang/en")
    return client


def test_the_quiz_on_the_pages(app, api, world):
    m = upload(api, world.tutor)
    path = f"/square/lessons/{m['id']}"
    tutor = _client(app, world.tutor)
    page = tutor.get(path).get_data(as_text=True)
    assert 'name="questions"' in page
    r = tutor.post(path + "/quiz", data={"csrf_token": csrf_token(tutor.get(path).get_data(as_text=True)), "questions": "斜率是多少？\n1\n2"})
    assert r.status_code == 200 and "Question 1: Mark exactly one" in r.get_data(as_text=True)
    r = tutor.post(path + "/quiz", data={"csrf_token": csrf_token(tutor.get(path).get_data(as_text=True)),
                                         "questions": "y=2x+1 的斜率是多少？\n1\n*2\n\n经过哪些象限？\n*一、三\n二、四"})
    assert r.status_code == 302
    assert "*2" in tutor.get(path).get_data(as_text=True)
    assert api.post(path + "/certify", world.city, json={"audience": 10}).status_code == 200
    student = _client(app, world.student)
    page = student.get(path).get_data(as_text=True)
    assert 'name="q0"' in page and 'name="q1"' in page
    r = student.post(path + "/quiz/answers", data={"csrf_token": csrf_token(student.get(path).get_data(as_text=True)), "q0": "1"})
    assert r.status_code == 200 and "Choose one option of every question" in r.get_data(as_text=True)
    r = student.post(path + "/quiz/answers", data={"csrf_token": csrf_token(student.get(path).get_data(as_text=True)), "q0": "1", "q1": "1"})
    assert r.status_code == 302
    assert "Your score: 1 of 2." in student.get(path).get_data(as_text=True)
    assert 'name="questions"' not in tutor.get(path).get_data(as_text=True)  # answered: it stays
    viewers = tutor.get(path + "/viewers").get_data(as_text=True)
    assert "1/2" in viewers and "100%" in viewers and "0%" in viewers
