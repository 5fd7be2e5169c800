"""The square API: ask, answer, adopt (2–4 points, 001 L48); a photo upload; micro-lessons uploaded, certified or
rejected by the tutor's own city, watched, rated and settled (001 L49); the statement, the monthly points, the
admins' figures in their subtree."""
from __future__ import annotations

import io
from datetime import timedelta

import pytest

from lms.core import clock
from lms.core.errors import DomainError
from lms.extensions import db
from lms.projects import media
from lms.square import queries
from lms.square.models import MicroLesson
from tests.helpers import PINNED_NOW, assert_error
from tests.square.conftest import PNG, answer, ask, upload


def test_ask_answer_adopt_pays_the_tutor(api, world, app):
    q = ask(api, world.student)
    assert q["status"] == "open" and q["school"]["id"] == world.tree["school111"].id and q["image_url"] is None
    # the maths tutors see it; the physics tutor does not (its subject)
    assert [x["id"] for x in api.get("/square/questions?scope=open", world.tutor).get_json()["items"]] == [q["id"]]
    assert api.get("/square/questions?scope=open", world.physics).get_json()["items"] == []
    a = answer(api, world.tutor, q["id"])
    b = answer(api, world.tutor_b, q["id"], body="用顶点公式 x=-b/2a=2，代入得 y=-1。")
    assert_error(api.post(f"/square/questions/{q['id']}/answers", world.tutor, json={"body": "再答一次，不行的。"}),
                 409, "already_answered")
    r = api.post(f"/square/questions/{q['id']}/answers/{b['id']}/adopt", world.student,
                 json={"difficulty": 3, "satisfaction": 3})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["status"] == "adopted"
    assert [(x["id"], x["adopted"], x["points"]) for x in body["answers"]] == [(a["id"], False, None),
                                                                               (b["id"], True, 4)]
    # adopted once; no more answers
    assert_error(api.post(f"/square/questions/{q['id']}/answers/{a['id']}/adopt", world.student,
                          json={"difficulty": 1, "satisfaction": 1}), 403, "forbidden")
    assert_error(api.post(f"/square/questions/{q['id']}/answers", world.province_tutor, json={"body": "晚到的答案。"}),
                 403, "forbidden")
    assert api.get("/square/questions?scope=open", world.tutor).get_json()["items"] == []
    with app.app_context():
        assert queries.month_points(db.session, world.tutor_b.id, 2026, 11) == 4
        assert queries.month_points(db.session, world.tutor.id, 2026, 11) == 0
        assert queries.month_points(db.session, world.tutor_b.id, 2026, 10) == 0
        assert queries.student_month_points(db.session, world.student.id, 2026, 11) == 4
        assert queries.student_month_points(db.session, world.student2.id, 2026, 11) == 0
    month = api.get("/square/statement/month?year=2026&month=11", world.tutor_b).get_json()
    assert month == {"year": 2026, "month": 11, "points": 4}
    # the tutoring area's monthly record and statement carry them: the student paid them, the tutor earned them
    record = api.get(f"/tutoring/students/{world.student.id}/record?year=2026&month=11", world.student).get_json()
    assert (record["points_paid"], record["square_points_paid"]) == (4, 4)
    statement = api.get("/tutoring/me/statement?year=2026&month=11", world.tutor_b).get_json()
    assert (statement["total_points"], statement["square_points"], statement["all_points"]) == (0, 4, 4)
    assert_error(api.get("/square/statement/month?year=2026&month=13", world.tutor_b), 400, "invalid_input")


