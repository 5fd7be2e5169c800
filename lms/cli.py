"""The ``lms`` command: init, bootstrap, serve (and Flask's own commands, e.g. ``lms db``)."""
from __future__ import annotations

import click
from flask.cli import FlaskGroup, with_appcontext

from lms import create_app


@click.group(cls=FlaskGroup, create_app=create_app, add_default_commands=True, add_version_option=False)
def main() -> None:
    """Province-scale online teacher training."""


def run_migrations() -> None:
    from flask_migrate import upgrade

    upgrade()


@main.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the database to the newest schema."""
    run_migrations()
    click.echo("database is up to date")


@main.command("bootstrap")
@click.option("--admin-username", required=True)
@click.option("--admin-password", required=True)
@click.option("--province-name", default="江苏省", show_default=True)
@click.option("--province-code", default="320000", show_default=True)
@with_appcontext
def bootstrap_command(admin_username: str, admin_password: str, province_name: str, province_code: str) -> None:
    """The province unit and its first province admin (idempotent)."""
    from lms.extensions import db
    from lms.org.bootstrap import bootstrap

    try:
        unit, admin, created = bootstrap(db.session, admin_username, admin_password, province_name, province_code)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    db.session.commit()
    click.echo(f"{'created' if created else 'exists'}: province {unit.name} ({unit.code}), admin {admin.username}")


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--demo", is_flag=True, help="Load the Jiangsu demo and print its accounts.")
@with_appcontext
def serve_command(host: str, port: int, demo: bool) -> None:
    """Run init, then serve the app (production: gunicorn wsgi:app)."""
    from flask import current_app

    run_migrations()
    if demo:
        from lms.demo.loader import load_demo, print_accounts
        from lms.extensions import db

        accounts = load_demo(db.session, progress=True)
        db.session.commit()
        print_accounts(accounts)
    if current_app.config["MEDIA_DELIVERY"] != "app":
        click.echo(f"videos are streamed by this server (MEDIA_DELIVERY {current_app.config['MEDIA_DELIVERY']} "
                   "needs nginx in front, see docs/DEPLOYMENT.md)")
        current_app.config["MEDIA_DELIVERY"] = "app"
    # app.run() refuses to run under the flask CLI; call the server it would have called.
    from werkzeug.serving import run_simple

    click.echo(f"serving on http://{host}:{port}")
    run_simple(host, port, current_app._get_current_object(), threaded=True, use_reloader=False)




@main.command("unlock")
@click.argument("username")
@with_appcontext
def unlock_command(username: str) -> None:
    """Clear the failed sign-in counters of USERNAME (for the top admin, whom no admin above can unlock)."""
    from lms.extensions import db
    from lms.org import throttle
    from lms.org.models import User
    from sqlalchemy import select

    throttle.clear_account(db.session, username)
    user = db.session.scalar(select(User).where(User.username == username))
    if user is not None:
        user.failed_logins, user.locked_until = 0, None
    db.session.commit()
    click.echo(f"sign-in counters of {username} cleared")


@main.command("worker")
@click.option("--burst", is_flag=True, help="Run the jobs waiting now, then stop.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run background jobs (video transcoding, exports) from the Redis queue at LMS_REDIS_URL, with RQ's
    scheduler: the periodic work (grades final when grading closes, expired exports removed) is scheduled
    at start (once, however many workers start) and each run schedules the next."""
    from flask import current_app
    from rq import SimpleWorker

    from lms.core import jobs

    connection = jobs.connection()
    if not jobs.redis_answers(connection):
        raise click.ClickException("no Redis answers at LMS_REDIS_URL; without one, jobs run in the web process")
    click.echo(f"working on queue {jobs.QUEUE!r}" + (" until it is empty" if burst else ""))
    if jobs.schedule_tick(connection):
        click.echo("periodic work scheduled (every %d s)" % current_app.config["JOBS_TICK_SECONDS"])
    class Worker(SimpleWorker):
        """One process, no fork per job: each job gets its own app context and database session
        (jobs.perform). No pub/sub channel for rq's remote commands: stopping the process stops it, and
        leaving the channel could hold a burst run for a minute."""

        def subscribe(self) -> None:
            pass

        def unsubscribe(self) -> None:
            pass

    Worker([jobs.queue(connection)], connection=connection).work(burst=burst, with_scheduler=True)


@main.command("tick")
@with_appcontext
def tick_command() -> None:
    """Run the periodic work once now (grades final where grading closed, expired exports removed)."""
    from flask import current_app

    from lms.core import jobs

    for name in jobs.PERIODIC:
        jobs.run(current_app._get_current_object(), name, ())
    click.echo(f"ran {', '.join(jobs.PERIODIC)}")


if __name__ == "__main__":
    main()
