"""Demo step: activities (lms.activities) in the running batch — the city's live lecture two days ago with its
attendance recorded, the showcase school's offline discussion yesterday, a live lecture to come (all three approved by
the province), a practice session of the showcase learner's class called off (its learners notified), a guidance
session of that class moved and still awaiting the province's approval — and one of the
showcase learner's posts featured by its tutor, so learners' grade explanations name them."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from lms.activities import services
from lms.core import clock
from lms.enrollment.models import Enrollment
from lms.forum import services as forum
from lms.forum.models import ForumPost
from lms.org.models import OrgUnit, RoleAssignment, User

CITY_LEARNERS_MARKED = 40  # the city's sheet: the showcase learner and the first others of the city


def _at(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour), clock.local_tz())


def _school_admin(session, ctx) -> User:
    return session.scalar(select(User).join(RoleAssignment).where(User.org_unit_id == ctx.showcase_school_id,
                                                                  RoleAssignment.role == "school_admin"))


def activities_step(session, ctx) -> None:
    from lms.demo.loader import _busiest_tutor, _showcase_learner

    learner = _showcase_learner(session, ctx)
    mine = session.scalar(select(Enrollment).where(Enrollment.teacher_id == learner.id,
                                                   Enrollment.batch_id == ctx.running.id))
    city_admin, school_admin = ctx.admins["city"], _school_admin(session, ctx)
    # The organisers act now, after the activities took place: the clock is the load's own.
    lecture = services.create(session, city_admin, services.NewActivity(
        kind="live_lecture", title="市级直播讲座：大单元教学设计", batch_id=ctx.running.id,
        starts_at=_at(ctx.today - timedelta(days=2), 19), ends_at=_at(ctx.today - timedelta(days=2), 19)
        + timedelta(minutes=90), room_url="https://live.example.edu.cn/room/dadanyuan",
        description="市教研室组织的同步直播讲座，结束后由市项目办登记参与时长。"))
    city = session.get(OrgUnit, city_admin.org_unit_id)
    others = session.scalars(select(Enrollment.id).join(OrgUnit, Enrollment.school_id == OrgUnit.id).where(
        Enrollment.batch_id == ctx.running.id, Enrollment.status == "active", OrgUnit.city_id == city.id,
        Enrollment.id != mine.id).order_by(Enrollment.id).limit(CITY_LEARNERS_MARKED - 1)).all()
    marks = [services.Mark(mine.id, True, 90)] + [
        services.Mark(eid, True, ctx.rng.choice((0, 45, 60, 80, 90))) for eid in others]
    services.record_attendance(session, city_admin, lecture, marks, "直播平台导出的观看时长，已核对签到。")
    province_admin = ctx.admins["province"]
    services.review(session, province_admin, lecture, "approved")

    discussion = services.create(session, school_admin, services.NewActivity(
        kind="offline_discussion", title="校本线下研讨：作业设计与评价", batch_id=ctx.running.id,
        starts_at=_at(ctx.today - timedelta(days=1), 15), ends_at=_at(ctx.today - timedelta(days=1), 17),
        location="学校录播教室", capacity=60, description="结合本次培训课程，分学科交流作业设计案例。"))
    school = session.scalars(select(Enrollment.id).where(
        Enrollment.batch_id == ctx.running.id, Enrollment.status == "active",
        Enrollment.school_id == ctx.showcase_school_id).order_by(Enrollment.id)).all()
    services.record_attendance(session, school_admin, discussion,
                               [services.Mark(eid, eid == mine.id or ctx.rng.random() < 0.8) for eid in school],
                               "纸质签到表已扫描存档。")
    services.review(session, province_admin, discussion, "approved")

    upcoming = services.create(session, city_admin, services.NewActivity(
        kind="live_lecture", title="市级直播讲座：跨学科主题学习", batch_id=ctx.running.id,
        starts_at=_at(ctx.today + timedelta(days=3), 19), ends_at=_at(ctx.today + timedelta(days=3), 20)
        + timedelta(minutes=30), room_url="https://live.example.edu.cn/room/kuaxueke"))
    services.review(session, province_admin, upcoming, "approved")

    # A practice session of the showcase learner's class, called off: its learners find the notice.
    practice = services.create(session, city_admin, services.NewActivity(
        kind="practice", title="课堂观摩实践：作业讲评课", batch_id=ctx.running.id, class_ids=(mine.class_id,),
        starts_at=_at(ctx.today + timedelta(days=1), 14), ends_at=_at(ctx.today + timedelta(days=1), 16),
        room_url="https://live.example.edu.cn/room/guanmo"))
    services.cancel(session, city_admin, practice, "授课教师临时外出，改期另行通知。")

    # A guidance session of that class, moved a day later to another room: its learners find the new time. The
    # province has not reviewed it yet: its queue of activities to approve shows it.
    guidance = services.create(session, school_admin, services.NewActivity(
        kind="guidance", title="学情指导：单元作业答疑", batch_id=ctx.running.id, class_ids=(mine.class_id,),
        starts_at=_at(ctx.today + timedelta(days=2), 15), ends_at=_at(ctx.today + timedelta(days=2), 16),
        location="教学楼三楼会议室"))
    services.update(session, school_admin, guidance, services.Changes.of(
        guidance, starts_at=_at(ctx.today + timedelta(days=3), 15), ends_at=_at(ctx.today + timedelta(days=3), 16),
        location="图书馆二楼研讨室"))

    counted = select(ForumPost).where(ForumPost.counts.is_(True), ForumPost.hidden.is_(False)).order_by(ForumPost.id)
    post = (session.scalar(counted.where(ForumPost.enrollment_id == mine.id).limit(1))
            or session.scalar(counted.where(ForumPost.class_id == mine.class_id).limit(1)))
    if post is not None:
        forum.moderate(session, _busiest_tutor(session, ctx), post, featured=True)
