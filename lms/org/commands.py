"""``lms org import FILE``: set a province's organisation tree up from its own lists (as the system: the
whole province), with ``--dry-run`` to see what would change first."""
from __future__ import annotations

import json
import time
from pathlib import Path

import click
from flask import Blueprint

from lms.core.errors import DomainError
from lms.extensions import db
from lms.org import tree_import

bp = Blueprint("org_cli", __name__, cli_group="org")
bp.cli.help = "Org tree: import cities, counties and schools."


@bp.cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the sheet and say what would change; write nothing.")
def import_command(file: Path, dry_run: bool) -> None:
    """Import the units of FILE (.xlsx or .csv; see docs/API.md, POST /org-units/import): all rows or none."""
    started = time.monotonic()
    try:
        answer = tree_import.run(db.session, None, file.name, file.read_bytes(), dry_run=dry_run)
    except DomainError as error:
        db.session.rollback()
        for row in error.extra.get("errors", [])[:50]:
            click.echo(row["message"], err=True)
        raise click.ClickException(error.message) from None
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    summary = {k: answer[k] for k in ("dry_run", "created", "changed", "unchanged", "created_by_level")}
    click.echo(json.dumps(summary | {"seconds": round(time.monotonic() - started, 2)}, ensure_ascii=False))
