"""Bad input on every endpoint: 400 invalid_input naming the fields (or 404/415), never a 500, and
nothing written."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.assignments.conftest import fresh
from tests.helpers import assert_error

TABLES = ("assignment", "submission", "assignment_draft", "plagiarism_decision", "originality_document",
          "originality_posting", "reference_text", "boilerplate_template", "plagiarism_ban")


def _counts(app):
    from lms.extensions import db
    with app.app_context():
        return {t: db.session.execute(select(func.count()).select_from(db.metadata.tables[t])).scalar()
                for t in TABLES}


BAD_ASSIGNMENTS = [
    ({}, "kind"),
    ({"kind": "essay", "title": "x"}, "kind"),
    ({"kind": {}, "title": "0", "prompt": "0", "min_chars": 0}, "kind"),
    ({"kind": ["subjective"], "title": "t", "prompt": "p"}, "kind"),
    ({"kind": "subjective", "title": "", "prompt": "p"}, "title"),
    ({"kind": "subjective", "title": "t"}, "prompt"),
    ({"kind": "subjective", "title": "t", "prompt": "p", "min_chars": -1}, "min_chars"),
    ({"kind": "subjective", "title": "t", "prompt": "p", "min_chars": "many"}, "min_chars"),
    ({"kind": "objective", "title": "t", "questions": []}, "questions"),
    ({"kind": "objective", "title": "t", "questions": "no"}, "questions"),
    ({"kind": "objective", "title": "t", "questions": [{"type": "single", "text": "q", "options": ["a", "b"],
                                                        "answer": [0, 1], "points": 1}]}, "questions.0.answer"),
    ({"kind": "objective", "title": "t", "questions": [{"type": "truefalse", "text": "q", "options": ["a", "b", "c"],
                                                        "answer": [0], "points": 1}]}, "questions.0.options"),
    ({"kind": "objective", "title": "t", "questions": [{"type": "multiple", "text": "q", "options": ["a", "b"],
                                                        "answer": [5], "points": 1}]}, "questions.0.answer"),
    ({"kind": "objective", "title": "t", "questions": [{"type": "single", "text": "q", "options": ["a", "b"],
                                                        "answer": [0], "points": 0}]}, "questions.0.points"),
    ({"kind": "objective", "title": "t", "questions": [{"type": "choose", "text": "q", "options": ["a", "b"],
                                                        "answer": [0]}]}, "questions.0.type"),
]


@pytest.mark.parametrize("body, field", BAD_ASSIGNMENTS)
def test_bad_assignments(app, room, body, field):
    before = _counts(app)
    body_ = assert_error(room.call("POST", f"/courses/{room.course}/assignments", room.admin, json=body),
                         400, "invalid_input")
    assert field in body_["error"]["fields"], body_
    assert _counts(app) == before


def test_not_json_at_all(app, room):
    r = room.call("POST", f"/courses/{room.course}/assignments", room.admin, data="kind=objective",
                  content_type="text/plain")
    assert_error(r, 400, "invalid_input")
    assert_error(room.call("POST", "/courses/999999/assignments", room.admin, json={}), 404, "not_found")
    assert_error(room.call("POST", f"/courses/{room.course}/assignments", room.alice, json={}), 403, "forbidden")


def test_bad_submissions(app, room):
    essay, quiz = room.subjective(min_chars=20), room.objective()
    before = _counts(app)
    e = room.enrollments["alice"]
    cases = [
        (essay, {"text": "没有报名编号" * 5}, "enrollment_id"),
        (essay, {"enrollment_id": "x", "text": "t"}, "enrollment_id"),
        (essay, {"enrollment_id": e}, "text"),
        (essay, {"enrollment_id": e, "text": "   "}, "text"),
        (essay, {"enrollment_id": e, "text": "短"}, "text"),
        (essay, {"enrollment_id": e, "text": 42}, "text"),
        (essay, {"enrollment_id": e, "text": "x" * 50_001}, "text"),
        (essay, {"enrollment_id": e, "text": fresh(30, 1), "extra": 1}, "extra"),
        (quiz, {"enrollment_id": e}, "answers"),
        (quiz, {"enrollment_id": e, "answers": [[1]]}, "answers"),
        (quiz, {"enrollment_id": e, "answers": [[1], [0], [7]]}, "answers.2"),
        (quiz, {"enrollment_id": e, "answers": [[0, 1], [0], [0]]}, "answers.0"),
        (quiz, {"enrollment_id": e, "answers": [[1], [0, 0], [0]]}, "answers.1"),
        (quiz, {"enrollment_id": e, "answers": "abc"}, "answers"),
        (quiz, {"enrollment_id": e, "answers": [["a"], [0], [0]]}, "answers.0.0"),
        (quiz, {"enrollment_id": room.enrollments["carol"] + 1000, "answers": [[1], [0], [0]]}, None),
    ]
    for assignment, body, field in cases:
        r = room.call("POST", f"/assignments/{assignment['id']}/submissions", room.alice, json=body)
        if field is None:
            assert_error(r, 404, "not_found")
            continue
        error = assert_error(r, 400, "invalid_input")
        assert field in error["error"]["fields"], (body, error)
    assert_error(room.call("POST", "/assignments/999999/submissions", room.alice,
                           json={"enrollment_id": e, "text": "x"}), 404, "not_found")
    assert _counts(app) == before


def test_bad_drafts_reviews_decisions_and_queries(app, room):
    essay = room.subjective()
    quiz = room.objective()
    mine = room.submit(essay["id"], "alice", fresh(60, 2)).get_json()
    before = _counts(app)
    e = room.enrollments["alice"]
    checks = [
        ("PUT", f"/assignments/{essay['id']}/draft", room.alice, {"enrollment_id": e}, "text"),
        ("PUT", f"/assignments/{essay['id']}/draft", room.alice, {"text": "x"}, "enrollment_id"),
        ("PUT", f"/assignments/{quiz['id']}/draft", room.alice, {"enrollment_id": e, "text": "x"}, "text"),
        ("POST", f"/submissions/{mine['id']}/review", room.tutor, {"score": 101}, "score"),
        ("POST", f"/submissions/{mine['id']}/review", room.tutor, {"score": -1}, "score"),
        ("POST", f"/submissions/{mine['id']}/review", room.tutor, {"score": "A"}, "score"),
        ("POST", f"/submissions/{mine['id']}/review", room.tutor, {"score": 80, "excellent": "very"}, "excellent"),
        ("POST", f"/submissions/{mine['id']}/plagiarism", room.tutor, {"decision": "confirmed"}, "reason"),
        ("POST", f"/submissions/{mine['id']}/plagiarism", room.tutor, {"decision": "guilty", "reason": "理由"},
         "decision"),
        ("POST", "/reference-texts", room.admin, {"title": "t"}, "text"),
        ("POST", "/reference-texts", room.admin, {"title": "", "text": "x"}, "title"),
        ("POST", "/boilerplate-templates", room.admin, {"text": "x"}, "title"),
    ]
    for method, path, user, body, field in checks:
        error = assert_error(room.call(method, path, user, json=body), 400, "invalid_input")
        assert field in error["error"]["fields"], (path, body, error)
    for path in (f"/assignments/{essay['id']}/draft", f"/assignments/{essay['id']}/draft?enrollment_id=x",
                 f"/classes/{room.klass}/submissions?status=odd", f"/classes/{room.klass}/submissions?page=0",
                 f"/assignments/{essay['id']}?enrollment_id=-3", "/reference-texts?per_page=100000"):
        user = room.tutor if "classes" in path else room.admin if "reference" in path else room.alice
        assert_error(room.call("GET", path, user), 400, "invalid_input")
    assert _counts(app) == before


def test_uploads_of_the_wrong_kind(app, room):
    import io
    before = _counts(app)
    for name, data, status, code in (("a.pdf", b"%PDF", 415, "unsupported_media_type"),
                                     ("a.docx", b"not a zip", 400, "invalid_input"),
                                     ("a.txt", b"\xff\xfe\x00\xd8", 400, "invalid_input")):
        r = room.call("POST", "/reference-texts/upload", room.admin,
                      data={"title": "t", "file": (io.BytesIO(data), name)}, content_type="multipart/form-data")
        assert_error(r, status, code)
    r = room.call("POST", "/reference-texts/upload", room.admin, data={"title": "t"},
                  content_type="multipart/form-data")
    assert "file" in assert_error(r, 400, "invalid_input")["error"]["fields"]
    assert _counts(app) == before
