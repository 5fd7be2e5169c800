"""``lms originality rebuild``: derive the fingerprint index again from the stored documents."""
from __future__ import annotations

import time

import click
from flask import Blueprint

from lms.core.db import hold_write_lock
from lms.extensions import db
from lms.originality.store import rebuild

bp = Blueprint("originality_cli", __name__, cli_group="originality")
bp.cli.help = "The originality index: rebuild it from the stored documents."


@bp.cli.command("rebuild")
def rebuild_command() -> None:
    """Rebuild the postings from every stored document, oldest first (after a fingerprint scheme
    change, or to repair the index). Runs in one transaction: checks wait on it, never see half."""
    started = time.monotonic()
    hold_write_lock(db.session)
    documents, postings = rebuild(db.session)
    db.session.commit()
    click.echo(f"re-indexed {documents} documents, {postings} postings in {time.monotonic() - started:.1f} s")
