"""``lms grades recompute``: bring a batch's stored grades up to date, freeze them once grading closed and
issue the certificates of the final, passed ones.

Pages and the API compute grades on read without storing them; the stored grades (what reports count and
what certificates attest) are kept current here and where an input changes (forum, verdicts). Grades become
final when grading closes without any cron line: ``finalise_due_job`` is periodic work of the job queue
(lms.core.jobs.PERIODIC, run by ``lms worker``'s scheduler, or in the web process without Redis);
``lms grades finalise`` runs the same at once.
"""
from __future__ import annotations

import logging
import time

import click
from flask import Blueprint

from lms.extensions import db
from lms.core import clock
from lms.core.db import hold_write_lock
from lms.grading.services import batches_due, finalise_due, recompute_batch

bp = Blueprint("grading_cli", __name__, cli_group="grades")
bp.cli.help = "Grades: recompute a batch's stored grades; make final those whose grading closed."
log = logging.getLogger(__name__)


@bp.cli.command("recompute")
@click.option("--batch-id", type=int, required=True, help="The batch whose active enrollments to grade.")
def recompute_command(batch_id: int) -> None:
    """Recompute the batch's grades; those whose grading has closed become final, passes get certificates."""
    started = time.monotonic()
    grades = recompute_batch(db.session, batch_id)
    db.session.commit()
    final = sum(1 for g in grades if g.final)
    click.echo(f"{len(grades)} grades ({final} final) in {time.monotonic() - started:.1f} s")


@bp.cli.command("finalise")
def finalise_command() -> None:
    """Every batch whose grading has closed: grades stored as final, certificates issued (what the job
    queue's periodic work does on its own)."""
    done = finalise_due(db.session)
    db.session.commit()
    click.echo(f"{len(done)} batches finalised: " + ", ".join(f"batch {b}: {n} final" for b, n in done.items()))


def finalise_due_job() -> None:
    """The periodic task (lms.core.jobs.PERIODIC): one transaction per batch, so one failing leaves the others."""
    due = [batch.id for batch in batches_due(db.session, clock.now())]
    db.session.rollback()  # end the read: each batch below is its own writing transaction
    for batch_id in due:
        try:
            hold_write_lock(db.session)
            finals = sum(1 for g in recompute_batch(db.session, batch_id) if g.final)
            db.session.commit()
            log.info("grading closed: batch %s has %d final grades", batch_id, finals)
        except Exception:  # noqa: BLE001 - logged; the next tick tries again
            db.session.rollback()
            log.exception("finalising the grades of batch %s failed", batch_id)
