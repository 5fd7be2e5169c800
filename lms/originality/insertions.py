"""Filler characters inserted every few characters of a copy, and the view of a text without them.

A copy with one character inserted after every few characters (``教x育x是x…``) shares no k-gram with
its source once the gaps are shorter than ``k``. Invisible fillers are already gone after
normalisation (``normalize.DEFAULT_IGNORABLE``); a *visible* filler gives itself away by density: it
recurs every few characters for a long stretch, which no character of natural prose does for long (的,
the most frequent Chinese character, averages one in 25). The check also looks the text up with every
such character removed; alignment then confirms the copy against the source, so a false alarm here
costs a little time and never a wrong passage.
"""
from __future__ import annotations

from collections import Counter

MAX_PERIOD = 9  # a filler after every 8 characters or fewer recurs at least every 9
# Consecutive recurrences, each within MAX_PERIOD of the last, that make a filler. Even a character as
# frequent as one in nine (far above 的) recurs so 30 times in a row in under one text in 500; a filler
# does so all along a padded copy (30 recurrences: 60 to 270 characters).
MIN_RUN = 30
MAX_FILLERS = 4  # a handful of rotating fillers; more are not a padding pattern


def filler_characters(text: str) -> frozenset[str]:
    """Characters of normalised ``text`` recurring at most every ``MAX_PERIOD`` characters at least
    ``MIN_RUN`` times in a row (a padding pattern), the longest runs first, at most ``MAX_FILLERS``."""
    runs: dict[str, int] = {}
    for ch, count in Counter(text).items():
        if count < MIN_RUN or ch == "\x00":  # \x00: the check's mask for boilerplate
            continue
        best = run = 0
        previous = -MAX_PERIOD - 1
        position = text.find(ch)
        while position != -1:
            run = run + 1 if position - previous <= MAX_PERIOD else 1
            best = max(best, run)
            previous = position
            position = text.find(ch, position + 1)
        if best >= MIN_RUN:
            runs[ch] = best
    return frozenset(sorted(runs, key=runs.get, reverse=True)[:MAX_FILLERS])


def without(text: str, fillers: frozenset[str]) -> tuple[str, list[int]]:
    """``text`` with the filler characters removed, and each kept character's index in ``text``."""
    kept = [i for i, ch in enumerate(text) if ch not in fillers]
    return "".join(text[i] for i in kept), kept


# A filler after every 8th character leaves 8-grams whole (the ordinary lookup finds them): decimated
# views are needed for periods 2 to 8 only.
MAX_DECIMATION = 8


def decimations(length: int, max_period: int = MAX_DECIMATION):
    """(period, phase) of every view dropping one character in each ``period``: where the inserted
    characters sit when a filler, any filler, follows every ``period - 1`` characters."""
    for period in range(2, max_period + 1):
        for phase in range(period):
            if length > period:
                yield period, phase


def decimated(text: str, period: int, phase: int) -> tuple[str, list[int]]:
    """``text`` without the characters at positions ``phase``, ``phase + period``, …, and the kept
    characters' indexes in ``text``."""
    kept = [i for i in range(len(text)) if i % period != phase]
    return "".join(text[i] for i in kept), kept