def test_who_may_ask_answer_adopt_and_read(api, world):
    assert_error(api.post("/square/questions", world.teacher, json={"subject": "数学", "body": "老师也想问一下。"}),
                 403, "forbidden")
    assert_error(api.post("/square/questions", world.student, json={"subject": "", "body": "短"}),
                 400, "invalid_input")
    bad = assert_error(api.post("/square/questions", world.student, json={"subject": "数学", "body": "太短"}),
                       400, "invalid_input")
    assert "body" in bad["error"]["fields"]
    q = ask(api, world.student)
    path = f"/square/questions/{q['id']}"
    # another student, a plain teacher, another city's admin: no; the school, district and city admins: yes
    for outsider in (world.student2, world.teacher, world.city2, world.county2):
        assert_error(api.get(path, outsider), 403, "forbidden")
    for reader in (world.school, world.county, world.city, world.province, world.physics):
        assert api.get(path, reader).status_code == 200
    assert_error(api.post(path + "/answers", world.student, json={"body": "我自己答一下。"}), 403, "forbidden")
    assert_error(api.post(path + "/answers", world.tutor, json={"body": "短"}), 400, "invalid_input")
    a = answer(api, world.tutor, q["id"])
    assert_error(api.post(f"{path}/answers/{a['id']}/adopt", world.student2,
                          json={"difficulty": 1, "satisfaction": 1}), 403, "forbidden")
    assert_error(api.post(f"{path}/answers/{a['id']}/adopt", world.student, json={"difficulty": 4, "satisfaction": 1}),
                 400, "invalid_input")
    assert_error(api.post(f"{path}/answers/999999/adopt", world.student, json={"difficulty": 1, "satisfaction": 1}),
                 400, "invalid_input")
    assert_error(api.get("/square/questions/999999", world.student), 404, "not_found")
    assert [x["id"] for x in api.get("/square/questions", world.student).get_json()["items"]] == [q["id"]]


def test_a_question_with_a_photo(api, world):
    r = api.post("/square/questions", world.student, content_type="multipart/form-data",
                 data={"subject": "物理", "body": "这道受力分析题怎么画图？", "image": (io.BytesIO(PNG), "题目.png")})
    assert r.status_code == 201, r.get_json()
    q = r.get_json()
    image = api.get(f"/square/questions/{q['id']}/image", world.physics)
    assert image.status_code == 200 and image.mimetype == "image/png" and image.data == PNG
    assert_error(api.get(f"/square/questions/{q['id']}/image", world.student2), 403, "forbidden")
    wrong = api.post("/square/questions", world.student, content_type="multipart/form-data",
                     data={"subject": "物理", "body": "这道受力分析题怎么画图？", "image": (io.BytesIO(b"MZ"), "x.exe")})
    assert_error(wrong, 415, "unsupported_media_type")
    big = api.post("/square/questions", world.student, content_type="multipart/form-data",
                   data={"subject": "物理", "body": "这道受力分析题怎么画图？",
                         "image": (io.BytesIO(b"\x00" * (5 * 1024 * 1024 + 10)), "big.png")})
    assert big.status_code == 413


def test_micro_lesson_certified_by_its_city_watched_rated_settled(api, world, app):
    m = upload(api, world.tutor)
    assert m["status"] == "pending" and m["points"] is None
    # not listed yet: students do not see it
    assert api.get("/square/lessons", world.student).get_json()["items"] == []
    assert_error(api.get(f"/square/lessons/{m['id']}", world.student), 403, "forbidden")
    path = f"/square/lessons/{m['id']}"
    # another city's admin, the district's admin, the province's admin: not the certifier of a city-1 tutor
    for other in (world.city2, world.county, world.province, world.tutor):
        assert_error(api.post(path + "/certify", other, json={"audience": 4}), 403, "forbidden")
    assert [x["id"] for x in api.get("/square/lessons?scope=waiting", world.city).get_json()["items"]] == [m["id"]]
    assert api.get("/square/lessons?scope=waiting", world.city2).get_json()["items"] == []
    assert_error(api.post(path + "/certify", world.city, json={"audience": 0}), 400, "invalid_input")
    assert api.post(path + "/certify", world.city, json={"audience": 4}).get_json()["status"] == "certified"
    assert [x["id"] for x in api.get("/square/lessons", world.student2).get_json()["items"]] == [m["id"]]
    assert api.post(path + "/watch", world.student).get_json()["rating"] is None
    assert api.post(path + "/watch", world.student).status_code == 200  # counted once
    assert api.post(path + "/rate", world.student2, json={"rating": 5}).get_json()["rating"] == 5
    assert api.post(path + "/rate", world.student, json={"rating": 3}).get_json()["rating"] == 3
    assert_error(api.post(path + "/rate", world.student, json={"rating": 6}), 400, "invalid_input")
    assert_error(api.post(path + "/rate", world.tutor_b, json={"rating": 5}), 403, "forbidden")
    now = api.get(path, world.tutor).get_json()
    # 2 of 4 watched: 20 + 10; mean 4: 6 + 3
    assert (now["watchers"], now["ratings"]) == (2, 2)
    assert now["points"] == {"participation": 30, "quality": 9, "total": 39, "settled": False}
    assert_error(api.post(path + "/settle", world.city2), 403, "forbidden")
    clock.travel(timedelta(days=10))  # settled in December
    api._tokens.clear()  # the tokens of November have expired
    settled = api.post(path + "/settle", world.city).get_json()
    assert settled["status"] == "settled" and settled["points"]["settled"] and settled["points"]["total"] == 39
    assert_error(api.post(path + "/settle", world.city), 403, "forbidden")
    assert_error(api.post(path + "/rate", world.student, json={"rating": 1}), 403, "forbidden")
    with app.app_context():
        assert queries.month_points(db.session, world.tutor.id, 2026, 12) == 39
        assert queries.month_points(db.session, world.tutor.id, 2026, 11) == 0
        assert queries.student_month_points(db.session, world.student.id, 2026, 12) == 0
    s = api.get("/square/statement", world.tutor).get_json()
    assert (s["settled_points"], s["square_points"], s["total"], s["provisional_points"]) == (39, 0, 39, 0)
    assert_error(api.get("/square/statement", world.student), 403, "forbidden")
    assert PINNED_NOW.month == 11


