"""Map the domain error and HTTP errors to the API's error shape or an error page."""
from __future__ import annotations

import logging

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from lms.core.errors import DomainError
from lms.extensions import db

log = logging.getLogger(__name__)

HTTP_CODES = {
    400: "invalid_input", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
    429: "rate_limited",
}


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, code: str, message: str, fields: dict | None = None, extra: dict | None = None):
    if is_api_request():
        body = {"error": {"code": code, "message": message}, **(extra or {})}
        if fields:
            body["error"]["fields"] = fields
        return jsonify(body), status
    return render_template("errors/error.html", status=status, code=code, message=message), status


def _http_message(status: int) -> str:
    return {
        400: _("The request could not be understood."),
        401: _("Please sign in."),
        403: _("You may not do this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        413: _("The upload is too large."),
        415: _("This type of content is not accepted."),
        429: _("Too many attempts. Please wait a moment and try again."),
    }.get(status, _("Something went wrong."))


def register(app) -> None:
    @app.errorhandler(DomainError)
    def on_domain_error(error: DomainError):
        db.session.rollback()
        return error_response(error.status, error.code, error.message, error.fields, error.extra)

    @app.errorhandler(CSRFError)
    def on_csrf_error(error: CSRFError):
        db.session.rollback()
        return error_response(400, "csrf_failed", _("The form has expired or the CSRF token is missing. "
                                                     "Reload the page and try again."))

    @app.errorhandler(HTTPException)
    def on_http_error(error: HTTPException):
        db.session.rollback()
        status = error.code or 500
        return error_response(status, HTTP_CODES.get(status, "error"), _http_message(status))

    @app.errorhandler(Exception)
    def on_unexpected(error: Exception):
        db.session.rollback()
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "internal_error", _("Something went wrong on our side; it has been logged."))
