"""The activity pages: organise one, record its attendance on the sheet (with a photo), the learner's list and
grade; another area's admin finds nothing."""
from __future__ import annotations

import io
import re
from datetime import timedelta

from lms.core import clock
from tests.forum.conftest import DURING
from tests.helpers import csrf_token, sign_in


def _signed_in(room, user):
    client = room.app.test_client()
    sign_in(client, user)
    client.get("/lang/en")
    return client


def _local(moment) -> str:
    return moment.astimezone(clock.local_tz()).strftime("%Y-%m-%dT%H:%M")


def test_a_tutor_organises_a_live_lecture_and_records_minutes_on_the_sheet(room):
    with clock.frozen_at(DURING):
        client = _signed_in(room, room.tutor)
        page = client.get("/activities/new")
        assert page.status_code == 200
        token = csrf_token(page.get_data(as_text=True))
        form = {"csrf_token": token, "kind": "live_lecture", "title": "班级直播答疑课", "batch_id": room.batch,
                "class_ids": room.klass, "starts_at": _local(DURING - timedelta(hours=2)),
                "ends_at": _local(DURING - timedelta(hours=1)), "room_url": "https://live.example.cn/r/2"}
        r = client.post("/activities/new", data={**form, "ends_at": _local(DURING - timedelta(hours=3))})
        assert r.status_code == 200 and "Must be after the start." in r.get_data(as_text=True)
        r = client.post("/activities/new", data=form)
        assert r.status_code == 302
        url = r.headers["Location"]
        sheet = client.get(url).get_data(as_text=True)
        assert "学员甲" in sheet and "学员乙" in sheet and "学员丙" not in sheet
        alice, bob = room.enrollments["alice"], room.enrollments["bob"]
        activity_id = int(re.search(r"/activities/(\d+)", url).group(1))
        post = f"/activities/{activity_id}/attendance"
        r = client.post(post, data={"csrf_token": token, "seen": [alice, bob], f"minutes_{alice}": "61"})
        assert r.status_code == 200 and "学员甲: between 0 and 60 minutes." in r.get_data(as_text=True)
        r = client.post(post, data={"csrf_token": token, "seen": [alice, bob], f"minutes_{alice}": "45",
                                    "note": "平台导出时长", "evidence": (io.BytesIO(b"%PDF-1.4 demo"), "时长.pdf")},
                        content_type="multipart/form-data", follow_redirects=True)
        html = r.get_data(as_text=True)
        assert "Attendance saved." in html and 'value="45"' in html and "时长.pdf" in html
        evidence = client.get(f"/activities/{activity_id}/evidence")
        assert evidence.status_code == 200 and evidence.data == b"%PDF-1.4 demo"

        learner = _signed_in(room, room.alice)
        mine = learner.get("/activities/").get_data(as_text=True)
        assert "班级直播答疑课" in mine and "attended 45 min" in mine
        assert "Attended 45 min." in learner.get(url).get_data(as_text=True)
        assert learner.get(f"/activities/{activity_id}/evidence").status_code == 403
        # A tutor's activity counts once the province approves it: until then the grade does not name it.
        assert "Live lecture" not in learner.get(f"/grades/{alice}").get_data(as_text=True)
        province = _signed_in(room, room.admin)
        queue = province.get("/activities/review").get_data(as_text=True)
        assert "班级直播答疑课" in queue
        r = province.post(f"/activities/{activity_id}/approve", data={"csrf_token": csrf_token(queue),
                                                                      "next": "review"})
        assert r.status_code == 302 and r.headers["Location"].endswith("/activities/review")
        grade = learner.get(f"/grades/{alice}").get_data(as_text=True)
        assert "Live lecture 1 time(s), 45 min attended: +45 min of study time" in grade

        outsider = _signed_in(room, room.city2_admin)
        assert outsider.get(url).status_code == 404
        assert room.carol.name not in sheet
        assert _signed_in(room, room.carol).get(url).status_code == 404


def test_the_province_sees_and_sets_what_activities_earn(room):
    with clock.frozen_at(DURING.replace(month=10)):
        client = _signed_in(room, room.admin)
        html = client.get(f"/projects/{room.project}/grading-policy").get_data(as_text=True)
        for label in ("Study minutes per attended hour of a live or practice activity",
                      "Interaction points per offline discussion or guidance attended",
                      "Interaction points per featured post"):
            assert label in html
        assert 'name="live_minutes_per_hour" type="number" value="60"' in html
