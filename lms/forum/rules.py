"""What makes a forum post count for the interaction points (J13 "number and quality"): pure functions."""
from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

DEFAULT_MIN_CHARS = 20
DUPLICATE_RATIO = 90  # rapidfuzz ratio (0–100) at or above which a post repeats an earlier one
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def countable_text(text: str) -> str:
    """The characters that carry content: NFKC, no whitespace, punctuation or Markdown marks.

    "好好好！！！" padded with spaces or "#" must not pass the length rule.
    """
    return _NOISE.sub("", unicodedata.normalize("NFKC", text or "")).lower()


def counts(text: str, earlier: list[str], *, min_chars: int = DEFAULT_MIN_CHARS,
           duplicate_ratio: float = DUPLICATE_RATIO) -> tuple[bool, str | None]:
    """(counts, reason): too short, or a near-duplicate of one of the same learner's ``earlier`` posts."""
    mine = countable_text(text)
    if len(mine) < min_chars:
        return False, "too_short"
    for other in earlier:
        if fuzz.ratio(mine, countable_text(other)) >= duplicate_ratio:
            return False, "duplicate"
    return True, None
