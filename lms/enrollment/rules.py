"""Enrollment's rules as pure functions of plain values (docs/RULES.md); the services gather the facts."""
from __future__ import annotations

from collections.abc import Iterable

CONSECUTIVE_YEAR = "consecutive_year"


def took_series_the_year_before(project_year: int, years_taken: Iterable[int]) -> bool:
    """J2b: did the teacher take a project of the same series in the year before ``project_year``?

    ``years_taken``: the years of the series' projects the teacher took (active or finished enrollments)."""
    return project_year - 1 in set(years_taken)


def needs_waiver(*, rule_on: bool, project_year: int, years_taken: Iterable[int]) -> bool:
    """J2b: the enrollment stands only on a province admin's waiver (the switch is per project: "原则上")."""
    return rule_on and took_series_the_year_before(project_year, years_taken)


def consecutive_year_refusal(*, rule_on: bool, project_year: int, years_taken: Iterable[int],
                             waived: bool) -> str | None:
    """J2b: ``"consecutive_year"`` when the teacher may not take the project, else None."""
    if needs_waiver(rule_on=rule_on, project_year=project_year, years_taken=years_taken) and not waived:
        return CONSECUTIVE_YEAR
    return None
