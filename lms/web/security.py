"""CSRF for cookie sessions, security headers and the interface language."""
from __future__ import annotations

from flask import has_request_context, request, session
from flask_login import current_user

from lms.extensions import csrf

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
    "style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'"
)


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip() or None
    return None


def check_csrf() -> None:
    """A browser session must prove each state change came from our pages.

    Bearer-token calls carry no ambient credentials, so they need no CSRF token;
    anonymous requests are refused later for want of a user (or are the sign-in
    form, which carries its own token).
    """
    if request.method not in UNSAFE_METHODS or bearer_token() is not None:
        return
    if current_user.is_authenticated:
        csrf.protect()


def add_security_headers(response):
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    # is_anonymous reads no column, so a committed user row is not reloaded just for this; a bearer call is
    # personal whether or not its token was good, and asking would look the token up again.
    if (request.endpoint != "static" and "Cache-Control" not in response.headers
            and (bearer_token() is not None or not current_user.is_anonymous)):
        response.headers["Cache-Control"] = "no-store"  # pages with personal data stay out of shared caches
    return response


def select_locale(app) -> str:
    chosen = session.get("lang") if has_request_context() else None
    return chosen if chosen in app.config["LANGUAGES"] else app.config["BABEL_DEFAULT_LOCALE"]
