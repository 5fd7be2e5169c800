"""A serving process warms itself up before its first request (lms.warm_up, called by lms.wsgi)."""
from __future__ import annotations

from lms import create_app, warm_up
from lms.core import registry
from lms.originality import words


def test_a_worker_is_warm_before_its_first_request():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "warm"})
    declared = app.extensions[registry.EXTENSION_KEY].warm_ups
    assert words.load_dictionary in declared  # the originality engine's dictionary, ~1 s on a first check
    told = []
    declared.append(lambda: told.append("warm"))
    assert "lms.openapi" not in app.extensions and not app.jinja_env.cache

    warm_up(app)

    assert told == ["warm"]
    assert app.extensions["lms.openapi"]["paths"]  # the document /api/v1/openapi.json answers with
    templates = app.jinja_env.list_templates(extensions=["html"])
    assert len(app.jinja_env.cache) == len(templates) > 100  # every page's template compiled
    with app.test_request_context("/"):
        from flask_babel import force_locale, gettext
        with force_locale("zh_CN"):
            assert gettext("Passed") == "合格"
