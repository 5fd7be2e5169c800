"""Each role's home is its work list, and the learner's grade page tells the truth about what is left:
the expert's questions waiting and classes with no Q&A ahead; written work handed in waits for its review;
a class with no expert Q&A ahead is told so rather than asked to take part."""
from __future__ import annotations

import html as html_lib
import re
from datetime import timedelta

from lms.core import clock
from lms.extensions import db
from lms.assignments.models import Assignment, Submission
from lms.forum.models import QaQuestion
from tests.forum.conftest import DURING
from tests.helpers import sign_in


def _client(room, user):
    client = room.app.test_client()
    sign_in(client, user)
    client.get("/lang/en")
    return client


def _text(html: str) -> str:
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_the_expert_home_lists_waiting_questions_and_classes_to_schedule(room):
    with clock.frozen_at(DURING):
        home = _text(_client(room, room.expert).get("/").get_data(as_text=True))
    # Both running classes need a Q&A; none waits for an answer.
    assert "Running classes with no Q&A ahead 2" in home and "Questions waiting for your answer 0" in home
    qa = room.qa(user=room.expert, starts=DURING - timedelta(minutes=10))
    with room.app.app_context():
        db.session.add(QaQuestion(session_id=qa["id"], enrollment_id=room.enrollments["alice"],
                                  author_id=room.alice.id, body="怎样设计分层作业？", created_at=clock.now()))
        db.session.commit()
    with clock.frozen_at(DURING):
        client = _client(room, room.expert)
        html = client.get("/").get_data(as_text=True)
        home = _text(html)
        assert "Running classes with no Q&A ahead 1" in home and "Questions waiting for your answer 1" in home
        assert f'href="/qa/{qa["id"]}"' in html and f'href="/classes/{room.other_class}/qa"' in html
        # Every link of the work list opens for the expert.
        for href in set(re.findall(r'href="(/(?:qa|classes)/[^"]+)"', html)):
            assert client.get(href).status_code == 200, href


def test_the_grade_page_is_honest_about_qa_and_written_work(room):
    grade_url = f"/grades/{room.enrollments['alice']}"
    with clock.frozen_at(DURING):
        html = _text(_client(room, room.alice).get(grade_url).get_data(as_text=True))
    assert "No expert Q&A is scheduled for your class yet" in html and "more expert Q&A session(s)" not in html
    room.qa(user=room.expert, starts=DURING + timedelta(hours=2))
    with room.app.app_context():
        assignment = Assignment(course_id=room.course, kind="subjective", title="教学设计", prompt="写一篇",
                                created_at=clock.now())
        db.session.add(assignment)
        db.session.flush()
        db.session.add(Submission(assignment_id=assignment.id, enrollment_id=room.enrollments["alice"],
                                  class_id=room.klass, learner_id=room.alice.id, kind="subjective",
                                  submitted_at=clock.now(), text="我的教学设计"))
        db.session.commit()
    with clock.frozen_at(DURING):
        html = _text(_client(room, room.alice).get(grade_url).get_data(as_text=True))
    assert "Ask or answer a question in 1 more expert Q&A session(s)" in html
    assert "handed in and waits for a tutor's review" in html and "Hand in the written assignment" not in html


def test_the_tutors_home_leads_to_each_class_briefings(room):
    with clock.frozen_at(DURING):
        client = _client(room, room.tutor)
        html = client.get("/").get_data(as_text=True)
        assert f'href="/classes/{room.klass}/briefings"' in html
        assert client.get(f"/classes/{room.klass}/briefings").status_code == 200


def test_the_teachers_and_the_admins_homes_are_their_work_lists(room):
    room.credit("alice", 58)
    with clock.frozen_at(DURING):
        client = _client(room, room.alice)
        html = client.get("/").get_data(as_text=True)
        home = _text(html)
        # The grade so far against the pass mark, the study left, the next step; the ways to do them open.
        assert "My training: what is left" in home and "(pass mark 80)" in home
        assert "42 minutes of study left" in home
        for href in (f"/study/{room.enrollments['alice']}", f"/grades/{room.enrollments['alice']}"):
            assert f'href="{href}"' in html and client.get(href).status_code == 200
        for admin, started in ((room.admin, 1), (room.city1_admin, 1), (room.school_admin, 1)):
            client = _client(room, admin)
            html = client.get("/").get_data(as_text=True)
            home = _text(html)
            # The running batch's learners of the admin's area as the statistics count them (alice started).
            assert re.search(rf"Learners of my area in batch 9 .*? 3 Enrolled {started} Started 0 Passed", home), home
            assert 'href="/reports?batch=' in html
        province = _text(_client(room, room.admin).get("/").get_data(as_text=True))
        assert "below the 10% minimum" in province or "meets the 10% minimum" in province
