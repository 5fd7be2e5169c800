"""Province-scale online teacher training."""
from __future__ import annotations

import importlib
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Wire the app together. Touches no database: ``lms init`` runs the migrations."""
    from lms import config as settings
    from lms.extensions import babel, csrf, db, limiter, login_manager, migrate
    from lms.web import auth, converters, errors, security

    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"),
                instance_path=str(settings.instance_path()))
    app.config.update(settings.from_environment())
    if config:
        app.config.update(config)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=lambda: security.select_locale(app))
    limiter.init_app(app)

    converters.register(app)
    _import_models()
    errors.register(app)
    auth.register(app)
    app.before_request(security.check_csrf)
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
)
# Each module's ``bp``: pages, JSON API and commands of every domain.
BLUEPRINT_MODULES = (
    "lms.web.pages",
    "lms.web.openapi",
    "lms.org.views",
    "lms.org.api",
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
)


def _import_models() -> None:
    for name in MODEL_MODULES:
        importlib.import_module(name)


def _register_blueprints(app: Flask) -> None:
    for name in BLUEPRINT_MODULES:
        app.register_blueprint(importlib.import_module(name).bp)


def _register_template_helpers(app: Flask) -> None:
    from lms.web import templating

    templating.register(app)
