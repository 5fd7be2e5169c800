"""Matching students with tutors (docs/RULES.md B12), as pure functions: what the system knows of a student's stage
and subjects. The scoring itself is the tutor library's (lms/tutors/rules.py: ``score_parts``, ``recommend``)."""
from __future__ import annotations

from collections import Counter

STAGES = ("幼儿园", "小学", "初中", "高中")  # the stages tutors' profiles name (lms/tutors/services.py)
_GRADE_PREFIX = {"初": "初中", "高": "高中"}  # a micro-lesson's grade (初一–高三) → its stage


def stage_of_grade(grade: str | None) -> str | None:
    return _GRADE_PREFIX.get((grade or "")[:1])


def student_stage(own: str | None, school_kind: str | None, watched_grades: list[str]) -> str | None:
    """A student's stage: the one its account gives, else its school's kind when that is one stage (a 完全中学 or
    a 九年一贯制 school names none), else the stage of the micro-lesson it watched last (newest first)."""
    for stage in (own, school_kind):
        if stage in STAGES:
            return stage
    return next((s for s in map(stage_of_grade, watched_grades) if s), None)


def student_subjects(own: str | None, history: list[str]) -> tuple[str | None, frozenset[str]]:
    """A student's main subject and all it studies, from its account's subject and the subjects of its sessions,
    questions and requests (newest first): the account's, else the most frequent (a tie: the newest)."""
    named = [s.strip() for s in history if s and s.strip()]
    counts = Counter(named)
    ranked = sorted(counts, key=lambda s: (-counts[s], named.index(s)))
    main = own or (ranked[0] if ranked else None)
    return main, frozenset(named) | ({own} if own else frozenset())
