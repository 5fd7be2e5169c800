"""URL converters shared by pages and the API."""
from __future__ import annotations

from werkzeug.routing import IntegerConverter

# Ids are 64-bit signed integers in every database; larger numbers overflow the driver.
MAX_ID = 2**63 - 1


class IdConverter(IntegerConverter):
    """``<int:...>`` limited to 1..2^63-1: anything else matches no object, so 404 rather than 500."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def register(app) -> None:
    """Replace the ``int`` converter before any route is added."""
    app.url_map.converters["int"] = IdConverter
