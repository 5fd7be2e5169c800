"""Demo step: live research points (lms.live.points) — the tutors' title grades, ended sessions of this term with
the hosts' presence, learners from across the province (a few of the host's own county, who earn it nothing),
their feedback and a review's report, so the statement, the settlement and the stars show real figures; and the
term before, its settlement confirmed by the province."""
from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from lms.core import clock
from lms.live import points, rules, statements
from lms.live.models import LiveBooking, LiveFeedback, LivePresence, LiveReviewReport, LiveSession, LiveTerm
from lms.org.models import RoleAssignment, User

REFLECTIONS = (
    "这次研修围绕课堂提问的层次展开，导师用两个真实课例说明了如何由事实性问题逐步过渡到开放性问题，"
    "让我意识到自己平时的提问大多停留在记忆层面。回到学校后，我准备在下周的公开课上尝试设计问题链，"
    "并用学生的回答反过来调整追问的方式。建议以后能多提供一些不同学段的课例，也希望能把讨论环节的时间再延长一些，"
    "方便我们把自己的教学困惑提出来。",
    "导师对作业设计的讲解很实用，特别是分层作业和跨学科作业的示例，给了我很多启发。我反思了自己布置作业时"
    "只关注数量、忽视反馈的问题，今后准备把作业批改中的典型错误整理成微课，帮助学生自主订正。"
    "希望平台后续能把本次研修的课件和录像开放下载，便于我们教研组集体学习，也希望下次能安排更多的互动问答时间。",
)
REPORT = ("检课报告：本节课教学目标清晰，情境导入贴近学生生活，学生活动设计有层次，小组合作分工明确。"
          "不足之处在于讨论后的展示环节偏短，教师追问不够深入，部分学生的思维过程没有充分暴露。"
          "建议在小组讨论后增加展示与追问，利用学生的典型错误组织二次讨论，并在课末留出时间让学生自我总结。"
          "作业设计可以增加一道开放性任务，引导学生把课堂所学迁移到真实问题中去。")


def _weekend_days(first: date, last: date, n: int) -> list[date]:
    """The last ``n`` Saturdays and Sundays in [first, last], latest first."""
    days, day = [], last
    while day >= first and len(days) < n:
        if day.weekday() >= 5:
            days.append(day)
        day -= timedelta(days=1)
    return days


def _session(session, host: User, form: str, title: str, starts: datetime, minutes: int, capacity: int,
             co_reviewers: tuple[User, ...] = ()) -> LiveSession:
    live = LiveSession(form=form, title=title, description="", host_id=host.id, org_unit_id=host.org_unit_id,
                       created_by_id=host.id, co_reviewer_ids=[u.id for u in co_reviewers], starts_at=starts,
                       ends_at=starts + timedelta(minutes=minutes), capacity=capacity, status="ended",
                       meeting_key=f"lms-live-{secrets.token_hex(12)}", host_secret=secrets.token_urlsafe(16),
                       guest_secret=secrets.token_urlsafe(16), created_at=starts - timedelta(days=7))
    session.add(live)
    session.flush()
    return live


def _present(session, live: LiveSession, user: User, minutes: int) -> None:
    start = live.starts_at.timestamp()
    session.add(LivePresence(session_id=live.id, user_id=user.id, page_key=f"demo-{user.id}", old_keys=[],
                             beat_at=live.starts_at + timedelta(minutes=minutes), visible=True, in_room=True,
                             intervals=[[start, start + minutes * 60]]))


def _attend(session, ctx, live: LiveSession, learner: User, minutes: int, *, late: bool = False,
            feedback: bool = True) -> None:
    live.bookings.append(LiveBooking(user_id=learner.id, status="booked", booked_at=live.created_at))
    _present(session, live, learner, minutes)
    if feedback:
        rng = ctx.rng
        rating = rng.choice((5, 5, 5, 4, 4, 3))
        satisfaction = {5: "very_satisfied", 4: "satisfied", 3: "neutral"}[rating]
        given = live.ends_at + (timedelta(days=9) if late else timedelta(hours=rng.randint(1, 72)))
        session.add(LiveFeedback(session_id=live.id, user_id=learner.id, rating=rating, satisfaction=satisfaction,
                                 reflection=rng.choice(REFLECTIONS), created_at=given))


def _tutors(session, ctx) -> list[User]:
    from lms.demo.loader import _busiest_tutor

    busiest = _busiest_tutor(session, ctx)
    others = session.scalars(select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
                             .where(RoleAssignment.role == "tutor", User.id != busiest.id).order_by(User.id)).all()
    return [busiest, *others[:2]]


def _local_tutor(session, ctx, teachers: list[User]) -> User:
    """A teacher of the showcase county (not of the showcase school) who also tutors: its city's and county's
    admins see it in their settlement, and its own county's learners earn it nothing."""
    from lms.demo.loader import SHOWCASE_COUNTY

    local = next(t for t in teachers if t.org_unit.code.startswith(SHOWCASE_COUNTY)
                 and t.org_unit_id != ctx.showcase_school_id)
    if not local.has_role("tutor"):  # the tutors step may have approved it already
        local.role_assignments.append(RoleAssignment(role="tutor", org_unit_id=local.org_unit_id))
        session.flush()
    return local


