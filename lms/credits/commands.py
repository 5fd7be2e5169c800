"""``lms credits post-grades``: post the entries of final, passed grades that have none yet (a backfill).

Grading posts them as grades become final (the hook ``credits.grades_settled``); this catches grades that
became final before the credit record existed. Idempotent: one entry per enrollment.
"""
from __future__ import annotations

import click
from flask import Blueprint

from lms.credits import services
from lms.extensions import db

bp = Blueprint("credits_cli", __name__, cli_group="credits")
bp.cli.help = "Continuing-education credits."


@bp.cli.command("post-grades")
def post_grades_command() -> None:
    """Post every final, passed grade's entry that is missing; withdraw those whose grade no longer passes."""
    changed = services.post_final_grades(db.session)
    db.session.commit()
    click.echo(f"{len(changed)} entries posted or changed")
