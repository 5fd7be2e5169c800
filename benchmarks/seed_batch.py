"""Seed a throw-away database with one batch of many enrollments spread over the real Jiangsu tree,
with study time, quiz results, forum posts and (optionally) stored grades — for the report and grade
benchmarks. Bulk inserts through SQLAlchemy Core: seconds for 100,000 rows on PostgreSQL.

``earlier_batches`` puts that many earlier batches of the same project, each as large and ended, in the tables
first, as a real year's later batches find them; the returned ids are those of the last batch."""
from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import insert, select


def seed_batch(session, learners: int, *, with_grades: bool, seed: int = 7, class_size: int | None = None,
               running: bool = False, earlier_batches: int = 0) -> dict:
    """``class_size``: learners per class (one class for all when None); ``running``: the batch is in its
    second week today instead of ended six days ago."""
    from lms.assignments.models import Assignment
    from lms.core import clock
    from lms.demo import jiangsu
    from lms.org import services
    from lms.org.models import OrgUnit, RoleAssignment, User
    from lms.projects.models import Course, Project

    rng = random.Random(seed)
    now = clock.now()
    today = clock.local_today("Asia/Shanghai")
    province = services.create_root(session, jiangsu.PROVINCE_NAME, jiangsu.PROVINCE_CODE)
    schools = []
    for city in jiangsu.CITIES:
        c = services.create_unit(session, None, province, city.name, "city", city.code, city.teacher_count)
        for county in city.counties:
            k = services.create_unit(session, None, c, county.name, "county", county.code, county.teacher_count)
            for i in range(1, 9):
                schools.append(services.create_unit(session, None, k, f"{county.name}学校{i}", "school",
                                                    jiangsu.school_code(county.code, i), 200))
    project = Project(code="BENCH", name="基准项目", year=today.year, series="bench", calendar="none", created_at=now)
    course = Course(title="基准课程", subject="数学", stage="小学", required_minutes=600, created_at=now)
    session.add_all([project, course])
    session.flush()
    quiz = Assignment(course_id=course.id, kind="objective", title="测验", questions=[], created_at=now)
    session.add(quiz)
    session.flush()
    users = [{"username": f"b{i:06d}", "name": "学员", "org_unit_id": schools[i % len(schools)].id,
              "password_hash": "x", "is_active_account": True, "failed_logins": 0, "must_change_password": False,
              "session_version": 1, "created_at": now} for i in range(learners)]
    ids = session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True), users).all()
    session.execute(insert(RoleAssignment), [{"user_id": uid, "role": "teacher", "org_unit_id": u["org_unit_id"]}
                                             for uid, u in zip(ids, users)])
    # A teacher takes at most one batch at a time, so the same teachers serve every batch.
    learners_at = [(uid, u["org_unit_id"]) for uid, u in zip(ids, users)]
    starts_on = today - timedelta(days=5 if running else 25)
    last = earlier_batches + 1
    for number in range(1, last + 1):  # the earlier batches, 20 days apart, then the one returned
        batch, classes, enrollments = _seed_one(
            session, rng, project, course, quiz, learners_at, number=number, with_grades=with_grades,
            starts_on=starts_on - timedelta(days=20 * (last - number)), running=running and number == last,
            class_size=class_size)
    session.commit()
    return {"province_id": province.id, "batch_id": batch.id, "enrollments": len(enrollments),
            "class_ids": [c.id for c in classes], "course_id": course.id, "quiz_id": quiz.id,
            "project_id": project.id, "school_ids": [school.id for school in schools],
            "province": session.scalar(select(OrgUnit).where(OrgUnit.id == province.id))}


def _seed_one(session, rng, project, course, quiz, learners_at, *, number, with_grades, starts_on, running,
              class_size):
    """One batch of the project: its classes, an enrollment of every learner with their study time, quiz results,
    posts and (``with_grades``) grades, and the schools' seats."""
    from lms.assignments.models import Submission
    from lms.core import clock
    from lms.enrollment.models import Enrollment
    from lms.forum.models import ForumPost
    from lms.grading.models import Grade
    from lms.projects.models import Batch, TrainingClass
    from lms.quotas.models import Quota
    from lms.tracking.models import StudyTotal

    now = clock.now()
    learners = len(learners_at)
    batch = Batch(project_id=project.id, number=number, starts_on=starts_on, ends_on=starts_on + timedelta(days=19),
                  registration_opens_at=now - timedelta(days=31), registration_closes_at=now - timedelta(days=6))
    session.add(batch)
    session.flush()
    size = class_size or max(learners, 1)
    classes = [TrainingClass(course_id=course.id, batch_id=batch.id, name=f"基准班{n + 1}", created_at=now)
               for n in range(max(1, -(-learners // size)))]
    session.add_all(classes)
    session.flush()
    class_of = [classes[i // size].id for i in range(learners)]
    enrollments = session.scalars(insert(Enrollment).returning(Enrollment.id, sort_by_parameter_order=True), [
        {"class_id": class_of[i], "batch_id": batch.id, "teacher_id": uid, "school_id": school_id,
         "status": "active", "created_at": now} for i, (uid, school_id) in enumerate(learners_at)]).all()
    class_by_enrollment = dict(zip(enrollments, class_of))
    ids = [uid for uid, _ in learners_at]
    per_school: dict[int, int] = {}
    for _, school_id in learners_at:
        per_school[school_id] = per_school.get(school_id, 0) + 1
    session.execute(insert(Quota), [{"batch_id": batch.id, "org_unit_id": sid, "seats": n + 5, "allocated": 0,
                                     "enrolled": n} for sid, n in per_school.items()])
    session.execute(insert(StudyTotal), [{"enrollment_id": e, "credited_seconds": rng.uniform(0, 40000),
                                          "day_seconds": 0.0, "started_at": now, "updated_at": now}
                                         for e in enrollments if rng.random() < 0.9])
    session.execute(insert(Submission), [
        {"assignment_id": quiz.id, "enrollment_id": e, "class_id": class_by_enrollment[e], "learner_id": uid,
         "kind": "objective", "version": 1, "submitted_at": now, "answers": [],
         "score_percent": rng.choice([60.0, 80.0, 100.0]), "excellent": False}
        for e, uid in zip(enrollments, ids) if rng.random() < 0.8])
    session.execute(insert(ForumPost), [
        {"class_id": class_by_enrollment[e], "author_id": uid, "enrollment_id": e, "title": "讨论", "body": "研讨内容" * 5,
         "counts": True, "featured": False, "pinned": False, "hidden": False, "reply_count": 0, "created_at": now,
         "last_activity_at": now} for e, uid in zip(enrollments, ids) if rng.random() < 0.6])
    if with_grades:
        session.execute(insert(Grade), [
            {"enrollment_id": e, "class_id": class_by_enrollment[e], "total": round(rng.uniform(40, 100), 2),
             "passed": False, "excellent": False, "plagiarism": False, "final": not running, "components": {},
             "hints": [], "computed_at": now} for e in enrollments])
    return batch, classes, enrollments
