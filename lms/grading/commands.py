"""``lms grades recompute``: bring a batch's stored grades up to date, freeze them once grading closed and
issue the certificates of the final, passed ones.

Pages and the API compute grades on read without storing them; the stored grades (what reports count and
what certificates attest) are kept current here — run it daily from cron: the run after a batch's grading
closed makes its grades final and issues their certificates — and where an input changes (forum, verdicts).
"""
from __future__ import annotations

import time

import click
from flask import Blueprint

from lms.extensions import db
from lms.grading.services import recompute_batch

bp = Blueprint("grading_cli", __name__, cli_group="grades")
bp.cli.help = "Grades: recompute a batch's stored grades."


@bp.cli.command("recompute")
@click.option("--batch-id", type=int, required=True, help="The batch whose active enrollments to grade.")
def recompute_command(batch_id: int) -> None:
    """Recompute the batch's grades; those whose grading has closed become final, passes get certificates."""
    started = time.monotonic()
    grades = recompute_batch(db.session, batch_id)
    db.session.commit()
    final = sum(1 for g in grades if g.final)
    click.echo(f"{len(grades)} grades ({final} final) in {time.monotonic() - started:.1f} s")
