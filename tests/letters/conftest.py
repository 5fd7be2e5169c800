"""A project with tutors of two cities, an expert hosting a Q&A and another reviewing one of its courses."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from lms.core import clock
from lms.experts.models import CourseReview, CourseReviewer, ExpertProfile
from lms.extensions import db
from lms.forum.models import QaSession
from lms.org.models import User
from tests.programme import Programme

TZ = ZoneInfo("Asia/Shanghai")
STARTS = date(2026, 11, 26)


@pytest.fixture
def world(app, make, api):
    t = make.tree()
    t["province_admin"] = make.admin(t["province"])
    t["city1_admin"] = make.admin(t["city1"])
    t["city2_admin"] = make.admin(t["city2"])
    t["school_admin"] = make.admin(t["school111"])
    t["tutor"] = make.user(t["school111"], "tutor", name="王辅导")
    t["tutor2"] = make.user(t["school211"], "tutor", name="李辅导")
    t["host"] = make.user(t["city1"], "expert", name="赵专家")
    t["reviewer"] = make.user(t["province"], "expert", name="钱专家")
    t["teacher"] = make.user(t["school111"], "teacher", name="孙老师")
    programme = Programme(app)
    t["project"] = programme.project()
    first = programme.batch(t["project"], number=1, starts_on=STARTS)
    second = programme.batch(t["project"], number=2, starts_on=STARTS + timedelta(days=60))
    t["course"] = programme.course("初中数学")
    t["klass"] = programme.klass(first, t["course"], tutor_ids=[t["tutor"].id])
    t["klass2"] = programme.klass(second, t["course"], tutor_ids=[t["tutor"].id, t["tutor2"].id])
    t["other_project"] = programme.project()
    with app.app_context():
        now = clock.now()
        starts = datetime(2026, 12, 1, 19, 0, tzinfo=TZ)
        qa = QaSession(class_id=t["klass"], title="专家答疑", starts_at=starts, ends_at=starts + timedelta(hours=1),
                       created_at=now)
        qa.experts = [db.session.get(User, t["host"].id)]
        db.session.add(qa)
        profile = ExpertProfile(user_id=t["reviewer"].id, subject="数学", stage="初中", title="正高级教师",
                                organisation="南京市教研室", created_at=now)
        review = CourseReview(course_id=t["course"], round=1, state="published", submitted_at=now)
        db.session.add_all([profile, review])
        db.session.flush()
        db.session.add(CourseReviewer(review_id=review.id, profile_id=profile.id, assigned_at=now))
        db.session.commit()
        t["qa"] = qa.id
    api._tokens.clear()
    return t
