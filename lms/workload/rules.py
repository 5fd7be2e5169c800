"""The counting rules of a batch's workload statement (工作量统计, JX13a), on which the subsidies for tutors and
admins are paid (004 L109, L127). Pure functions of plain values: the queries count rows, these rules say which.

A tutor's work in a batch is what it did in the batch's classes, whenever it did it (a review after the batch
ended still counts for that batch):

- ``reviews``: written submissions of those classes whose review the tutor gave (the last reviewer counts);
- ``verdicts``: plagiarism verdicts it gave on those classes' submissions (a later overturn does not undo the work);
- ``class_briefings``: briefings it wrote to those classes;
- ``forum_posts``: topics and replies it posted in their forums, hidden ones excepted;
- ``qa_answers``: Q&A questions of their sessions it answered;
- ``qa_sessions``: Q&A sessions of those classes it scheduled (the activities it ran).

An admin's work in a batch:

- ``enrollments``: enrollments into the batch it made (later cancelled or replaced ones included: the work was
  done), and ``enrollment_changes``: those it cancelled or replaced;
- ``area_briefings``: briefings and summary reports it published on the batch — and those on the whole project
  published within the batch's window;
- ``announcements``: announcements it made within the batch's window.

The batch's window runs from its registration opening to the end of its last day (local time): an announcement
made while two batches' windows overlap counts in both, since it served both.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

TUTOR_MEASURES = ("reviews", "verdicts", "class_briefings", "forum_posts", "qa_answers", "qa_sessions")
ADMIN_MEASURES = ("enrollments", "enrollment_changes", "area_briefings", "announcements")
COLUMNS = ("name", "role", "unit", *TUTOR_MEASURES, *ADMIN_MEASURES, "total")


def window(registration_opens_at: datetime, ends_on: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """[start, end) of a batch's window: its registration opening to the midnight after its last day."""
    return registration_opens_at, datetime.combine(ends_on + timedelta(days=1), time(0), tzinfo=tz)


def total(row: dict) -> int:
    """Every item of work counted once: the subsidy scheme weighs them, not the statement."""
    return sum(int(row.get(m) or 0) for m in (*TUTOR_MEASURES, *ADMIN_MEASURES))


def sort_rows(rows: list[dict], key: str | None, descending: bool) -> list[dict]:
    """The table's order: by ``key`` (a column; unknown: by total, most first), ties by name."""
    if key not in COLUMNS:
        key, descending = "total", True
    by_name = sorted(rows, key=lambda r: (r["name"], r.get("user_id") or 0))
    return sorted(by_name, key=lambda r: r.get(key) if r.get(key) is not None else 0, reverse=descending) \
        if key not in ("name", "role", "unit") else sorted(by_name, key=lambda r: str(r.get(key) or ""),
                                                           reverse=descending)
