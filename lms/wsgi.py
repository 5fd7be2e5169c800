"""Production entry point: ``gunicorn lms.wsgi:app`` (works from a checkout and from an installed wheel).

Each worker imports this module, so each warms itself up before it takes its first request (``lms.warm_up``)."""
from lms import create_app, warm_up

app = create_app()
warm_up(app)
