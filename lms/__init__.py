"""Province-scale online teacher training."""
from __future__ import annotations

import hashlib
import importlib
from pathlib import Path

from flask import Flask

PACKAGE = Path(__file__).resolve().parent


def asset_dir(name: str) -> Path:
    """``templates``, ``static`` or ``migrations``: inside the installed package, else at the checkout's top."""
    bundled = PACKAGE / name
    return bundled if bundled.is_dir() else PACKAGE.parent / name


def create_app(config: dict | None = None) -> Flask:
    """Wire the app together. Touches no database: ``lms init`` runs the migrations."""
    from sqlalchemy.engine import make_url

    from lms import config as settings
    from lms.extensions import babel, cache, csrf, db, limiter, login_manager, migrate
    from lms.core.db import REPLICA_BIND, make_read_only
    from lms.web import auth, converters, errors, locking, security

    app = Flask(__name__, template_folder=str(asset_dir("templates")), static_folder=str(asset_dir("static")),
                instance_path=str(settings.instance_path()))
    app.config.update(settings.from_environment())
    if config:
        app.config.update(config)
    security.install_proxy_fix(app)
    replica = app.config.get("DATABASE_REPLICA_URL")
    if replica:
        app.config["SQLALCHEMY_BINDS"] = {**app.config.get("SQLALCHEMY_BINDS", {}), REPLICA_BIND: replica}

    db.init_app(app)
    if replica:  # without one, no request pays for choosing (the heartbeat least of all)
        with app.app_context():
            make_read_only(db.engines[REPLICA_BIND])
        # First: a route marked for the replica reads from it from its very first statement (the signed-in user).
        app.before_request(locking.choose_read_engine)
        app.after_request(locking.pin_writers_to_primary)
    migrate.init_app(app, db, directory=str(asset_dir("migrations")), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=lambda: security.select_locale(app))
    # Before the rate limiter: nothing may read a body that is over its route's limit.
    app.before_request(security.limit_request_body)
    limiter.init_app(app)
    # Two instances sharing one Redis (a staging site beside production) never read each other's figures.
    app.config.setdefault("CACHE_KEY_PREFIX", "lms-%s:" % hashlib.sha256(
        str(app.config["SQLALCHEMY_DATABASE_URI"]).encode()).hexdigest()[:12])
    cache.init_app(app)

    converters.register(app)
    _import_models()
    _install_registry(app)
    errors.register(app)
    auth.register(app)
    # The write lock before anything reads: checking CSRF loads the signed-in user, and a transaction that
    # read first fails at its first write once another writer has committed (lms.core.db.hold_write_lock).
    # Only SQLite has such a lock: elsewhere no request (the heartbeat least of all) pays for asking.
    if make_url(str(app.config["SQLALCHEMY_DATABASE_URI"])).get_backend_name() == "sqlite":
        app.before_request(_take_write_lock_for_changes)
    app.before_request(security.check_csrf)
    app.before_request(_periodic_work_without_redis)
    app.after_request(security.add_security_headers)
    _register_blueprints(app)
    _register_template_helpers(app)
    return app


# Every model module, so the metadata (and Alembic) sees the whole schema.
MODEL_MODULES = (
    "lms.core.audit",
    "lms.org.models",
    "lms.projects.models",
    "lms.quotas.models",
    "lms.enrollment.models",
    "lms.tracking.models",
    "lms.originality.models",
    "lms.assignments.models",
    "lms.forum.models",
    "lms.grading.models",
    "lms.certificates.models",
    "lms.reports.models",
    "lms.credits.models",
    "lms.commendation.models",
    "lms.briefings.models",
    "lms.evaluations.models",
    "lms.exports.models",
    "lms.notices.models",
    "lms.live.models",
    "lms.surveys.models",
    "lms.tutors.models",
    "lms.outcomes.models",
    "lms.activities.models",
    "lms.experts.models",
    "lms.square.models",
    "lms.tutoring.models",
    "lms.tutoring.term_models",
    "lms.tutoring.award_models",
)
# Each module's ``bp``: pages, JSON API and commands of every domain.
BLUEPRINT_MODULES = (
    "lms.web.pages",
    "lms.web.openapi",
    "lms.org.views",
    "lms.org.api",
    "lms.org.commands",
    "lms.projects.views",
    "lms.projects.api",
    "lms.projects.lesson_views",
    "lms.projects.lesson_api",
    "lms.quotas.views",
    "lms.quotas.api",
    "lms.enrollment.views",
    "lms.enrollment.api",
    "lms.tracking.views",
    "lms.tracking.api",
    "lms.assignments.views",
    "lms.assignments.api",
    "lms.originality.views",
    "lms.originality.api",
    "lms.originality.commands",
    "lms.forum.views",
    "lms.forum.api",
    "lms.grading.views",
    "lms.grading.api",
    "lms.grading.commands",
    "lms.certificates.views",
    "lms.reports.views",
    "lms.reports.api",
    "lms.reports.notice_views",
    "lms.reports.notice_api",
    "lms.certificates.api",
    "lms.credits.views",
    "lms.credits.api",
    "lms.credits.commands",
    "lms.commendation.views",
    "lms.commendation.api",
    "lms.briefings.views",
    "lms.briefings.api",
    "lms.evaluations.views",
    "lms.evaluations.api",
    "lms.workload.views",
    "lms.workload.api",
    "lms.exports.views",
    "lms.exports.api",
    "lms.notices.views",
    "lms.notices.api",
    "lms.live.views",
    "lms.live.api",
    "lms.surveys.views",
    "lms.surveys.api",
    "lms.tutors.views",
    "lms.tutors.api",
    "lms.outcomes.views",
    "lms.outcomes.api",
    "lms.activities.views",
    "lms.activities.api",
    "lms.experts.views",
    "lms.experts.api",
    "lms.live.points_views",
    "lms.certificates.live_terms",
    "lms.letters.views",
    "lms.letters.api",
    "lms.square.views",
    "lms.square.api",
    "lms.tutoring.views",
    "lms.tutoring.api",
    "lms.tutoring.term_views",
    "lms.tutoring.term_api",
    "lms.tutoring.award_views",
    "lms.tutoring.award_api",
)

