"""The organisation awards' arithmetic (B18): indicators, normalisation, the composite, ranks and ties."""
from __future__ import annotations

from decimal import Decimal as D

from lms.tutoring import award_rules as r


def unit(uid, name, students=1, minutes=0, scores=(), keys=0, tutors=()):
    return r.UnitTerm(uid, name, students, minutes, tuple(scores), keys, tuple(tutors))


def test_indicators_are_per_student_account_and_per_key_teacher():
    i = r.indicators(unit(1, "甲", students=4, minutes=90, scores=(9, 8), keys=3,
                          tutors=((60, D(26)), (30, D(13)))))
    assert (i.student_minutes, i.evaluation, i.key_share, i.key_minutes, i.key_points) == \
        (D("22.50"), D("8.50"), D("66.67"), D("45.00"), D("19.50"))
    empty = r.indicators(unit(2, "乙", students=0))
    assert (empty.student_minutes, empty.evaluation, empty.key_share, empty.key_points) == (0, None, 0, 0)


def test_normalise_scales_to_the_best_and_zeroes_the_missing():
    assert r.normalise([D(30), D(15), None, D(0)]) == [D(100), D(50), D(0), D(0)]
    assert r.normalise([D(0), None]) == [D(0), D(0)]
    assert r.normalise([D(7), D(7)]) == [D(100), D(100)]


def test_rank_weighs_the_indicators_equally_and_shares_ranks_on_ties():
    assert sum(r.WEIGHTS.values()) == 1
    ranked = r.rank([unit(3, "丙", minutes=30, scores=(9,)), unit(1, "乙", minutes=30, scores=(9,)),
                     unit(2, "甲", minutes=60, scores=(9,), keys=1, tutors=((60, D(26)),)), unit(4, "丁")])
    assert [(x.unit.unit_id, x.score, x.rank) for x in ranked] == \
        [(2, D(100), 1), (3, D(30), 2), (1, D(30), 2), (4, D(0), 4)]  # equal: by name
    assert ranked[1].normalised == {"student_minutes": D(50), "evaluation": D(100), "key_share": D(0),
                                    "key_minutes": D(0), "key_points": D(0)}


def test_the_top_n_takes_a_tie_on_its_last_place_and_no_unit_without_tutoring():
    ranked = r.rank([unit(1, "甲", minutes=60), unit(2, "乙", minutes=30), unit(3, "丙", minutes=30), unit(4, "丁")])
    assert [x.unit.unit_id for x in r.top(ranked, 2)] == [1, 3, 2]
    assert [x.unit.unit_id for x in r.top(ranked, 1)] == [1]
    assert [x.unit.unit_id for x in r.top(ranked, 10)] == [1, 3, 2]
    picked, unknown = r.chosen(ranked, [3, 9])
    assert [x.unit.unit_id for x in picked] == [3] and unknown == {9}
