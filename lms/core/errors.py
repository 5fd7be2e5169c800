"""The one domain error type; the web layer maps it to the API shape and form messages."""
from __future__ import annotations

from flask_babel import gettext as _


def join_clauses(parts) -> str:
    """Messages run together as one sentence: "；" between them, each one's own full stop dropped first, so a
    refusal never reads "…。；…" (the last one keeps its stop)."""
    parts = [str(p).strip() for p in parts if p and str(p).strip()]
    return "；".join([p.rstrip("。.；;") for p in parts[:-1]] + parts[-1:])


class DomainError(Exception):
    """A refusal the user should read: a stable code, an HTTP status and a message."""

    status = 409

    def __init__(self, code: str, message: str, *, status: int | None = None,
                 fields: dict[str, str] | None = None, details: list[str] | None = None,
                 extra: dict | None = None):
        super().__init__(message)
        self.code = code
        self.message = str(message)
        if status is not None:
            self.status = status
        self.fields = fields or {}
        self.details = details or []  # lines a page shows under the message (the rows of a refused sheet)
        self.extra = extra or {}  # keys the API answer carries beside "error" (a refused import's rows)


class InvalidInput(DomainError):
    status = 400

    def __init__(self, message: str, fields: dict[str, str] | None = None):
        super().__init__("invalid_input", message, fields=fields)


class Forbidden(DomainError):
    status = 403

    def __init__(self, message: str):
        super().__init__("forbidden", message)


class NotFound(DomainError):
    status = 404

    def __init__(self, message: str):
        super().__init__("not_found", message)


def get_or_404(session, model, key, message: str):
    """The row of ``model`` with primary key ``key``, or NotFound with ``message`` (a loader's first step)."""
    row = session.get(model, key)
    if row is None:
        raise NotFound(message)
    return row


class Conflict(DomainError):
    status = 409


class RowErrors(DomainError):
    """A sheet refused as a whole: nothing was changed, and each problem row is named."""
    status = 400

    def __init__(self, message: str, rows: list[dict], extra: dict | None = None):
        # Rows of cell_error (lms.core.spreadsheets) name their row and column in the message already.
        details = [row["message"] if "column" in row else _("row %(row)d: %(message)s", row=row["row"],
                                                                message=row["message"]) for row in rows[:10]]
        super().__init__("invalid_input", message, details=details, extra={**(extra or {}), "errors": rows})
        self.rows = rows
