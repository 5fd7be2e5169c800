"""How a request finds its user: the session cookie or a bearer token."""
from __future__ import annotations

from flask import g, redirect, request, url_for
from flask_babel import lazy_gettext as _l

from lms.core import registry
from lms.extensions import db, login_manager
from lms.web.errors import error_response, is_api_request
from lms.web.security import bearer_token


def register(app) -> None:
    login_manager.login_view = "org.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "warning"

    @login_manager.user_loader
    def load_user(user_id: str):
        # A request that sends a bearer token is judged on that token alone: the cookie is not used,
        # so an invalid token cannot ride on the cookie (and skip CSRF).
        if bearer_token() is not None:
            return None
        # Org (a layer above the web plumbing) knows users: it answers through declared hooks.
        return registry.hook("org.user_for_session")(db.session, user_id)

    @login_manager.request_loader
    def load_user_from_token(_request):
        token = bearer_token()
        user = registry.hook("org.user_for_token")(db.session, token) if token else None
        g.authenticated_by_token = user is not None
        return user

    @login_manager.unauthorized_handler
    def unauthorized():
        if is_api_request():
            return error_response(401, "unauthenticated", str(_l("Sign in or send a valid bearer token.")))
        return redirect(url_for("org.login", next=request.full_path if request.query_string else request.path))
