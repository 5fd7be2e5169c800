"""What the domains contribute to shared pages, and the answers a lower domain asks of a higher one.

Domains sit in a layer order (docs/ARCHITECTURE.md) and import only downwards. Two things cross it:

- contributions to shared pages — navigation entries, home-page sections, audit labels, panels of the
  project page — which each domain declares in its ``registry.py`` as a :class:`Contributions`;
- answers a lower domain needs from a higher one (projects asks enrollment "does this teacher learn in
  this class?"; forum asks grading "how long must a post be?"), declared as named hooks;
- events a lower domain tells whoever listens ("an enrollment was created"), with :func:`emit`: any number of
  higher domains declare listeners for an event, and a domain that emits one knows none of them.

The app factory collects every domain's contributions in a listed order (``lms/__init__.py``) into one
:class:`Registry` kept in ``app.extensions``; nothing is filled as a side effect of importing a module.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from flask import Flask, current_app, has_app_context

EXTENSION_KEY = "lms.registry"


@dataclass(frozen=True)
class Contributions:
    """One domain's declarations.

    - ``nav``: callables ``(user) -> [(url, label), …]``; an entry may be ``(url, label, count)``: a badge
      shows the count when it is not zero (unread notices);
    - ``home_sections``: callables ``(user) -> dict | None`` (a section of the home page);
    - ``audit_labels``: audited action key → label in words (lazy translated string);
    - ``project_panels``: callables ``(project) -> Markup | None`` shown on the project page;
    - ``class_links``: callables ``(user, klass) -> [(url, label), …]``: the class page's ways on, each offered
      only to whom its route's policy lets in (no link that answers 403);
    - ``hooks``: name → callable, answers lower domains ask for (see :func:`hook`);
    - ``listeners``: event name → callable ``(session, **params)``, told of the event (see :func:`emit`);
    - ``warm_ups``: callables ``() -> None`` a serving process runs before its first request (``lms.warm_up``):
      per-process loading its first users would otherwise wait for (a dictionary, a model).
    """
    nav: tuple[Callable, ...] = ()
    home_sections: tuple[Callable, ...] = ()
    audit_labels: Mapping[str, object] = field(default_factory=dict)
    project_panels: tuple[Callable, ...] = ()
    class_links: tuple[Callable, ...] = ()
    hooks: Mapping[str, Callable] = field(default_factory=dict)
    listeners: Mapping[str, Callable] = field(default_factory=dict)
    warm_ups: tuple[Callable, ...] = ()


@dataclass
class Registry:
    nav: list[Callable] = field(default_factory=list)
    home_sections: list[Callable] = field(default_factory=list)
    audit_labels: dict[str, object] = field(default_factory=dict)
    project_panels: list[Callable] = field(default_factory=list)
    class_links: list[Callable] = field(default_factory=list)
    hooks: dict[str, Callable] = field(default_factory=dict)
    listeners: dict[str, list[Callable]] = field(default_factory=dict)
    warm_ups: list[Callable] = field(default_factory=list)

    def add(self, contributions: Contributions) -> None:
        self.nav.extend(contributions.nav)
        self.home_sections.extend(contributions.home_sections)
        clash = set(self.audit_labels) & set(contributions.audit_labels) | set(self.hooks) & set(contributions.hooks)
        if clash:
            raise ValueError(f"declared twice: {sorted(clash)}")
        self.audit_labels.update(contributions.audit_labels)
        self.project_panels.extend(contributions.project_panels)
        self.class_links.extend(contributions.class_links)
        self.hooks.update(contributions.hooks)
        for event, listener in contributions.listeners.items():
            self.listeners.setdefault(event, []).append(listener)
        self.warm_ups.extend(contributions.warm_ups)


def install(app: Flask, contributions: Iterable[Contributions]) -> Registry:
    registry = Registry()
    for item in contributions:
        registry.add(item)
    app.extensions[EXTENSION_KEY] = registry
    return registry


def current() -> Registry:
    return current_app.extensions[EXTENSION_KEY]


def hook(name: str) -> Callable:
    """The callable a higher domain declared under ``name``; a missing one is a wiring mistake, not a 404."""
    try:
        return current().hooks[name]
    except KeyError:
        raise LookupError(f"no domain declares the hook {name!r}: see lms/__init__.py REGISTRY_MODULES") from None


def emit(session, event: str, **params) -> None:
    """Tell every listener of ``event`` (in the factory's order), inside the caller's transaction: what a
    listener writes commits or rolls back with the change it heard of. No listener: nothing happens.

    Outside an app (a bare script) there is no registry and nobody to tell."""
    if not has_app_context():
        return
    found = current_app.extensions.get(EXTENSION_KEY)
    for listener in (found.listeners.get(event, ()) if found is not None else ()):
        listener(session, **params)


class _ForStudents:
    """Marks a nav entry or home section as one a student sees. Accounts holding the student role alone see
    only the marked ones (and are kept to the students' pages: lms.tutoring.views)."""

    def __call__(self, provider: Callable) -> Callable:
        provider.for_students = True
        return provider

    @staticmethod
    def only(user) -> bool:
        """The account is a student's and nothing else's."""
        roles = set(user.roles)
        return bool(roles) and roles <= {"student"}

    @staticmethod
    def shown(provider: Callable, user) -> bool:
        return getattr(provider, "for_students", False) or not _ForStudents.only(user)


for_students = _ForStudents()
