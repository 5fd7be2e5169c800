"""The term's figures, fee and stars as pure rules (lms/tutoring/term_rules.py)."""
from __future__ import annotations

from decimal import Decimal

from lms.tutoring import term_rules as r


def held(tutor=1, month="2026-11", points="13", minutes=30, students=(10,), ratings=(4,)):
    return r.Held(tutor, month, Decimal(points), minutes, frozenset(students), tuple(ratings))


def test_a_tutors_term_adds_sessions_adoptions_and_settled_lessons_by_month():
    figures = r.add_up([held(), held(month="2026-12", points="15.6", students=(10, 11), ratings=(5, 3)),
                        held(minutes=0, points="0")],  # no tutoring time: not held
                       [r.Earned(1, "2026-11", r.ADOPTION, 3), r.Earned(1, "2026-12", r.LESSON, 35),
                        r.Earned(2, "2026-12", r.ADOPTION, 2)])
    one = figures[1]
    assert [m.month for m in one.months] == ["2026-11", "2026-12"]
    assert (one.months[0].points, one.months[1].points) == (Decimal(16), Decimal("50.6"))
    assert (one.session_points, one.adoption_points, one.lesson_points, one.points) == \
        (Decimal("28.6"), 3, 35, Decimal("66.6"))
    assert (one.sessions, one.minutes, one.hours, one.students, one.mean_rating) == \
        (2, 60, Decimal("1.0"), 2, Decimal(4))
    assert (figures[2].points, figures[2].sessions, figures[2].mean_rating) == (Decimal(2), 0, None)


def test_the_fee_is_ten_yuan_a_point_times_the_title_coefficient():
    assert r.fee(Decimal("26"), "senior") == Decimal("364.00")
    assert r.fee(Decimal("12.5"), "leader") == Decimal("150.00")
    assert r.fee(Decimal("15"), None) == Decimal("150.00")
    assert r.coefficient("other") == Decimal("1.0")


def test_star_tutors_need_two_sessions_and_a_mean_rating_of_four():
    rows = r.add_up([held(1), held(1, ratings=(5,)), held(2, points="40"), held(3, points="9"),
                     held(3, points="9", ratings=(3,)), held(4, points="20"), held(4, points="20")], [])
    assert [t.tutor_id for t in r.star_tutors(rows.values())] == [4, 1]  # 2: one session; 3: rating 3.5
    assert len(r.star_tutors([rows[1]] * 12)) == r.STARS_PER_TERM


def test_star_students_by_minutes_with_good_scores_and_no_misconduct():
    attended = [r.Attended(10, 30, 9), r.Attended(10, 40, 8), r.Attended(11, 60, 10), r.Attended(11, 60, 9),
                r.Attended(12, 30, 7), r.Attended(12, 30, 8), r.Attended(13, 90, 10), r.Attended(14, 0, 10),
                r.Attended(14, 0, 10)]
    students = r.students_of(attended, {11: 1})
    assert {s.student_id for s in students} == {10, 11, 12, 13}  # 14 was never tutored
    # 11: misconduct; 12: mean 7.5; 13: one session
    assert [s.student_id for s in r.star_students(students)] == [10]
    assert r.star_students(students)[0].mean_score == Decimal("8.50")
