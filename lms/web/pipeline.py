"""The one request pipeline that every page and every API handler goes through.

A request passes, in this order (docs/ARCHITECTURE.md, "The request pipeline"):

1. **who** — the caller is signed in (pages send an anonymous caller to the sign-in page, the API answers 401),
   unless the route is public;
2. **load** — each object named in the URL is fetched by its domain's loader (``unit_id`` → ``unit``), which
   answers 404 when there is no such object and 403 when it lies outside the caller's area;
3. **allow** — the route's named policy decides, before any input is read, so a caller without the right
   learns nothing of the input's rules;
4. **input** — the API's JSON body or query is validated, a page's form is validated;
5. **work** — the handler runs the service with the acting user; services never commit;
6. **commit once** — a change commits after the handler succeeded; a domain error rolls everything back;
7. **answer** — the handler's page, redirect or JSON. A domain error becomes the API's error shape
   (``lms.web.errors``) or, on a page, a message on the form or at the top of the page it came from.

``lms.web.api.endpoint`` declares API handlers and ``page`` below declares pages; both run ``prepare`` and
``finish`` from here, so the two edges cannot drift.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from functools import wraps
from typing import Any, Callable, Mapping

from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.core.errors import DomainError, Forbidden, join_clauses
from lms.extensions import db
from lms.web.forms import apply_field_errors
from lms.web.locking import SAFE_METHODS
from lms.web.redirects import referrer_target

Loader = Callable[..., Any]
# A loaded object whose URL name is a Python keyword: ``class_id`` in the URL loads ``klass``.
URL_NAMES = {"klass": "class"}


@dataclass(frozen=True)
class Policy:
    """A named permission: ``check(actor, *objects)`` for the loaded objects ``names``, in that order."""
    check: Callable[..., bool]
    names: tuple[str, ...] = ()
    message: Any = None  # a (lazy) text, or a function of the objects that returns one

    def allows(self, actor, objects: Mapping[str, Any]) -> bool:
        return bool(self.check(actor, *(objects[name] for name in self.names)))

    def refusal(self, objects: Mapping[str, Any]) -> str:
        if callable(self.message):
            return self.message(*(objects[name] for name in self.names))
        return str(self.message) if self.message is not None else _("You may not do this.")

    def enforce(self, actor, *objects) -> None:
        """For services: the same decision, asked with the objects in the policy's order."""
        named = dict(zip(self.names, objects))
        if not self.allows(actor, named):
            raise Forbidden(self.refusal(named))

    @property
    def name(self) -> str:
        return getattr(self.check, "__qualname__", repr(self.check))


def policy(check: Callable[..., bool], *names: str, message: Any = None) -> Policy:
    """``policy(policies.can_set_seats, "unit")``: the route's permission, asked of the loaded ``unit``."""
    return Policy(check, names, message)


def load_objects(loaders: Mapping[str, Loader] | None, kwargs: dict) -> dict[str, Any]:
    """Replace each ``<name>_id`` in the URL by the object its loader returns for the acting user.

    A loader whose name has no id in the URL is asked with the actor alone (the admin's own top unit).
    Loaders raise ``NotFound`` or ``Forbidden``; the pipeline turns those into the answer.
    """
    objects: dict[str, Any] = {}
    for name, loader in (loaders or {}).items():
        key = f"{URL_NAMES.get(name, name)}_id"
        if key in kwargs:
            objects[name] = loader(db.session, current_user, kwargs.pop(key))
        else:
            objects[name] = loader(db.session, current_user)
    return objects


def check_allowed(allow: Policy | None, objects: Mapping[str, Any]) -> None:
    if allow is not None and not allow.allows(current_user, objects):
        raise Forbidden(allow.refusal(objects))


def prepare(kwargs: dict, *, load: Mapping[str, Loader] | None, allow: Policy | None) -> None:
    """Steps 2 and 3: load what the URL names, then ask the policy; ``kwargs`` gets the objects."""
    objects = load_objects(load, kwargs)
    check_allowed(allow, {**kwargs, **objects})
    kwargs.update(objects)


def finish() -> None:
    """Step 6: a change commits once, after the handler succeeded."""
    if request.method not in SAFE_METHODS:
        db.session.commit()


def _accepts(handler, name: str) -> bool:
    parameters = inspect.signature(handler).parameters
    return name in parameters or any(p.kind is p.VAR_KEYWORD for p in parameters.values())


def _form_messages(form) -> str:
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


def page(*, load: Mapping[str, Loader] | None = None, allow: Policy | None = None, form: type | None = None,
         back: Callable[..., str] | None = None, again: Callable[..., Any] | None = None,
         public: bool = False, replica: bool = False):
    """Declare a page (see the module's steps).

    ``form``: a Flask-WTF form class, built for the handler (``form=``) and, on a change, validated before
    the handler runs. ``again(form=..., **objects)`` renders the page again with the form's messages in
    place (used both for invalid input and for a domain refusal's field messages); without it the messages
    are flashed and the browser goes ``back(**objects)`` — by default to the page the form was on.
    The handler returns the response: a rendered page, a redirect or a file. ``replica``: its GET may show
    figures seconds old, so it reads from the replica when one is configured (``lms.web.locking``).
    """
    def decorate(handler):
        takes_form = form is not None and _accepts(handler, "form")

        @wraps(handler)
        def wrapper(*args, **kwargs):
            if not public and not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            prepare(kwargs, load=load, allow=allow)
            changing = request.method not in SAFE_METHODS
            built = form() if form is not None else None
            if takes_form:
                kwargs["form"] = built
            if changing and built is not None and not built.validate_on_submit():
                return _refused(built, kwargs, again, back, message=_form_messages(built))
            try:
                result = handler(*args, **kwargs)
            except DomainError as error:
                if not changing or error.status in (401, 403, 404):
                    raise  # an error page (lms.web.errors), as for any refusal to look
                db.session.rollback()
                if built is not None:
                    apply_field_errors(built, error)
                return _refused(built, kwargs, again, back, message=error.message, details=error.details,
                                error=error)
            finish()
            return result

        wrapper.page = {"load": tuple((load or {}).keys()), "allow": allow, "public": public}
        wrapper.replica = replica
        return wrapper
    return decorate


def _refused(form, objects: dict, again, back, *, message: str, details: list[str] = (), error=None):
    if again is not None:
        if form is not None:
            objects = dict(objects, form=form)
        if error is not None and _accepts(again, "error"):
            objects["error"] = error
        return again(**objects)
    flash(" ".join([message or _("Please check your input."), join_clauses(details)]).strip(), "danger")
    if back is not None:
        return redirect(back(**{k: v for k, v in objects.items() if k != "form"}))
    return redirect(referrer_target(url_for("pages.home")))