def test_rejected_with_a_reason_then_resubmitted(api, world):
    m = upload(api, world.tutor)
    path = f"/square/lessons/{m['id']}"
    assert_error(api.post(path + "/reject", world.city, json={"reason": ""}), 400, "invalid_input")
    r = api.post(path + "/reject", world.city, json={"reason": "画面不清晰，请重新录制。"}).get_json()
    assert r["status"] == "rejected" and r["reason"] == "画面不清晰，请重新录制。"
    assert_error(api.post(path + "/certify", world.city, json={"audience": 5}), 403, "forbidden")
    assert_error(api.put(path, world.tutor_b, json={"title": "别人的", "subject": "数学", "grade": "初二",
                                                     "video_url": "https://v.example.cn/x"}), 403, "forbidden")
    again = api.put(path, world.tutor, json={"title": "一次函数（重录）", "subject": "数学", "grade": "初二",
                                             "video_url": "https://v.example.cn/micro/2"}).get_json()
    assert again["status"] == "pending" and again["reason"] is None and again["title"] == "一次函数（重录）"


def test_upload_checks_and_a_video_file(app, api, world, storage, clip):
    assert_error(api.post("/square/lessons", world.student, json={"title": "学生的", "subject": "数学", "grade": "初二",
                                                                  "video_url": "https://v.example.cn/x"}),
                 403, "forbidden")
    missing = assert_error(api.post("/square/lessons", world.tutor,
                                    json={"title": "没有视频", "subject": "数学", "grade": "初二"}), 400, "invalid_input")
    assert "video_url" in missing["error"]["fields"]
    assert_error(api.post("/square/lessons", world.tutor, json={"title": "年级不对", "subject": "数学", "grade": "五年级",
                                                                "video_url": "https://v.example.cn/x"}),
                 400, "invalid_input")
    assert_error(api.post("/square/lessons", world.tutor, json={"title": "链接不对", "subject": "数学", "grade": "初二",
                                                                "video_url": "ftp://x"}), 400, "invalid_input")
    r = api.post("/square/lessons", world.tutor, content_type="multipart/form-data",
                 data={"title": "勾股定理", "subject": "数学", "grade": "初二",
                       "video": (io.BytesIO(clip), "gougu.webm")})
    assert r.status_code == 201, r.get_json()
    m = r.get_json()
    assert m["video_url"] is None and m["video_file_url"].endswith(f"/lessons/{m['id']}/video")
    assert m["video_seconds"] == 3  # read from the file
    # The bytes live in the media storage, not in the database, and are served from the file with ranges.
    with app.app_context():
        lesson = db.session.get(MicroLesson, m["id"])
    assert [p.name for p in storage.iterdir()] == [lesson.video_key]
    video = api.get(f"/square/lessons/{m['id']}/video", world.city)
    assert video.status_code == 200 and video.mimetype == "video/webm" and video.data == clip
    ranged = api.get(f"/square/lessons/{m['id']}/video", world.city, headers={"Range": "bytes=0-99"})
    assert ranged.status_code == 206 and ranged.data == clip[:100]
    for name, data in (("notes.txt", b"text"), ("fake.webm", b"\x1a\x45\xdf\xa3webm")):  # a name is not enough
        wrong = api.post("/square/lessons", world.tutor, content_type="multipart/form-data",
                         data={"title": "勾股定理", "subject": "数学", "grade": "初二", "video": (io.BytesIO(data), name)})
        assert assert_error(wrong, 415, "unsupported_media_type")["error"]["fields"] == {"video": "文件类型不对。"}
    assert len(list(storage.iterdir())) == 1  # a refused upload leaves no file
    # A link-only lesson has no file; a file gone from the storage is a 404 a person can act on.
    link = upload(api, world.tutor)
    assert_error(api.get(f"/square/lessons/{link['id']}/video", world.tutor), 404, "not_found")
    (storage / lesson.video_key).unlink()
    assert_error(api.get(f"/square/lessons/{m['id']}/video", world.city), 404, "not_found")


