"""The rules of the expert pool and of course review (docs/RULES.md "E1–E3"), as pure functions of plain values."""
from __future__ import annotations

from collections.abc import Sequence

# The criteria each reviewer scores, 1 (poor) to 5 (excellent): 004 L94 "审核和评价适合在线培训的课程资源".
CRITERIA = ("accuracy", "curriculum_fit", "production")
SCORE_MIN, SCORE_MAX = 1, 5
VERDICTS = ("approve", "revise")
MAX_REVIEWERS = 7

PENDING, APPROVED, REVISE, UNASSIGNED = "pending", "approved", "revise", "unassigned"


def review_outcome(verdicts: Sequence[str | None]) -> str:
    """E2: where a review round stands, from its assigned reviewers' verdicts (None: not given yet).

    A course passes only when every assigned reviewer approves (a unanimous panel: one reviewer's doubt on the
    scientific accuracy of a course is enough to send it back). One "revise" returns it to its owner at once,
    without waiting for the others; with no reviewer assigned nothing is decided.
    """
    if not verdicts:
        return UNASSIGNED
    if any(v == "revise" for v in verdicts):
        return REVISE
    if all(v == "approve" for v in verdicts):
        return APPROVED
    return PENDING


def score_problems(scores: dict[str, int | None]) -> dict[str, str]:
    """Each criterion needs a whole score from 1 to 5; the answer names the criteria that are wrong."""
    problems = {}
    for name in CRITERIA:
        value = scores.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not SCORE_MIN <= value <= SCORE_MAX:
            problems[name] = f"must be a whole number from {SCORE_MIN} to {SCORE_MAX}"
    return problems


def average_score(rows: Sequence[dict[str, int | None]]) -> float | None:
    """The mean of every given score of the round (for the queue), or None before any evaluation."""
    values = [row[name] for row in rows for name in CRITERIA if row.get(name) is not None]
    return round(sum(values) / len(values), 2) if values else None



def qa_host_sources(units: Sequence[tuple[str, int | None, int | None]]) -> tuple[bool, set[int]]:
    """E1a (004 L93 "各级项目办从系统内专家库中遴选", L94 答疑讲解): whose selection supplies the hosts of a Q&A
    session scheduled by someone with roles at ``units`` — each (level, city id, county id) of its units.

    A role at the province reaches the whole pool (the province assigns from all of it); otherwise the experts the
    city and the county above (or at) each unit selected — the unit's own level and those above it, never a
    neighbour's. Returns (whole pool?, the ids of the selecting units)."""
    whole = any(level == "province" for level, _city, _county in units)
    ids = {i for _level, city, county in units for i in (city, county) if i is not None}
    return whole, ids
