"""Pure rules of export jobs: when a file expires, which jobs are still working, how a progress reads."""
from __future__ import annotations

from datetime import datetime, timedelta

WORKING = ("queued", "running")


def expiry(finished_at: datetime, keep_hours: int) -> datetime:
    return finished_at + timedelta(hours=keep_hours)


def expired(expires_at: datetime | None, now: datetime) -> bool:
    return expires_at is not None and expires_at <= now


def percent(value: float) -> int:
    """A builder's progress, clamped to 0–99 while it works (100 means the file is there)."""
    return max(0, min(99, int(value)))


def steps(done: int, total: int, start: int = 5, end: int = 95) -> int:
    """Progress of ``done`` of ``total`` items mapped onto start..end percent."""
    if total <= 0:
        return end
    return start + (end - start) * min(done, total) // total


def every(total: int, updates: int = 20) -> int:
    """Report progress every this many items, so a big job writes about ``updates`` times."""
    return max(1, total // updates)
