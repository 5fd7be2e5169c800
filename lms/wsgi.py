"""Production entry point: ``gunicorn lms.wsgi:app`` (works from a checkout and from an installed wheel)."""
from lms import create_app

app = create_app()
