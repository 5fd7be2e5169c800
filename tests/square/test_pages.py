"""The square's pages: a student asks (with a photo) and adopts, a tutor answers and uploads a micro-lesson, the
city certifies or rejects it, the student watches and rates, the statement and the figures; refusals on the form."""
from __future__ import annotations

import io
import re

from tests.helpers import csrf_token, sign_in
from tests.square.conftest import PNG, answer, ask, upload


def _client(app, user):
    client = app.test_client()
    sign_in(client, user)
    client.get("/lang/en")
    return client


def test_ask_with_a_photo_answer_and_adopt_on_the_pages(app, world):
    student = _client(app, world.student)
    page = student.get("/square/").get_data(as_text=True)
    assert "Ask a question" in page and "Question square" in page
    bad = student.post("/square/questions", data={"subject": "数学", "body": "短", "csrf_token": csrf_token(page)})
    assert bad.status_code == 200 and "Write at least 5 characters" in bad.get_data(as_text=True)
    r = student.post("/square/questions", content_type="multipart/form-data", follow_redirects=True,
                     data={"subject": "数学", "body": "这道几何题怎么添辅助线？", "csrf_token": csrf_token(page),
                           "image": (io.BytesIO(PNG), "题.png")})
    html = r.get_data(as_text=True)
    assert "Your question is in the square" in html and "/image" in html
    question_path = re.search(r'(/square/questions/\d+)/image', html).group(1)

    tutor = _client(app, world.tutor)
    square = tutor.get("/square/").get_data(as_text=True)
    assert "这道几何题怎么添辅助线" in square and "Open questions" in square
    detail = tutor.get(question_path).get_data(as_text=True)
    r = tutor.post(question_path + "/answers", data={"body": "连接 AC，构造全等三角形。", "csrf_token": csrf_token(detail)},
                   follow_redirects=True)
    assert "Answered" in r.get_data(as_text=True)
    assert tutor.get(question_path + "/image").data == PNG

    detail = student.get(question_path).get_data(as_text=True)
    adopt_path = re.search(r'action="(/square/questions/\d+/answers/\d+/adopt)"', detail).group(1)
    missing = student.post(adopt_path, data={"difficulty": "2", "csrf_token": csrf_token(detail)})
    assert missing.status_code == 200 and "How satisfied" in missing.get_data(as_text=True)
    assert student.get(question_path).get_data(as_text=True).count("Adopt this answer") == 1
    r = student.post(adopt_path, data={"difficulty": "2", "satisfaction": "2", "csrf_token": csrf_token(detail)},
                     follow_redirects=True)
    assert "gets 3 points" in r.get_data(as_text=True)
    statement = tutor.get("/square/statement").get_data(as_text=True)
    assert "Question square: 3 points" in statement and "cell-actions" not in statement
    assert student.get("/square/statement").status_code == 403
    # another student does not read it
    assert _client(app, world.student2).get(question_path).status_code == 403


def test_upload_certify_watch_and_rate_on_the_pages(app, world, storage, clip):
    tutor = _client(app, world.tutor)
    page = tutor.get("/square/lessons/").get_data(as_text=True)
    assert "Upload a micro-lesson" in page
    token = csrf_token(page)
    bad = tutor.post("/square/lessons", data={"title": "一次函数", "subject": "数学", "grade": "初二", "csrf_token": token})
    assert bad.status_code == 200 and "Upload the video or give its web address" in bad.get_data(as_text=True)
    r = tutor.post("/square/lessons", content_type="multipart/form-data", follow_redirects=True,
                   data={"title": "一次函数", "subject": "数学", "grade": "初二", "description": "",
                         "video_url": "", "csrf_token": token, "video": (io.BytesIO(clip), "a.webm")})
    html = r.get_data(as_text=True)
    assert "Uploaded" in html and "<video" in html
    lesson_path = re.search(r'(/square/lessons/\d+)/video', html).group(1)

    city2 = _client(app, world.city2)
    assert city2.get(lesson_path).status_code == 403  # another city's pending micro-lesson
    city = _client(app, world.city)
    queue = city.get("/square/lessons/").get_data(as_text=True)
    assert "Waiting for your certification" in queue and "一次函数" in queue
    detail = city.get(lesson_path).get_data(as_text=True)
    bad = city.post(lesson_path + "/certify", data={"audience": "0", "csrf_token": csrf_token(detail)})
    assert bad.status_code == 200 and "Certification" in bad.get_data(as_text=True)
    r = city.post(lesson_path + "/certify", data={"audience": "2", "csrf_token": csrf_token(detail)},
                  follow_redirects=True)
    assert "Certified" in r.get_data(as_text=True)

    student = _client(app, world.student)
    listed = student.get("/square/lessons/").get_data(as_text=True)
    assert "一次函数" in listed and "Upload a micro-lesson" not in listed
    detail = student.get(lesson_path).get_data(as_text=True)
    assert "<video" not in detail and ">Watch<" in detail
    student.post(lesson_path + "/watch", data={"csrf_token": csrf_token(detail)})
    detail = student.get(lesson_path).get_data(as_text=True)
    assert "<video" in detail and "Watched by 1 students" in detail
    r = student.post(lesson_path + "/rate", data={"rating": "5", "csrf_token": csrf_token(detail)},
                     follow_redirects=True)
    assert "Thank you for rating it" in r.get_data(as_text=True)
    # 1 of 2 watched: 30; one 5-star rating: 10
    now = city.get(lesson_path).get_data(as_text=True)
    assert "Points if settled now: 30 for participation + 10 for quality" in now
    figures = city.get("/square/").get_data(as_text=True)
    assert "Figures of" in figures and "Micro-lesson watchers" in figures


def test_reject_with_a_reason_on_the_page_and_the_navigation(app, world, api):
    m = upload(api, world.tutor)
    city = _client(app, world.city)
    path = f"/square/lessons/{m['id']}"
    detail = city.get(path).get_data(as_text=True)
    empty = city.post(path + "/reject", data={"reason": "", "csrf_token": csrf_token(detail)})
    assert empty.status_code == 200
    r = city.post(path + "/reject", data={"reason": "声音太小", "csrf_token": csrf_token(detail)}, follow_redirects=True)
    assert "Rejected" in r.get_data(as_text=True)
    mine = _client(app, world.tutor).get(path).get_data(as_text=True)
    assert "声音太小" in mine and "Submit again" in mine
    home = _client(app, world.teacher).get("/").get_data(as_text=True)
    assert "/square/" not in home
    assert "/square/statement" in _client(app, world.tutor).get("/").get_data(as_text=True)
    q = ask(api, world.student)
    answer(api, world.tutor, q["id"])
    assert "Question square" in _client(app, world.student).get("/").get_data(as_text=True)
