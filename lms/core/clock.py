"""The one source of "now"; tests move it, rules never read it."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

_frozen: datetime | None = None
_offset = timedelta(0)


def now() -> datetime:
    """The current time, aware, in UTC."""
    if _frozen is not None:
        return _frozen
    return datetime.now(timezone.utc) + _offset


def local_tz() -> ZoneInfo:
    """The product's time zone (setting LMS_TIMEZONE; Asia/Shanghai outside an app): "local" days and times."""
    name = current_app.config.get("LMS_TIMEZONE") if has_app_context() else None
    return ZoneInfo(name or "Asia/Shanghai")


def local_now(tz_name: str) -> datetime:
    return now().astimezone(ZoneInfo(tz_name))


def local_today(tz_name: str) -> date:
    return local_now(tz_name).date()


@contextmanager
def frozen_at(moment: datetime):
    """Stop the clock at ``moment`` (aware) for the duration of the block."""
    global _frozen
    previous = _frozen
    _frozen = moment.astimezone(timezone.utc)
    try:
        yield
    finally:
        _frozen = previous


def start_at(moment: datetime) -> None:
    """Run the clock from ``moment`` (aware): time flows, but the date is no longer the machine's."""
    global _frozen, _offset
    _frozen = None
    _offset = moment.astimezone(timezone.utc) - datetime.now(timezone.utc)


def travel(delta: timedelta) -> None:
    """Move the (frozen or running) clock forward; for tests."""
    global _frozen, _offset
    if _frozen is not None:
        _frozen += delta
    else:
        _offset += delta


def reset() -> None:
    global _frozen, _offset
    _frozen = None
    _offset = timedelta(0)
