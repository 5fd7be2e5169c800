"""J4, J8, J9: a stateful model of the cascade built only from the pure quota rules.

A small province (2 cities × 2 counties × 2 schools) with random hand-downs,
enrollments, cancels and replaces. After every step: ``allocated`` is the sum of
the children's seats, ``enrolled`` the unit's active enrollments, and
``allocated + enrolled <= seats`` with ``available`` exact. Every refusal is
checked against an oracle: "would applying the change break a unit's invariant?".
"""
from __future__ import annotations

from hypothesis import settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from lms.quotas.rules import (
    QUOTA_BELOW_USAGE, QUOTA_EXCEEDS_PARENT, QUOTA_EXHAUSTED, QuotaFigures, after_cancel,
    after_enroll, after_set_seats, check_can_enroll, check_set_seats, child_level,
    parent_capacity_for,
)

TEACHERS_PER_SCHOOL = 3


def build_tree() -> tuple[dict[str, str | None], dict[str, str]]:
    """unit -> parent, unit -> level; names like P, P.1, P.1.2, P.1.2.1."""
    parents: dict[str, str | None] = {"P": None}
    levels = {"P": "province"}
    frontier = ["P"]
    while frontier:
        unit = frontier.pop()
        below = child_level(levels[unit])
        if below is None:
            continue
        for i in (1, 2):
            child = f"{unit}.{i}"
            parents[child], levels[child] = unit, below
            frontier.append(child)
    return parents, levels


PARENTS, LEVELS_OF = build_tree()
UNITS = sorted(PARENTS)
SCHOOLS = [u for u in UNITS if LEVELS_OF[u] == "school"]


class QuotaCascade(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.figures = {unit: QuotaFigures(0) for unit in UNITS}
        self.enrollments: list[dict] = []  # {school, teacher, status}

    # --- helpers ---
    def active(self, school: str | None = None) -> list[dict]:
        return [e for e in self.enrollments
                if e["status"] == "active" and (school is None or e["school"] == school)]

    def children(self, unit: str) -> list[str]:
        return [u for u, p in PARENTS.items() if p == unit]

    # --- rules ---
    @rule(unit=st.sampled_from(UNITS), seats=st.integers(0, 40))
    def set_seats(self, unit, seats):
        parent = PARENTS[unit]
        current = self.figures[unit]
        capacity = None if parent is None else parent_capacity_for(self.figures[parent], current.seats)
        error = check_set_seats(current, seats, capacity)

        # Oracle: apply blindly, see whether any invariant would break.
        child_ok = self.figures[unit].used <= seats
        parent_ok = True
        if parent is not None:
            p = self.figures[parent]
            parent_ok = p.allocated - current.seats + seats + p.enrolled <= p.seats
        if not child_ok:
            assert error == QUOTA_BELOW_USAGE
        elif not parent_ok:
            assert error == QUOTA_EXCEEDS_PARENT
        else:
            assert error is None

        if error is None:
            new_parent, new_child = after_set_seats(
                None if parent is None else self.figures[parent], current, seats)
            self.figures[unit] = new_child
            if parent is not None:
                assert new_parent is not None
                self.figures[parent] = new_parent

    @initialize(seats=st.integers(0, 60))
    def province_total(self, seats):
        self.set_seats("P", seats)

    @rule(school=st.sampled_from(SCHOOLS), extra=st.integers(1, 4))
    def hand_down_path(self, school, extra):
        """City → county → school, each admin handing a few more seats down (may be refused)."""
        path, unit = [], PARENTS[school]
        path.append(school)
        while unit is not None and PARENTS[unit] is not None:
            path.append(unit)
            unit = PARENTS[unit]
        for unit in reversed(path):
            self.set_seats(unit, self.figures[unit].seats + extra)

    @rule(school=st.sampled_from(SCHOOLS), teacher=st.integers(0, TEACHERS_PER_SCHOOL - 1))
    def enroll(self, school, teacher):
        if any(e["teacher"] == teacher for e in self.active(school)):
            return  # already_enrolled: not the quota's business
        f = self.figures[school]
        error = check_can_enroll(f)
        free = f.seats - sum(self.figures[c].seats for c in self.children(school)) - len(self.active(school))
        assert (error == QUOTA_EXHAUSTED) == (free < 1)
        if error is None:
            self.figures[school] = after_enroll(f)
            self.enrollments.append({"school": school, "teacher": teacher, "status": "active"})

    @precondition(lambda self: bool(self.active()))
    @rule(data=st.data())
    def cancel(self, data):
        e = data.draw(st.sampled_from(self.active()))
        e["status"] = "cancelled"
        self.figures[e["school"]] = after_cancel(self.figures[e["school"]])

    @precondition(lambda self: bool(self.active()))
    @rule(data=st.data())
    def replace(self, data):
        e = data.draw(st.sampled_from(self.active()))
        busy = {x["teacher"] for x in self.active(e["school"])}
        free_teachers = [t for t in range(TEACHERS_PER_SCHOOL) if t not in busy]
        if not free_teachers:
            return
        # The seat moves to the new teacher: no quota check, figures unchanged.
        before = self.figures[e["school"]]
        e["status"] = "replaced"
        self.enrollments.append({"school": e["school"], "teacher": free_teachers[0], "status": "active"})
        assert self.figures[e["school"]] == before

    # --- invariants ---
    @invariant()
    def cascade_is_exact(self):
        for unit in UNITS:
            f = self.figures[unit]
            assert f.allocated == sum(self.figures[c].seats for c in self.children(unit))
            assert f.enrolled == len(self.active(unit))
            assert f.allocated + f.enrolled <= f.seats
            assert f.available == f.seats - f.allocated - f.enrolled >= 0

    @invariant()
    def never_more_enrollments_than_seats(self):
        for school in SCHOOLS:
            assert len(self.active(school)) <= self.figures[school].seats
        # Over the whole province too: enrollments never exceed the root's seats.
        assert len(self.active()) <= self.figures["P"].seats

    @invariant()
    def only_schools_enroll(self):
        for unit in UNITS:
            if LEVELS_OF[unit] != "school":
                assert self.figures[unit].enrolled == 0


QuotaCascade.TestCase.settings = settings(max_examples=150, stateful_step_count=60, deadline=None)
test_j4_j8_quota_cascade_state_machine = QuotaCascade.TestCase
