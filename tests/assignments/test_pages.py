"""The pages: a learner writes (autosave config, no inline script) and reads the report, a tutor
reviews side by side, a province admin sets assignments and grows the corpus (.txt and .docx)."""
from __future__ import annotations

import re

import io
import zipfile

from lms.core import clock
from tests.assignments.conftest import DURING, fresh
from tests.helpers import csrf_token, sign_in


def _page_client(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def test_learner_writes_hands_in_and_sees_the_report(app, room):
    essay = room.subjective()
    source = fresh(100, 1)
    room.submit(essay["id"], "bob", source)
    with clock.frozen_at(DURING):
        client = _page_client(app, room.alice)
        e = room.enrollments["alice"]
        listing = client.get(f"/enrollments/{e}/assignments").get_data(as_text=True)
        assert "研修作业" in listing
        page = client.get(f"/enrollments/{e}/assignments/{essay['id']}").get_data(as_text=True)
        assert 'data-draft-url="/api/v1/assignments/' in page and "js/essay.js" in page
        assert "<script>" not in page
        r = client.post(f"/enrollments/{e}/assignments/{essay['id']}",
                        data={"csrf_token": csrf_token(page), "text": source[:60] + fresh(40, 2)})
        assert r.status_code == 302 and "/report" in r.headers["Location"]
        report = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "60.0%" in report and "copy-other" in report
    assert source[:60] in report  # the learner's own text, highlighted
    # Bob's text around the copied passage (shown to tutors as context) never reaches the learner.
    assert source[60:70] not in report and "source-context" not in report


def test_learner_takes_a_quiz_in_the_page(app, room):
    quiz = room.objective()
    with clock.frozen_at(DURING):
        client = _page_client(app, room.alice)
        e = room.enrollments["alice"]
        page = client.get(f"/enrollments/{e}/assignments/{quiz['id']}").get_data(as_text=True)
        again = client.get(f"/enrollments/{e}/assignments/{quiz['id']}").get_data(as_text=True)
        assert again == page.replace(csrf_token(page), csrf_token(again))  # a reload shows the same paper
    a = room.answers(quiz["id"], "alice", {"1+1=?": ["2"], "偶数?": ["2", "4"], "地球是圆的": ["对"]})
    with clock.frozen_at(DURING):
        r = client.post(f"/enrollments/{e}/assignments/{quiz['id']}",
                        data={"csrf_token": csrf_token(page), "q0": [str(i) for i in a[0]],
                              "q1": [str(i) for i in a[1]], "q2": [str(i) for i in a[2]]})
        assert r.status_code == 302
        result = client.get(r.headers["Location"]).get_data(as_text=True)
        assert "100" in result
        # The result is said once: the page's own line, not a flashed copy above it too.
        assert len(re.findall(r"100(?:\.0)?%", result)) == 1, re.findall(r"[^>]{0,30}100[^<]{0,30}", result)


def test_tutor_reviews_and_decides_in_the_pages(app, room):
    essay = room.subjective()
    source = fresh(100, 3)
    room.submit(essay["id"], "bob", source)
    copy = room.submit(essay["id"], "alice", source[:80] + fresh(20, 4)).get_json()
    with clock.frozen_at(DURING):
        client = _page_client(app, room.tutor)
        assert "学员甲" in client.get(f"/classes/{room.klass}/review?status=suspected").get_data(as_text=True)
        page = client.get(f"/submissions/{copy['id']}/review").get_data(as_text=True)
        assert source[:80] in page.replace("<mark>", "").replace("</mark>", "")  # the source, side by side
        token = csrf_token(page)
        r = client.post(f"/submissions/{copy['id']}/review",
                        data={"csrf_token": token, "review-csrf_token": token, "review-score": "0",
                              "review-comment": "雷同"})
        assert r.status_code == 302
        assert 'checked' not in page.split('plagiarism-decision')[1].split('</fieldset>')[0]  # nothing preselected
        for missing in ({"plagiarism-decision": "cleared"}, {"plagiarism-confirm": "y"}):
            r = client.post(f"/submissions/{copy['id']}/plagiarism-decision",
                            data={"plagiarism-csrf_token": token, "plagiarism-reason": "已核实", **missing})
            assert r.status_code == 302
            assert room.call("GET", f"/submissions/{copy['id']}", room.tutor).get_json()["plagiarism"] == "suspected"
        r = client.post(f"/submissions/{copy['id']}/plagiarism-decision",
                        data={"plagiarism-csrf_token": token, "plagiarism-decision": "cleared",
                              "plagiarism-reason": "已核实", "plagiarism-confirm": "y"})
        assert r.status_code == 302
    got = room.call("GET", f"/submissions/{copy['id']}", room.tutor).get_json()
    assert got["score"] == 0 and got["plagiarism"] == "cleared"
    with clock.frozen_at(DURING):
        other = _page_client(app, room.other_tutor)
        assert other.get(f"/submissions/{copy['id']}/review").status_code == 403
        assert other.get(f"/classes/{room.klass}/review").status_code == 403


def _docx(text: str) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in text.split("\n"))
    xml = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
           f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def test_admin_sets_assignments_and_uploads_references(app, room):
    with clock.frozen_at(DURING):
        client = _page_client(app, room.admin)
        page = client.get(f"/courses/{room.course}/assignments").get_data(as_text=True)
        token = csrf_token(page)
        r = client.post(f"/courses/{room.course}/assignments",
                        data={"kind": "objective", "o-csrf_token": token, "o-title": "小测",
                              "o-questions": "single | 2 | 1+1=?\n*2\n3\n\ntruefalse | 1 | 对吗\n*对\n错"})
        assert r.status_code == 302, r.get_data(as_text=True)[:2000]
        r = client.post(f"/courses/{room.course}/assignments",
                        data={"kind": "objective", "o-csrf_token": token, "o-title": "坏题",
                              "o-questions": "single | 2 | 1+1=?\n2\n3"})
        assert r.status_code == 200 and "坏题" not in client.get(f"/courses/{room.course}/assignments").get_data(as_text=True).split("New quiz")[0]
        r = client.post(f"/courses/{room.course}/assignments",
                        data={"kind": "subjective", "s-csrf_token": token, "s-title": "心得", "s-prompt": "写心得",
                              "s-min_chars": "100"})
        assert r.status_code == 302
        page = client.get("/originality/references").get_data(as_text=True)
        token = csrf_token(page)
        docx_text = fresh(80, 5) + "\n" + fresh(40, 6)
        r = client.post("/originality/references", data={"csrf_token": token, "title": "论文甲",
                                                         "file": (io.BytesIO(_docx(docx_text)), "paper.docx")},
                        content_type="multipart/form-data")
        assert r.status_code == 302
        r = client.post("/originality/references", data={"csrf_token": token, "title": "论文乙",
                                                         "file": (io.BytesIO("文本".encode("gb18030") * 20), "b.txt")},
                        content_type="multipart/form-data")
        assert r.status_code == 302
        r = client.post("/originality/templates", data={"csrf_token": token, "title": "表头", "text": "姓名 学校 学科"})
        assert r.status_code == 302
    listed = room.call("GET", "/reference-texts", room.admin).get_json()
    assert [i["title"] for i in listed["items"]] == ["论文乙", "论文甲"]
    full = room.call("GET", f"/reference-texts/{listed['items'][1]['id']}", room.admin).get_json()
    assert full["text"] == docx_text
    kinds = [a["kind"] for a in room.call("GET", f"/courses/{room.course}/assignments", room.admin).get_json()["items"]]
    assert kinds == ["objective", "subjective"]
    assert room.call("GET", "/boilerplate-templates", room.admin).get_json()["items"][0]["title"] == "表头"


