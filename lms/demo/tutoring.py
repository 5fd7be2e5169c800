"""Demo step: students' tutoring (lms.tutoring) — the showcase school's students (the printed ``student``), a past
one-to-one hour rated both ways, a coming one-to-one slot and a one-to-many session with seats left, hosted by the
busiest tutor, and a waiting "any free tutor now" request."""
from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta

from lms.core import clock
from lms.demo import names
from lms.org.models import OrgUnit, RoleAssignment, User
from lms.tutoring.models import TutoringBooking, TutoringPresence, TutoringRequest, TutoringSession

STUDENTS = 6


def tutoring_step(session, ctx) -> None:
    from lms.demo.loader import _busiest_tutor

    tz, now = clock.local_tz(), clock.now()
    school = session.get(OrgUnit, ctx.showcase_school_id)
    students = []
    for n in range(STUDENTS):
        username = "student" if n == 0 else f"s{school.code}{n:02d}"
        person = User(username=username, name=names.person_name(ctx.rng), org_unit=school,
                      password_hash=ctx.password_hash, must_change_password=False, created_at=now)
        person.role_assignments = [RoleAssignment(role="student", org_unit=school)]
        students.append(person)
    session.add_all(students)
    session.flush()
    tutor = _busiest_tutor(session, ctx)

    def add(kind, topic, starts, minutes, capacity, booked, subject="数学"):
        row = TutoringSession(kind=kind, topic=topic, subject=subject, tutor_id=tutor.id,
                              org_unit_id=tutor.org_unit_id, starts_at=starts,
                              ends_at=starts + timedelta(minutes=minutes), capacity=capacity, on_demand=False,
                              status="open", meeting_key=f"lms-tutoring-{secrets.token_hex(12)}",
                              host_secret=secrets.token_urlsafe(16), guest_secret=secrets.token_urlsafe(16),
                              created_at=now - timedelta(days=7))
        for person in booked:
            row.bookings.append(TutoringBooking(student_id=person.id, status="booked", booked_at=row.created_at))
        session.add(row)
        return row

    past_day = ctx.today - timedelta(days=2)
    past = add("one_to_one", "一元二次方程的解法答疑", datetime.combine(past_day, time(19), tz), 40, 1, students[:1])
    group = add("group", "初三物理：浮力专题", datetime.combine(past_day, time(20), tz), 60, 10, students[:4],
                subject="物理")
    session.flush()
    for row, who, minutes in ((past, [tutor, students[0]], 35), (group, [tutor, *students[:3]], 55)):
        begin = row.starts_at.timestamp()
        for person in who:
            session.add(TutoringPresence(session_id=row.id, user_id=person.id, page_key="demo", old_keys=[],
                                         beat_at=row.starts_at + timedelta(minutes=minutes), visible=True,
                                         in_room=True, intervals=[[begin, begin + minutes * 60]]))
    rated = now
    past.bookings[0].rating, past.bookings[0].rated_at = 5, rated
    past.bookings[0].score, past.bookings[0].scored_at = 9, rated
    for booking, stars in zip(group.bookings, (4, 5, 3)):
        booking.rating, booking.rated_at = stars, rated
    coming = datetime.combine(ctx.today + timedelta(days=1), time(19), tz)
    add("one_to_one", "几何证明一对一", coming, 30, 1, [])
    add("group", "初二数学：函数图像专题", coming + timedelta(hours=1), 45, 8, students[1:3])
    session.add(TutoringRequest(student_id=students[4].id, subject="英语", question="完形填空总是错，想请老师讲讲方法。",
                                status="waiting", created_at=now))
    session.flush()