def _learners(tutors: list[User], teachers: list[User], *, own: User | None = None) -> list[User]:
    """Teachers of none of the tutors' schools or counties (``own``: of that tutor's county instead)."""
    if own is not None:
        county = own.org_unit.county_id
        return [t for t in teachers if t.org_unit.county_id == county and t.org_unit_id != own.org_unit_id]
    return [t for t in teachers if not any(points.same_place(statements.place_of(u), statements.place_of(t))
                                           for u in tutors)]


def _term_sessions(session, ctx, term: LiveTerm, days: list[date], tutors: list[User], learners: list[User],
                   own: list[User], *, first_lecture: LiveSession | None) -> None:
    """Ended sessions of a term: lectures, a one-to-one, a review with its report, with feedback."""
    tz = clock.local_tz()
    host, second, third, local = tutors
    at = lambda day, hour: datetime.combine(day, time(hour), tz)  # noqa: E731
    busy = first_lecture or _session(session, host, rules.LECTURE, "名师直播讲堂：课堂提问的设计", at(days[0], 9), 90,
                                     200)
    _present(session, busy, host, 90)
    for i, learner in enumerate(learners[:36]):
        _attend(session, ctx, busy, learner, 90 if i % 4 else 60, late=i % 9 == 8)
    local_lecture = _session(session, local, rules.LECTURE, "名师直播讲堂：小学数学说理课", at(days[0], 14), 60, 200)
    _present(session, local_lecture, local, 60)
    for learner in [*learners[24:36], *own[:4]]:  # its own county's four count for nothing
        _attend(session, ctx, local_lecture, learner, 60)
    if len(days) > 1:
        other = _session(session, second, rules.LECTURE, "名师直播讲堂：大单元作业设计", at(days[1], 14), 75, 200)
        _present(session, other, second, 75)
        for learner in learners[:14]:
            _attend(session, ctx, other, learner, 75)
        one = _session(session, host, rules.ONE_TO_ONE, "一对一实时研修：作业分层答疑", at(days[1], 19), 40, 1)
        _present(session, one, host, 40)
        _attend(session, ctx, one, learners[20], 40)
    if len(days) > 2:
        review = _session(session, host, rules.REVIEW, "开放式检课：《认识分数》课堂诊断", at(days[2], 15), 60, 1,
                          co_reviewers=(second, third))
        for reviewer, minutes in ((host, 60), (second, 55), (third, 30)):
            _present(session, review, reviewer, minutes)
        _attend(session, ctx, review, learners[21], 60)
        session.add(LiveReviewReport(session_id=review.id, author_id=host.id, body=REPORT,
                                     created_at=review.ends_at + timedelta(days=1)))
        third_lecture = _session(session, third, rules.LECTURE, "名师直播讲堂：跨学科主题学习", at(days[2], 9), 60, 200)
        _present(session, third_lecture, third, 60)
        for learner in learners[5:12]:
            _attend(session, ctx, third_lecture, learner, 60)


def live_points_step(session, ctx) -> None:
    from lms.demo.live import _term
    from lms.demo.loader import _showcase_learner

    showcase = _showcase_learner(session, ctx)  # keeps its own past lecture, its feedback still to give
    tutors = _tutors(session, ctx)
    teachers = [t for t in ctx.teachers if t.id != showcase.id and t.id not in {u.id for u in tutors}]
    tutors.append(_local_tutor(session, ctx, teachers))
    teachers.remove(tutors[-1])
    for tutor, grade in zip(tutors, ("senior", "leader", "other", "leader")):
        tutor.title_grade = grade
    learners = _learners(tutors, teachers)[::7]
    own = _learners(tutors, teachers, own=tutors[-1])
    if len(learners) < 40:
        return  # a tree too small for the figures to mean anything
    term = session.scalar(select(LiveTerm).order_by(LiveTerm.starts_on.desc()))
    yesterday = ctx.today - timedelta(days=1)
    days = _weekend_days(term.starts_on, min(term.ends_on, yesterday), 6)[1::2][:3]
    if days:
        past = session.scalar(select(LiveSession).where(LiveSession.host_id == tutors[0].id,
                                                        LiveSession.form == rules.LECTURE,
                                                        LiveSession.ends_at <= clock.now())
                              .order_by(LiveSession.starts_at))
        in_term = past is not None and term.starts_on <= past.starts_at.astimezone(clock.local_tz()).date() <= term.ends_on
        _term_sessions(session, ctx, term, days, tutors, learners, own, first_lecture=past if in_term else None)
    # The term before, settled by the province's admins.
    name, first, last = _term(term.starts_on - timedelta(days=30))
    before = LiveTerm(name=name, starts_on=first, ends_on=min(last, term.starts_on - timedelta(days=1)))
    session.add(before)
    session.flush()
    _term_sessions(session, ctx, before, _weekend_days(first, before.ends_on - timedelta(days=14), 6)[1::2][:3],
                   tutors, learners[3:], own, first_lecture=None)
    session.flush()
    statements.settle(session, ctx.admins["province"], before)
    session.flush()
