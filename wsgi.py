"""Production entry point from a checkout: ``gunicorn wsgi:app`` (an installed wheel: ``lms.wsgi:app``)."""
from lms.wsgi import app  # noqa: F401
