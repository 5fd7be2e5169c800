"""The one domain error type; the web layer maps it to the API shape and form messages."""
from __future__ import annotations


class DomainError(Exception):
    """A refusal the user should read: a stable code, an HTTP status and a message."""

    status = 409

    def __init__(self, code: str, message: str, *, status: int | None = None,
                 fields: dict[str, str] | None = None):
        super().__init__(message)
        self.code = code
        self.message = str(message)
        if status is not None:
            self.status = status
        self.fields = fields or {}


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


class Conflict(DomainError):
    status = 409