# What each domain declares to shared pages and to the domains below it (lms/core/registry.py), in the
# order the navigation and the home page show them: (module, attribute holding its Contributions).
REGISTRY = (
    ("lms.org.registry", "CONTRIBUTIONS"),
    ("lms.projects.registry", "CONTRIBUTIONS"),
    ("lms.experts.registry", "CONTRIBUTIONS"),
    ("lms.quotas.registry", "CONTRIBUTIONS"),
    ("lms.enrollment.registry", "CONTRIBUTIONS"),
    ("lms.tracking.registry", "CONTRIBUTIONS"),
    ("lms.assignments.registry", "CONTRIBUTIONS"),
    ("lms.originality.registry", "CONTRIBUTIONS"),
    ("lms.forum.registry", "CONTRIBUTIONS"),
    ("lms.grading.registry", "CONTRIBUTIONS"),
    ("lms.certificates.registry", "CONTRIBUTIONS"),
    ("lms.reports.registry", "CONTRIBUTIONS"),
    ("lms.credits.registry", "CONTRIBUTIONS"),
    ("lms.commendation.registry", "CONTRIBUTIONS"),
    ("lms.briefings.registry", "CONTRIBUTIONS"),
    ("lms.evaluations.registry", "CONTRIBUTIONS"),
    ("lms.workload.registry", "CONTRIBUTIONS"),
    ("lms.exports.registry", "CONTRIBUTIONS"),
    ("lms.notices.registry", "CONTRIBUTIONS"),
    ("lms.live.registry", "CONTRIBUTIONS"),
    ("lms.surveys.registry", "CONTRIBUTIONS"),
    ("lms.tutors.registry", "CONTRIBUTIONS"),
    ("lms.outcomes.registry", "CONTRIBUTIONS"),
    ("lms.activities.registry", "CONTRIBUTIONS"),
    ("lms.letters.registry", "CONTRIBUTIONS"),
    ("lms.square.registry", "CONTRIBUTIONS"),
    ("lms.tutoring.registry", "CONTRIBUTIONS"),
    ("lms.demo.registry", "CONTRIBUTIONS"),
    ("lms.org.registry", "RECENT_CHANGES"),
)


def _take_write_lock_for_changes() -> None:
    """On SQLite, a request that may change state queues for the write lock before it reads anything."""
    from flask import request

    from lms.core.db import hold_write_lock
    from lms.extensions import db
    from lms.web.locking import needs_write_lock

    if needs_write_lock(request.method):
        hold_write_lock(db.session)


def _periodic_work_without_redis() -> None:
    """Without Redis, the first request after the periodic work is due starts it in a thread (lms.core.jobs)."""
    from flask import current_app

    from lms.core import jobs

    jobs.tick_if_due(current_app._get_current_object())


def _import_models() -> None:
    for name in MODEL_MODULES:
        importlib.import_module(name)


def _install_registry(app: Flask) -> None:
    from lms.core import registry

    registry.install(app, [getattr(importlib.import_module(module), name) for module, name in REGISTRY])


def _register_blueprints(app: Flask) -> None:
    for name in BLUEPRINT_MODULES:
        app.register_blueprint(importlib.import_module(name).bp)


def _register_template_helpers(app: Flask) -> None:
    from lms.web import templating

    templating.register(app)


def warm_up(app: Flask) -> None:
    """Do before the first request what each serving process would otherwise make its first users wait for:
    the OpenAPI document built (~0.35 s), every template compiled (~1 s for all), the translation catalogues
    read, and each domain's own loading (``Contributions.warm_ups``: the originality engine's dictionary, ~1 s).
    Called by the production entry point (``lms.wsgi``), once in each worker; not by ``create_app``, whose
    other callers (tests, commands) never serve."""
    from flask_babel import force_locale, get_translations

    from lms.core import registry
    from lms.web.openapi import document_of

    document_of(app)
    for name in app.jinja_env.list_templates(extensions=["html"]):
        app.jinja_env.get_template(name)
    with app.test_request_context("/"):
        for locale in app.extensions["babel"].instance.list_translations():
            with force_locale(locale):
                get_translations()
    for warm in app.extensions[registry.EXTENSION_KEY].warm_ups:
        warm()
