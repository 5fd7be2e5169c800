"""Figures shared for a few seconds between all the app's workers and hosts (Flask-Caching).

An area's statistics at province scale read every enrollment of a batch (≈ 0.3 s for 100,000), and dozens of
admins open their home page and dashboard through the day: each such figure is computed at most once per
``STATISTICS_SECONDS`` of the product's clock and shown with the moment it was computed. The store is Redis
when ``LMS_CACHE_URL`` names one (every worker of every host shares it), else each worker's own memory.
``STATISTICS_SECONDS`` = 0 computes every time (the tests).
"""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Callable, TypeVar

import redis
from flask import current_app
from flask_caching import Cache

from lms.core import clock

cache = Cache()
log = logging.getLogger(__name__)
T = TypeVar("T")


def recent(key: str, compute: Callable[[], T]) -> tuple[T, datetime]:
    """``compute()`` and when it ran — or what it returned earlier in the same ``STATISTICS_SECONDS`` window.

    The window is counted on the product's clock, so every worker renews a figure at the same moment and a test
    that moves the clock sees it renewed. A store that does not answer costs a computation, never an error.
    """
    seconds = current_app.config["STATISTICS_SECONDS"]
    now = clock.now()
    if seconds <= 0:
        return compute(), now
    window_key = f"{key}@{int(now.timestamp()) // seconds}"
    try:
        kept = cache.get(window_key)
    except redis.RedisError as error:
        log.warning("figure cache unavailable: %s", error)
        return compute(), now
    if kept is not None:
        return kept
    fresh = (compute(), now)
    try:
        cache.set(window_key, fresh, timeout=seconds)
    except redis.RedisError as error:
        log.warning("figure cache unavailable: %s", error)
    return fresh

