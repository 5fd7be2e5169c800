"""Briefings and summary reports of an area (J16b): which figures the template highlights and who reads what.
Pure functions of plain values (docs/RULES.md "J16b")."""
from __future__ import annotations

KINDS = ("briefing", "summary")
STATUSES = ("draft", "published")
LEVELS = ("province", "city", "county", "school")
# A child unit whose learners started less than this share is named in the template as lagging behind.
LAGGING_BELOW = 0.9


def rate(part: int | float, whole: int | float) -> float | None:
    """``part / whole`` rounded to 4 places; None when there is nothing to divide by."""
    return round(part / whole, 4) if whole else None


def percent(value: float | None) -> str:
    """A rate as the template writes it: 93.5%, or a dash when there is no figure."""
    return "—" if value is None else f"{value * 100:.1f}%"


def best_and_weakest(children: list[dict], key: str = "pass_rate") -> tuple[dict | None, dict | None]:
    """The child units with the highest and the lowest ``key`` among those with learners (ties: the first in
    order); the same unit twice when only one has learners, (None, None) when none."""
    counted = [c for c in children if c.get("enrolled") and c.get(key) is not None]
    if not counted:
        return None, None
    best = max(counted, key=lambda c: c[key])
    weakest = min(counted, key=lambda c: c[key])
    return best, weakest


def lagging(children: list[dict], below: float = LAGGING_BELOW) -> list[str]:
    """The names of the child units with learners whose participation (started / enrolled) is under ``below``."""
    return [c["name"] for c in children
            if c.get("enrolled") and (rate(c.get("started") or 0, c["enrolled"]) or 0) < below]


def ancestor_ids(path: dict[str, int | None]) -> set[int]:
    """A unit's own id and its ancestors' ids, from its ancestor columns (``province_id`` … ``school_id``)."""
    return {path.get(f"{level}_id") for level in LEVELS} - {None}


def reads(status: str, briefing_unit: int, briefing_path: dict[str, int | None], *,
          admin_units: list[int], reader_paths: list[dict[str, int | None]]) -> bool:
    """Who reads a briefing of ``briefing_unit`` (ancestor columns ``briefing_path``):

    - a draft: the admins of that very unit (they write it together);
    - published: everyone in its subtree (readers below: the unit is among the ancestors of one of the reader's
      units — the reader's own unit and the units it administers) and the admins of the units above it
      (the unit lies within one of their areas).
    """
    if status == "draft":
        return briefing_unit in admin_units
    if any(briefing_unit in ancestor_ids(path) for path in reader_paths):
        return True
    return bool(set(admin_units) & ancestor_ids(briefing_path))
