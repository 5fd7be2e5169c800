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
    import lms.projects.models  # noqa: F401
    import lms.quotas.models  # noqa: F401
    import lms.enrollment.models  # noqa: F401
    import lms.tracking.models  # noqa: F401


def _register_blueprints(app: Flask) -> None:
    from lms.enrollment import api as enrollment_api
    from lms.enrollment import views as enrollment_views
    from lms.org import api as org_api
    from lms.org import views as org_views
    from lms.projects import api as projects_api
    from lms.projects import lesson_api, lesson_views
    from lms.projects import views as projects_views
    from lms.quotas import api as quotas_api
    from lms.quotas import views as quotas_views
    from lms.tracking import api as tracking_api
    from lms.tracking import views as tracking_views
    from lms.web import openapi, pages

    for blueprint in (pages.bp, openapi.bp, org_views.bp, org_api.bp, projects_views.bp, projects_api.bp,
                      lesson_views.bp, lesson_api.bp, quotas_views.bp, quotas_api.bp, enrollment_views.bp,
                      enrollment_api.bp, tracking_views.bp, tracking_api.bp):
        app.register_blueprint(blueprint)


def _register_template_helpers(app: Flask) -> None:
    from lms.web import templating

    templating.register(app)