def test_the_shared_store_refuses_a_video_over_its_limit_while_it_streams_in(app, tmp_path, clip):
    video = media.Upload(io.BytesIO(clip), "a.webm", media.LocalStorage(tmp_path), max_bytes=len(clip) - 1)
    with app.app_context(), pytest.raises(DomainError) as refused:
        media.store_upload(video, "video")
    assert (refused.value.code, refused.value.status, list(refused.value.fields)) == ("too_large", 413, ["video"])
    assert list(tmp_path.iterdir()) == []
    with app.app_context():
        fits = media.store_upload(media.Upload(io.BytesIO(clip), "a.WEBM", media.LocalStorage(tmp_path), len(clip)),
                                  "video")
    assert (fits.content_type, fits.duration_seconds, fits.size) == ("video/webm", 3, len(clip))


def test_a_province_tutor_is_certified_by_the_province(api, world):
    m = upload(api, world.province_tutor)
    assert_error(api.post(f"/square/lessons/{m['id']}/certify", world.city, json={"audience": 3}), 403, "forbidden")
    assert api.post(f"/square/lessons/{m['id']}/certify", world.province, json={"audience": 3}).status_code == 200


def test_figures_of_an_admins_subtree(api, world):
    q1 = ask(api, world.student)
    ask(api, world.student2, subject="物理", body="滑轮组的机械效率怎么算？")
    a = answer(api, world.tutor, q1["id"])
    api.post(f"/square/questions/{q1['id']}/answers/{a['id']}/adopt", world.student,
             json={"difficulty": 2, "satisfaction": 2})
    m = upload(api, world.tutor)
    api.post(f"/square/lessons/{m['id']}/certify", world.city, json={"audience": 10})
    api.post(f"/square/lessons/{m['id']}/rate", world.student, json={"rating": 4})
    city1 = api.get("/square/figures", world.city).get_json()
    assert (city1["questions"], city1["adopted_questions"], city1["answers"], city1["adoption_points"]) == (1, 1, 1, 3)
    assert city1["lessons"]["certified"] == 1 and city1["views"] == 1 and city1["mean_rating"] == 4.0
    city2 = api.get("/square/figures", world.city2).get_json()
    assert (city2["questions"], city2["open_questions"], city2["lessons"]["certified"]) == (1, 1, 0)
    province = api.get("/square/figures", world.province).get_json()
    assert province["questions"] == 2
    school = api.get("/square/figures", world.school).get_json()
    assert school["questions"] == 1 and school["lessons"]["certified"] == 0  # the tutor is of another school
    assert_error(api.get("/square/figures", world.tutor), 403, "forbidden")
    assert_error(api.get("/square/figures", world.student), 403, "forbidden")


def test_watching_is_for_students_and_the_month_defaults_to_this_one(api, world):
    m = upload(api, world.tutor)
    path = f"/square/lessons/{m['id']}"
    assert_error(api.post(path + "/watch", world.student), 403, "forbidden")  # not certified yet
    api.post(path + "/certify", world.city, json={"audience": 5})
    for other in (world.tutor_b, world.teacher, world.city):
        assert_error(api.post(path + "/watch", other), 403, "forbidden")
    # a certified micro-lesson is published: everyone signed in reads it
    assert api.get(path, world.teacher).status_code == 200
    assert api.post(path + "/watch", world.student).status_code == 200
    assert api.get("/square/statement/month", world.tutor).get_json() == {"year": 2026, "month": 11, "points": 0}
