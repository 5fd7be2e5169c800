"""URL converters shared by pages and the API."""
from __future__ import annotations

from werkzeug.routing import IntegerConverter

# Ids are the tables' INTEGER primary keys: 32-bit signed on PostgreSQL, so a larger number overflows the
# database (SQLite's 64-bit integers hold them all). An id no row can have matches no route.
MAX_ID = 2**31 - 1


def _up_to(limit: int) -> str:
    """A regex of the decimal numbers 1..limit without leading zeros.

    Out-of-range ids must fail the pattern rather than a check after it: werkzeug would
    answer 405 for a URL that another method's rule still matches by pattern.
    """
    digits = str(limit)
    shorter = rf"[1-9]\d{{0,{len(digits) - 2}}}" if len(digits) > 1 else ""
    same_length = []
    for i, digit in enumerate(digits):
        low = "1" if i == 0 else "0"
        if int(digit) > int(low):
            same_length.append(f"{digits[:i]}[{low}-{int(digit) - 1}]" + rf"\d{{{len(digits) - i - 1}}}")
    same_length.append(digits)
    return "(?:" + "|".join(filter(None, [shorter, *same_length])) + ")"


class IdConverter(IntegerConverter):
    """``<int:...>`` limited to 1..2^31-1 (MAX_ID): any other number matches no route, so 404 rather than 500."""

    regex = _up_to(MAX_ID)

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


class IndexConverter(IntegerConverter):
    """``<index:...>``: a position in a list (0-based, at most six digits), such as a report's passage."""

    regex = r"(?:0|[1-9]\d{0,5})"


def register(app) -> None:
    """Replace the ``int`` converter before any route is added; add ``index`` for 0-based positions."""
    app.url_map.converters["int"] = IdConverter
    app.url_map.converters["index"] = IndexConverter
