"""The expert pool's and course review's rows of the permission table (tests/web/test_permission_table.py),
kept with the domain like tests/live/permission_rows.py. Wired in three lines:

    SCOPED |= EXPERT_SCOPED                        # after SCOPED
    expert_extras(db.session, ids, users)          # in ``world``
    TABLE += expert_rows(row, ...)                 # after TABLE

The in objects belong to the world's county (so its county, city and province admins own them): a draft local
course, and a course in review with the world's expert assigned. The out ones belong to another city's county,
with no reviewer. The profile is the world's expert's (the pool is the province's: no out variant).
"""
from __future__ import annotations

from sqlalchemy import select

from lms.core import clock
from lms.experts.models import CourseReview, CourseReviewer, ExpertProfile
from lms.org.models import User
from lms.projects.models import Course

EXPERT_SCOPED = {"review_id"}


def _course(session, unit_id: int, status: str) -> Course:
    course = Course(title="本地课程", subject="数学", stage="初中", required_minutes=60, created_at=clock.now(),
                    owner_unit_id=unit_id, status=status)
    session.add(course)
    session.flush()
    return course


def expert_extras(session, ids: dict, users: dict) -> None:
    now = clock.now()
    expert = session.scalar(select(User).where(User.username == users["expert"]))
    profile = session.scalar(select(ExpertProfile).where(ExpertProfile.user_id == expert.id))
    ids["profile_id"] = {"in": profile.id, "out": profile.id}
    ids["draft_course_id"], ids["review_id"] = {}, {}
    for k in ("in", "out"):
        unit = ids["county_id"][k]
        ids["draft_course_id"][k] = _course(session, unit, "draft").id
        review = CourseReview(course=_course(session, unit, "in_review"), round=1, state="open", submitted_at=now)
        if k == "in":
            review.reviewers.append(CourseReviewer(profile=profile, assigned_at=now))
        session.add(review)
        session.flush()
        ids["review_id"][k] = review.id


def expert_rows(row, *, ADMINS, PA) -> list:
    POOL = ADMINS | {"expert"}  # admins choose from the pool; experts see their colleagues
    SELECTORS = {"city_admin", "county_admin"}
    OWNERS = SELECTORS | PA  # the course's county and the levels above it
    EX = {"expert"}
    draft = {"course_id": "@draft_course_id"}
    profile = {"subject": "数学", "stage": "初中", "title": "教授", "organisation": "南京师范大学"}
    scores = {"accuracy": 5, "curriculum_fit": 4, "production": 4, "comment": "好", "verdict": "approve"}
    return [
        # pages
        row("GET /experts/", POOL), row("POST /experts/", PA, lenient=True),
        row("GET /experts/<int:profile_id>", POOL), row("POST /experts/<int:profile_id>", PA, lenient=True),
        row("POST /experts/<int:profile_id>/retire", PA),
        row("POST /experts/<int:profile_id>/select", SELECTORS), row("POST /experts/<int:profile_id>/unselect", SELECTORS),
        row("GET /courses/<int:course_id>/edit", OWNERS, ids=draft),
        row("POST /courses/<int:course_id>/edit", OWNERS, ids=draft, lenient=True),
        row("POST /courses/<int:course_id>/review", OWNERS, ids=draft),
        row("GET /reviews/", OWNERS), row("GET /reviews/mine", EX),
        row("GET /reviews/<int:review_id>", OWNERS | EX, out=PA),
        row("POST /reviews/<int:review_id>/reviewers", OWNERS, out=PA, lenient=True),
        row("POST /reviews/<int:review_id>/evaluation", EX, out=set(), lenient=True),
        row("POST /reviews/<int:review_id>/publish", PA, out=PA, lenient=True),
        # API
        row("GET /api/v1/experts", POOL), row("POST /api/v1/experts", PA, lenient=True,
                                                body={**profile, "username": "nobody-here"}),
        row("GET /api/v1/experts/<int:profile_id>", POOL),
        row("PATCH /api/v1/experts/<int:profile_id>", PA, body={"title": "教授"}),
        row("POST /api/v1/experts/<int:profile_id>/retire", PA),
        row("PUT /api/v1/experts/<int:profile_id>/selection", SELECTORS),
        row("DELETE /api/v1/experts/<int:profile_id>/selection", SELECTORS),
        row("GET /api/v1/experts/candidates", OWNERS),
        row("PATCH /api/v1/courses/<int:course_id>", OWNERS, ids=draft, body={"title": "改正"}),
        row("POST /api/v1/courses/<int:course_id>/review", OWNERS, ids=draft, body={"note": "请审核"}),
        row("GET /api/v1/course-reviews", OWNERS), row("GET /api/v1/me/course-reviews", EX),
        row("GET /api/v1/course-reviews/<int:review_id>", OWNERS | EX, out=PA),
        row("POST /api/v1/course-reviews/<int:review_id>/reviewers", OWNERS, out=PA, lenient=True,
            body={"profile_ids": ["@profile_id"]}),
        row("PUT /api/v1/course-reviews/<int:review_id>/evaluation", EX, out=set(), body=scores),
        row("POST /api/v1/course-reviews/<int:review_id>/publish", PA, out=PA, lenient=True),
    ]
