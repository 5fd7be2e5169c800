"""Bulk import of users from .xlsx or .csv: every row checked, nothing created unless all are valid."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from flask_babel import gettext as _
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from lms.core import scope
from lms.core.errors import DomainError, InvalidInput, RowErrors
from lms.core.spreadsheets import append_row, check_xlsx
from lms.core.uploads import read_upload
from lms.org import services
from lms.org.models import OrgUnit

# Column key → accepted header spellings (the template's Chinese header first).
COLUMNS = {
    "username": ("用户名", "username"),
    "name": ("姓名", "name"),
    "phone": ("手机号", "phone"),
    "org_unit_code": ("单位代码", "org_unit_code", "school_code"),
    "subject": ("学科", "subject"),
    "stage": ("学段", "stage"),
    "roles": ("角色", "roles"),
    "password": ("初始密码", "password"),
}
REQUIRED = ("username", "name", "org_unit_code")
ROLE_ALIASES = {
    "教师": "teacher", "学员": "teacher", "校级管理员": "school_admin", "县级管理员": "county_admin",
    "区县管理员": "county_admin", "市级管理员": "city_admin", "省级管理员": "province_admin",
    "辅导员": "tutor", "专家": "expert",
}
MAX_ROWS = 5000
# Rows in the file, blank or formatted ones included: checked in the zip before parsing.
MAX_SHEET_ROWS = 2 * MAX_ROWS + 100


@dataclass
class ImportResult:
    created: int = 0
    errors: list[dict] = field(default_factory=list)
    users: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"created": self.created, "errors": self.errors, "users": self.users}


def read_rows(filename: str, data: bytes) -> list[dict[str, str]]:
    """Rows as {column key: text}; raises DomainError for an unreadable or unknown file."""
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        table = _xlsx_table(data)
    elif lower.endswith(".csv"):
        table = _csv_table(data)
    else:
        raise DomainError("unsupported_media_type", _("Upload an .xlsx or .csv file."), status=415)
    if not table:
        raise InvalidInput(_("The file is empty."), {"file": _("The file is empty.")})
    header, *body = table
    keys = _header_keys(header)
    rows = []
    for values in body:
        if not any((v or "").strip() for v in values):
            continue
        rows.append({key: (values[i] if i < len(values) else "").strip() for i, key in keys.items()})
    if len(rows) > MAX_ROWS:
        raise InvalidInput(_("At most %(n)d rows per file.", n=MAX_ROWS), {"file": _("Too many rows.")})
    return rows


def _xlsx_table(data: bytes) -> list[list[str]]:
    check_xlsx(data, max_rows=MAX_SHEET_ROWS)
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise InvalidInput(_("This is not a readable .xlsx file."), {"file": str(exc)[:200]}) from None
    return [["" if v is None else _cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def _cell_text(value) -> str:
    # Excel turns long digit strings (phones, codes) into numbers: write them back without ".0".
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _csv_table(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GB18030
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InvalidInput(_("The CSV file must be UTF-8 or GB18030 text."), {"file": _("Unknown text encoding.")})
    return list(csv.reader(io.StringIO(text)))


def _header_keys(header: list[str]) -> dict[int, str]:
    spelling = {alias.lower(): key for key, aliases in COLUMNS.items() for alias in aliases}
    keys = {i: spelling[h.strip().lower()] for i, h in enumerate(header) if h and h.strip().lower() in spelling}
    missing = [COLUMNS[k][0] for k in REQUIRED if k not in keys.values()]
    if missing:
        raise InvalidInput(_("Missing columns: %(columns)s. Download the template.", columns="、".join(missing)),
                           {"file": _("Missing columns.")})
    return keys


def parse_roles(text: str) -> list[str]:
    parts = [p.strip() for p in text.replace("，", ",").replace("、", ",").split(",") if p.strip()]
    return [ROLE_ALIASES.get(p, p) for p in parts] or ["teacher"]


def import_users(session, actor, rows: list[dict[str, str]]) -> ImportResult:
    """Create every row's user, or none and a row-by-row list of what is wrong."""
    result = ImportResult()
    codes = {r.get("org_unit_code", "") for r in rows}
    units = {u.code: u for u in session.scalars(select(OrgUnit).where(OrgUnit.code.in_(codes)))}
    seen_usernames: set[str] = set()
    seen_phones: set[str] = set()
    planned: list[services.NewUser] = []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        problems = [_("%(column)s is required.", column=COLUMNS[k][0]) for k in REQUIRED if not row.get(k)]
        unit = units.get(row.get("org_unit_code", ""))
        if row.get("org_unit_code") and (unit is None or not scope.covers(actor, unit)):
            problems.append(_("No org unit with code %(code)s in your area.", code=row["org_unit_code"]))
        if not problems:
            new = services.NewUser(username=row["username"], name=row["name"], org_unit=unit,
                                   roles=parse_roles(row.get("roles", "")), password=row.get("password") or None,
                                   phone=row.get("phone") or None, subject=row.get("subject") or None,
                                   stage=row.get("stage") or None)
            fields = services.validate_new_user(session, actor, new, taken_usernames=seen_usernames,
                                                taken_phones=seen_phones)
            problems.extend(f"{_column_label(k)}: {message}" for k, message in fields.items())
            planned.append(new)
        seen_usernames.add(row.get("username", ""))
        if row.get("phone"):
            seen_phones.add(row["phone"])
        if problems:
            result.errors.append({"row": number, "message": "；".join(problems)})
    if result.errors:
        return result
    for number, new in enumerate(planned, start=2):
        user, generated = services.create_user(session, actor, new)
        result.users.append({"row": number, "id": user.id, "username": user.username, "initial_password": generated})
    result.created = len(planned)
    return result


def import_upload(session, actor, upload, max_bytes: int) -> ImportResult:
    """An uploaded sheet, every row checked, then all its users created; shared by the API and the page.

    A sheet with problem rows creates nobody and is refused whole (``RowErrors``, each row named)."""
    data = read_upload(upload, max_bytes, (".xlsx", ".csv"))
    result = import_users(session, actor, read_rows(upload.filename, data))
    if result.errors:
        raise RowErrors(_("Nothing was imported: %(n)d rows have problems.", n=len(result.errors)), result.errors,
                        extra={"created": 0, "users": []})
    return result


def _column_label(key: str) -> str:
    return {"roles": COLUMNS["roles"][0], "password": COLUMNS["password"][0]}.get(key, COLUMNS.get(key, (key,))[0])


def template_workbook() -> bytes:
    """The downloadable import template: the header and two example rows."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = "users"
    append_row(sheet, [aliases[0] for aliases in COLUMNS.values()])
    append_row(sheet, ["zhangsan01", "张三", "13800000001", "320102001", "语文", "小学", "教师", ""])
    append_row(sheet, ["lisi02", "李四", "13800000002", "320102001", "数学", "初中", "教师", "Init2024pw"])
    for column in "ABCDEFGH":
        sheet.column_dimensions[column].width = 16
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