def test_strangers_are_refused_the_admin_pages(app, room):
    with clock.frozen_at(DURING):
        client = _page_client(app, room.tutor)
        for path in (f"/courses/{room.course}/assignments", "/originality/references", "/originality/templates"):
            assert client.get(path).status_code == 403, path
        learner = _page_client(app, room.bob)
        assert learner.get(f"/enrollments/{room.enrollments['alice']}/assignments/1").status_code in (403, 404)


def test_learner_reads_an_earlier_essay_whose_check_has_not_run(app, room):
    """A submission without an originality ratio (the check not run yet) shows as such, not as a server error."""
    from lms.assignments.models import Submission
    from lms.extensions import db

    essay = room.subjective()
    room.submit(essay["id"], "alice", fresh(100, 3))
    with app.app_context():
        db.session.execute(db.update(Submission).values(copied_ratio=None))
        db.session.commit()
    with clock.frozen_at(DURING):
        client = _page_client(app, room.alice)
        r = client.get(f"/enrollments/{room.enrollments['alice']}/assignments/{essay['id']}")
    assert r.status_code == 200
    assert "原创性检测尚未完成" in r.get_data(as_text=True)


def test_a_page_form_from_a_caller_without_the_right_is_refused_before_it_is_read(app, room):
    """403 whatever the form holds: the right is checked before the form is validated."""
    quiz = room.objective()
    with clock.frozen_at(DURING):
        teacher = _page_client(app, room.alice)
        token = csrf_token(teacher.get(f"/enrollments/{room.enrollments['alice']}/assignments").get_data(as_text=True))
        for path, data in ((f"/courses/{room.course}/assignments", {"kind": "objective", "o-title": ""}),
                           (f"/courses/{room.course}/question-bank", {"bank-questions": "garbage"})):
            assert teacher.post(path, data={"csrf_token": token, **data}).status_code == 403, path
        # Another learner's enrollment: refused, whatever the answers.
        r = teacher.post(f"/enrollments/{room.enrollments['bob']}/assignments/{quiz['id']}",
                         data={"csrf_token": token, "q0": "x"})
        assert r.status_code == 403
