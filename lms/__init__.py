"""Province-scale online teacher training."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Wire the app together. Touches no database: ``lms init`` runs the migrations."""
    from lms import config as settings
    from lms.extensions import babel, csrf, db, limiter, login_manager, migrate
    from lms.web import auth, errors, security

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

    _import_models()
    errors.register(app)
    auth.register(app)
    app.before_request(security.check_csrf)
    app.after_request(security.add_security_headers)
    _register_blueprints(app)
    _register_template_helpers(app)
    return app


def _import_models() -> None:
    """Every model module, so the metadata (and Alembic) sees the whole schema."""
    import lms.core.audit  # noqa: F401
    import lms.org.models  # noqa: F401


def _register_blueprints(app: Flask) -> None:
    from lms.org import api as org_api
    from lms.org import views as org_views
    from lms.web import openapi, pages

    for blueprint in (pages.bp, org_views.bp, org_api.bp, openapi.bp):
        app.register_blueprint(blueprint)


def _register_template_helpers(app: Flask) -> None:
    from lms.web import templating

    templating.register(app)
