"""The forum, Q&A, grade and verification pages render and act through the same services."""
from __future__ import annotations

from datetime import timedelta

from lms.core import clock
from tests.forum.conftest import DURING, FINAL, fresh
from tests.helpers import csrf_token, sign_in


def _signed_in(room, user):
    client = room.app.test_client()
    sign_in(client, user)
    client.get("/lang/en")
    return client


def test_a_learner_posts_replies_and_sees_what_counts(room):
    with clock.frozen_at(DURING):
        client = _signed_in(room, room.alice)
        page = client.get(f"/classes/{room.klass}/forum")
        assert page.status_code == 200
        token = csrf_token(page.get_data(as_text=True))
        r = client.post(f"/classes/{room.klass}/forum", data={"csrf_token": token, "title": "第一帖",
                                                              "body": fresh(30, 1)}, follow_redirects=True)
        html = r.get_data(as_text=True)
        assert r.status_code == 200 and "This post counts" in html and "第一帖" in html
        topic_url = r.request.path
        r = client.post(topic_url, data={"csrf_token": token, "body": "好"}, follow_redirects=True)
        assert "does not count" in r.get_data(as_text=True)
        home = client.get("/").get_data(as_text=True)
        assert f"/classes/{room.klass}/forum" in home and f"/grades/{room.enrollments['alice']}" in home
        assert client.get(f"/classes/{room.other_class}/forum").status_code == 403


def test_a_tutor_features_a_post_and_sees_the_class_grades(room):
    topic = room.topic(room.alice, body=fresh(30, 1)).get_json()
    with clock.frozen_at(DURING):
        client = _signed_in(room, room.tutor)
        page = client.get(f"/topics/{topic['id']}")
        token = csrf_token(page.get_data(as_text=True))
        r = client.post(f"/posts/{topic['id']}/moderate", data={"csrf_token": token, "featured": "1"},
                        follow_redirects=True)
        assert r.status_code == 200 and "Unfeature" in r.get_data(as_text=True)
        grades = client.get(f"/classes/{room.klass}/grades")
        assert grades.status_code == 200 and "学员甲" in grades.get_data(as_text=True)
        r = client.post(f"/classes/{room.klass}/qa", data={"csrf_token": token, "title": "晚间答疑",
                                                           "starts_at": "2026-11-20T08:30", "ends_at": "2026-11-20T10:00"},
                        follow_redirects=True)
        assert "晚间答疑" in r.get_data(as_text=True)
    with clock.frozen_at(DURING + timedelta(minutes=1)):
        learner = _signed_in(room, room.alice)
        qa_page = learner.get(f"/classes/{room.klass}/qa").get_data(as_text=True)
        assert "晚间答疑" in qa_page


def test_the_grade_page_says_what_is_missing(room):
    room.credit("alice", 58)
    with clock.frozen_at(DURING):
        client = _signed_in(room, room.alice)
        html = client.get(f"/grades/{room.enrollments['alice']}").get_data(as_text=True)
        assert "Study 42 more minutes of the course (its videos and readings) for full marks." in html
        assert "Start 1 more forum topic(s) that count" in html
        assert client.get(f"/grades/{room.enrollments['bob']}").status_code == 403
    with clock.frozen_at(FINAL):
        client = _signed_in(room, room.alice)
        assert "Final grade." in client.get(f"/grades/{room.enrollments['alice']}").get_data(as_text=True)


def test_the_policy_page_is_the_province_admins(room):
    with clock.frozen_at(DURING.replace(month=10)):
        client = _signed_in(room, room.admin)
        page = client.get(f"/projects/{room.project}/grading-policy")
        assert page.status_code == 200
        assert _signed_in(room, room.city1_admin).get(f"/projects/{room.project}/grading-policy").status_code == 403


def test_home_pages_lead_tutors_and_experts_to_their_work(room):
    room.qa(user=room.expert, starts=DURING + timedelta(hours=1))
    with clock.frozen_at(DURING):
        tutor_home = _signed_in(room, room.tutor).get("/").get_data(as_text=True)
        assert f"/classes/{room.klass}/grades" in tutor_home
        assert "专家答疑" in _signed_in(room, room.expert).get("/").get_data(as_text=True)
