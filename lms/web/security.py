"""CSRF for cookie sessions, request-size limits, the proxy in front, security headers and the language."""
from __future__ import annotations

from flask import current_app, g, has_request_context, request, session
from flask_babel import gettext as _
from flask_login import current_user

from werkzeug.middleware.proxy_fix import ProxyFix

from lms.core.errors import DomainError
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

    Calls signed in by a valid bearer token carry no ambient credentials, so they need
    no CSRF token (and their cookie is ignored, lms.web.auth); an invalid token leaves
    the request anonymous. Anonymous requests are refused later for want of a user (or
    are the sign-in form, which carries its own token).
    """
    if request.method not in UNSAFE_METHODS:
        return
    if bearer_token() is not None:
        return  # the cookie is ignored whatever the token is worth: nothing ambient to forge, no user to load
    if current_user.is_authenticated and not g.get("authenticated_by_token"):
        csrf.protect()


# Multipart framing around an upload's bytes: boundaries, part headers and small form fields.
MULTIPART_SLACK = 256 * 1024


def body_limit(setting: str):
    """Let a route take a body up to the config value ``setting`` (bytes) plus the multipart framing.

    Every other route takes at most MAX_BODY_BYTES (JSON and forms): see ``limit_request_body``.
    """
    def decorate(view):
        view.max_body_setting = setting
        return view
    return decorate


def body_limit_for(view) -> int:
    setting = getattr(view, "max_body_setting", None)
    # Uploads come as multipart forms; JSON sent to an upload route is held to the small limit.
    if setting is None or request.mimetype != "multipart/form-data":
        return current_app.config["MAX_BODY_BYTES"]
    return current_app.config[setting] + MULTIPART_SLACK


def limit_request_body() -> None:
    """Refuse a body over the route's limit before anything reads it (413, error shape or page).

    Runs before the rate limiter and the sign-in code, which read JSON bodies. A body without a
    declared length is cut off by Werkzeug at the same limit.
    """
    limit = body_limit_for(current_app.view_functions.get(request.endpoint))
    request.max_content_length = limit
    if request.content_length is not None and request.content_length > limit:
        raise DomainError("too_large", _("The request is too large: at most %(size)s.", size=_size(limit)),
                          status=413)


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{max(n // 1024, 1)} KB"


def install_proxy_fix(app) -> None:
    """Trust X-Forwarded-For/-Proto from exactly LMS_TRUSTED_PROXIES proxies in front of the app.

    Then request.remote_addr is the real client (sign-in throttling, rate limits) and
    request.is_secure follows the proxy's scheme. With 0 (the default) the headers are ignored,
    since any client could forge them.
    """
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=0, x_port=0, x_prefix=0)


# Every response's security headers, unless the view set its own.
SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)


def add_security_headers(response):
    headers = response.headers
    present = {name.lower() for name, _value in headers.items()}  # one pass, not one search per header
    for name, value in SECURITY_HEADERS:
        if name.lower() not in present:
            headers.add(name, value)
    secure = request.is_secure or current_app.config["SESSION_COOKIE_SECURE"]
    if secure and "strict-transport-security" not in present:
        headers.add("Strict-Transport-Security", f"max-age={current_app.config['HSTS_SECONDS']}; includeSubDomains")
    # is_anonymous reads no column, so a committed user row is not reloaded just for this; a bearer call is
    # personal whether or not its token was good, and asking would look the token up again.
    if (request.endpoint != "static" and "cache-control" not in present
            and (bearer_token() is not None or not current_user.is_anonymous)):
        headers["Cache-Control"] = "no-store"  # pages with personal data stay out of shared caches
    return response


def select_locale(app) -> str:
    chosen = session.get("lang") if has_request_context() else None
    return chosen if chosen in app.config["LANGUAGES"] else app.config["BABEL_DEFAULT_LOCALE"]
