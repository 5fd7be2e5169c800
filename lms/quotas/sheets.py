"""Quota sheets: the children's seats of one batch to Excel and back (all rows or none)."""
from __future__ import annotations

from flask_babel import gettext as _
from openpyxl import Workbook

from lms.core.errors import DomainError, InvalidInput, RowErrors
from lms.core.spreadsheets import append_header, append_row, read_rows, workbook_bytes
from lms.core.uploads import read_upload
from lms.org import queries as org_queries
from lms.quotas import services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Column key → accepted header spellings, the sheet's own (Chinese) header first, like the user import.
COLUMNS = {
    "org_unit_id": ("单位ID", "org_unit_id", "id"),
    "code": ("单位代码", "code"),
    "name": ("单位名称", "name"),
    "seats": ("名额", "seats"),
    "allocated": ("已下发", "allocated"),
    "enrolled": ("已报名", "enrolled"),
    "available": ("剩余", "available"),
}
MAX_ROWS = 2000
# Rows in the file, blank or formatted ones included: checked in the zip before parsing.
MAX_SHEET_ROWS = 2 * MAX_ROWS + 100


def export_workbook(batch, parent, rows: list[dict]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Batch %(n)d", n=batch.number)[:31]
    append_header(sheet, [spellings[0] for spellings in COLUMNS.values()])
    for row in rows:
        append_row(sheet, [row["org_unit_id"], row["code"], row["name"], row["seats"], row["allocated"], row["enrolled_in_area"],
                      row["available"]])
    sheet.column_dimensions["C"].width = 28
    # Where the sheet came from, so an import into the wrong batch or unit is easy to spot.
    meta = book.create_sheet(_("About this sheet")[:31])
    append_row(meta, [_("Project"), batch.project.code, batch.project.name])
    append_row(meta, [_("Batch"), batch.number, batch.starts_on.isoformat()])
    append_row(meta, [_("Parent unit"), parent.code or parent.id, parent.name])
    return workbook_bytes(book)


def read_sheet(data: bytes) -> list[tuple[int, dict]]:
    """(row number, {key: value}) for each non-empty row of the first sheet."""
    found, rows = read_rows(data, COLUMNS, max_rows=MAX_ROWS, max_sheet_rows=MAX_SHEET_ROWS)
    if "seats" not in found or not {"org_unit_id", "code"} & found:
        raise InvalidInput(_("The sheet needs a seats column and a unit ID or code column."),
                           {"file": _("Use the exported sheet as the template.")})
    return rows


def _whole_number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def import_seats(session, actor, batch, parent, children: list, rows: list[tuple[int, dict]]) -> dict:
    """Set each listed child's seats; returns {updated, errors}. The caller rolls back when errors."""
    by_id = {c.id: c for c in children}
    by_code = {c.code: c for c in children if c.code}
    plan, errors = [], []
    for number, row in rows:
        unit = by_id.get(_whole_number(row.get("org_unit_id"))) or by_code.get(str(row.get("code") or "").strip())
        seats = _whole_number(row.get("seats"))
        if unit is None:
            errors.append({"row": number, "message": _("Not a unit directly under %(name)s.", name=parent.name)})
        elif seats is None or not 0 <= seats <= 10_000_000:
            errors.append({"row": number, "message": _("Seats must be a whole number of at least 0.")})
        else:
            plan.append((number, unit, seats))
    if errors:
        return {"updated": 0, "errors": errors}
    services.hold_write_lock(session)
    current = {r.org_unit_id: r.seats for r in services.rows_of(session, batch.id, [u.id for _n, u, _s in plan])}
    # Decreases first: seats freed by one row may be handed to another in the same sheet.
    plan.sort(key=lambda item: item[2] - current.get(item[1].id, 0))
    updated = 0
    for number, unit, seats in plan:
        if current.get(unit.id, 0) == seats:
            continue
        try:
            services.set_seats(session, actor, batch, unit, seats)
            updated += 1
        except DomainError as error:
            errors.append({"row": number, "message": f"{unit.name}: {error.message}"})
    return {"updated": 0 if errors else updated, "errors": errors}


def import_upload(session, actor, batch, parent, upload, max_bytes: int) -> dict:
    """An uploaded sheet, checked then applied to ``parent``'s children: all rows or none.

    Shared by the API and the page; a sheet with problem rows is refused whole (``RowErrors``)."""
    data = read_upload(upload, max_bytes, (".xlsx",))
    result = import_seats(session, actor, batch, parent, org_queries.children(session, parent), read_sheet(data))
    if result["errors"]:
        raise RowErrors(_("Nothing was changed: %(n)d rows have problems.", n=len(result["errors"])),
                        result["errors"], extra={"updated": 0})
    return result


def file_name(batch, unit) -> str:
    return f"quotas-{batch.project.code}-{batch.number}-{unit.code or unit.id}.xlsx"
