"""The demo shows the pool and review working: the demo expert has a city's local course to evaluate."""
from __future__ import annotations

from sqlalchemy import select

from lms.demo.loader import load_demo
from lms.experts import queries
from lms.experts.models import CourseReview, ExpertProfile, ExpertSelection
from lms.extensions import db
from lms.notices.models import Notice
from lms.org.models import User
from lms.projects.models import Course


def test_the_demo_expert_has_a_local_course_to_review(app):
    with app.app_context():
        accounts = dict((role, username) for role, username, _pw in load_demo(db.session))
        db.session.commit()
        expert = db.session.scalar(select(User).where(User.username == accounts["expert"]))
        todo = [r for r in queries.my_reviews(db.session, expert) if r.review.state == "open" and r.verdict is None]
        assert len(todo) == 1
        review = todo[0].review
        assert review.course.status == "in_review" and review.course.owner_unit.level == "city"
        assert [r.verdict for r in review.reviewers].count("approve") == 1
        assert db.session.query(ExpertProfile).count() >= 6
        city = db.session.scalar(select(User).where(User.username == accounts["city_admin"]))
        assert db.session.query(ExpertSelection).filter_by(unit_id=city.org_unit_id).count() == 3
        # E2a: a published local course whose lesson changed is back with the experts who approved it
        again = db.session.scalar(select(CourseReview).where(CourseReview.reason == "lessons_changed"))
        assert again.state == "open" and again.course.status == "published" and again.course.lessons_changed_at
        assert sorted(r.profile.user.username for r in again.reviewers) == ["expert5", "expert7"]
        assert db.session.query(Notice).filter_by(kind="course_rereview").count() == 2
        # every course of the programme stayed live
        assert db.session.scalar(select(Course).where(Course.owner_unit_id.is_(None),
                                                      Course.status != "published")) is None
