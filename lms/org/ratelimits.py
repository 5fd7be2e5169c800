"""Sign-in rate limits, shared by the sign-in page and ``POST /auth/token``."""
from __future__ import annotations

from flask import current_app, request


def login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def attempted_username() -> str:
    """Rate-limit key: the account tried, so one address cannot spray one account."""
    data = request.get_json(silent=True) if request.is_json else None
    name = data.get("username") if isinstance(data, dict) else request.form.get("username")
    return f"user:{str(name or '')[:64].lower()}"
