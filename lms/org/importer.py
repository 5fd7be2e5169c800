"""Bulk import of users from .xlsx or .csv, as schools keep their lists: every row checked, nothing created
unless all are valid.

The sheet is read by lms.core.spreadsheets.read_sheet (the header row is found below title rows, headers
have synonyms, every cell is NFKC-normalised). Decisions (docs/API.md, POST /users/import):

- no 用户名 column, or an empty cell: the phone number is the username (a teacher signs in with it);
  a row with neither is refused;
- no 单位 column, or an empty cell: the importing admin's school (a school admin never names a unit);
  an admin above a school names the unit by its code or its name within its subtree;
- every imported account must change its password at the first sign-in, given in the file or generated.
"""
from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from openpyxl import Workbook
from sqlalchemy import or_, select

from lms.core import scope
from lms.core.errors import RowErrors
from lms.core.spreadsheets import Sheet, append_row, cell_error, read_sheet
from lms.core.uploads import read_upload
from lms.org import services
from lms.org.models import OrgUnit

# Column key → accepted header spellings (the template's Chinese header first). Other columns (序号, 性别,
# 备注, …) are ignored.
COLUMNS = {
    "username": ("用户名", "账号", "帐号", "登录名", "username"),
    "name": ("姓名", "教师姓名", "学员姓名", "名字", "name"),
    "phone": ("手机号", "手机", "手机号码", "联系电话", "电话", "联系方式", "移动电话", "phone", "mobile"),
    "org_unit": ("单位代码", "学校代码", "学校标识码", "单位", "学校", "单位名称", "学校名称", "所在学校",
                 "工作单位", "任教学校", "org_unit_code", "school_code", "school"),
    "subject": ("学科", "任教学科", "任教科目", "科目", "subject"),
    "stage": ("学段", "任教学段", "stage"),
    "roles": ("角色", "身份", "roles", "role"),
    "password": ("初始密码", "密码", "password"),
}
REQUIRED = ("name",)
# Spellings of each role in a sheet (the first is the one messages offer); role ids are accepted too.
ROLE_SPELLINGS = {
    "teacher": ("教师", "老师", "学员", "参训教师", "参训学员", "任课教师"),
    "school_admin": ("校级管理员", "学校管理员", "校管理员"),
    "county_admin": ("区县管理员", "县级管理员", "县管理员", "区管理员"),
    "city_admin": ("市级管理员", "市管理员"),
    "province_admin": ("省级管理员", "省管理员"),
    "tutor": ("辅导员", "辅导教师"),
    "expert": ("专家",),
    "student": ("学生",),
}
ROLE_ALIASES = {spelling: role for role, spellings in ROLE_SPELLINGS.items() for spelling in spellings}
MAX_ROWS = 5000
# Rows in the file, blank or formatted ones included: checked in the zip before parsing.
MAX_SHEET_ROWS = 2 * MAX_ROWS + 100
_PHONE_NOISE = re.compile(r"[\s\-]")
_SEPARATORS = re.compile(r"[,;，、；/\s]+")


@dataclass
class ImportResult:
    created: int = 0
    errors: list[dict] = field(default_factory=list)
    users: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"created": self.created, "errors": self.errors, "users": self.users}


class UnknownRole(ValueError):
    pass


def parse_roles(text: str) -> list[str]:
    """Role ids of a 角色 cell ("教师、校级管理员"); empty means teacher. Raises UnknownRole naming the word."""
    roles = []
    for part in (p for p in _SEPARATORS.split(text) if p):
        role = ROLE_ALIASES.get(part) or (part.lower() if part.lower() in scope.ROLES else None)
        if role is None:
            raise UnknownRole(part)
        roles.append(role)
    return roles or ["teacher"]


def accepted_roles() -> str:
    return "、".join(spellings[0] if len(spellings) == 1 else f"{spellings[0]}（{'、'.join(spellings[1:3])}）"
                    for spellings in ROLE_SPELLINGS.values())


def normalise_phone(text: str) -> str:
    phone = _PHONE_NOISE.sub("", text)
    return phone[3:] if phone.startswith("+86") else phone


def _units_named(session, actor, sheet: Sheet) -> dict[str, list[OrgUnit]]:
    """The units of the actor's subtree that a 单位 cell may name, by code and by name."""
    values = {row.get("org_unit", "") for _n, row in sheet.rows} - {""}
    found: dict[str, list[OrgUnit]] = {}
    if not values:
        return found
    for unit in session.scalars(select(OrgUnit).where(or_(OrgUnit.code.in_(values), OrgUnit.name.in_(values)))):
        if not scope.covers(actor, unit):
            continue
        if unit.code in values:
            found.setdefault(unit.code, []).insert(0, unit)  # a code names one unit: it wins over names
        if unit.name in values and unit.name != unit.code:
            found.setdefault(unit.name, []).append(unit)
    return found


def import_users(session, actor, sheet: Sheet) -> ImportResult:
    """Create every row's user, or none and a list of what is wrong, by row and column."""
    result = ImportResult()
    label = {key: sheet.labels.get(key) or COLUMNS[key][0] for key in COLUMNS}
    units = _units_named(session, actor, sheet)
    home = scope.highest_admin_unit(actor)
    default_unit = home if home is not None and home.level == "school" else None
    seen_usernames: dict[str, int] = {}
    seen_phones: dict[str, int] = {}
    planned: list[tuple[int, services.NewUser]] = []
    for number, row in sheet.rows:
        problems: list[dict] = []

        def problem(key, message, number=number, problems=problems):
            problems.append(cell_error(number, label[key] if key else None, message))

        name = row.get("name", "")
        if not name:
            problem("name", _("The name is required."))
        phone = normalise_phone(row.get("phone", ""))
        username = row.get("username", "")
        username_key = "username"
        if not username and phone:
            username, username_key = phone, "phone"  # the phone number is the username
        if not username:
            problem("username" if "username" in sheet.keys else "phone",
                    _("Give a username or a phone number (the phone number then is the username)."))
        unit = default_unit
        unit_text = row.get("org_unit", "")
        if unit_text:
            candidates = units.get(unit_text, [])
            if not candidates:
                problem("org_unit", _("No unit with the code or name “%(value)s” in your area.", value=unit_text))
            elif len(candidates) > 1 and candidates[0].code != unit_text:
                problem("org_unit", _("Several units in your area are named “%(value)s”: give the unit code.",
                                      value=unit_text))
            unit = candidates[0] if candidates else None
        elif unit is None:
            problem("org_unit", _("Give the school's code or name: you administer more than one school."))
        try:
            roles = parse_roles(row.get("roles", ""))
        except UnknownRole as unknown:
            problem("roles", _("Unknown role “%(role)s”. Write one of: %(roles)s.", role=str(unknown),
                               roles=accepted_roles()))
            roles = None
        if phone and phone in seen_phones:
            problem("phone", _("The same phone number is on row %(row)d of this file.", row=seen_phones[phone]))
        elif username and username in seen_usernames:
            problem(username_key, _("The same username is on row %(row)d of this file.",
                                    row=seen_usernames[username]))
        if unit is not None and roles is not None and name and username and not problems:
            new = services.NewUser(username=username, name=name, org_unit=unit, roles=roles,
                                   password=row.get("password") or None, phone=phone or None,
                                   subject=row.get("subject") or None, stage=row.get("stage") or None)
            for key, message in services.validate_new_user(session, actor, new).items():
                if key == "username" and username_key == "phone":
                    message = _("As the username: %(message)s", message=message)
                problem(username_key if key == "username" else key, message)
            planned.append((number, new))
        seen_usernames.setdefault(username, number)
        if phone:
            seen_phones.setdefault(phone, number)
        result.errors.extend(problems)
    if result.errors:
        return result
    for number, new in planned:
        user, generated = services.create_user(session, actor, new)
        user.must_change_password = True  # every imported account chooses its own password at first sign-in
        result.users.append({"row": number, "id": user.id, "username": user.username, "name": user.name,
                             "org_unit": new.org_unit.name, "initial_password": generated})
    result.created = len(planned)
    return result


def read(filename: str, data: bytes) -> Sheet:
    return read_sheet(filename, data, COLUMNS, required=REQUIRED, max_rows=MAX_ROWS, max_sheet_rows=MAX_SHEET_ROWS)


def import_upload(session, actor, upload, max_bytes: int) -> ImportResult:
    """An uploaded sheet, every row checked, then all its users created; shared by the API and the page.

    A sheet with problem rows creates nobody and is refused whole (``RowErrors``, each row named)."""
    data = read_upload(upload, max_bytes, (".xlsx", ".csv"))
    result = import_users(session, actor, read(upload.filename, data))
    if result.errors:
        rows = len({e["row"] for e in result.errors})
        raise RowErrors(_("Nothing was imported: %(n)d rows have problems.", n=rows), result.errors,
                        extra={"created": 0, "users": []})
    return result


def passwords_workbook(users: list[dict]) -> bytes:
    """The imported accounts with their initial passwords, for the admin to hand out: made in the answer to
    the import itself and never stored (the passwords cannot be fetched again)."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = "accounts"
    append_row(sheet, [_("Name"), _("Username"), _("Unit"), _("Initial password"), _("Note")])
    for user in users:
        append_row(sheet, [user["name"], user["username"], user.get("org_unit", ""),
                           user["initial_password"] or _("(as given in the file)"),
                           _("Must be changed at the first sign-in.")])
    for column, width in zip("ABCDE", (12, 16, 24, 16, 24)):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def passwords_data_url(users: list[dict]) -> str:
    return ("data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,"
            + base64.b64encode(passwords_workbook(users)).decode())


def template_workbook() -> bytes:
    """The downloadable import template: the header and example rows (a school admin may drop 用户名 and
    单位代码: the phone number is the username, the school its own)."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = "users"
    append_row(sheet, ["序号", "姓名", "手机号", "学科", "学段", "角色", "用户名", "单位代码", "初始密码", "备注"])
    append_row(sheet, [1, "张三", "13800000001", "语文", "小学", "教师", "", "320102001", "", ""])
    append_row(sheet, [2, "李四", "13800000002", "数学", "初中", "教师", "lisi02", "320102001", "Init2024pw", ""])
    for column in "ABCDEFGHIJ":
        sheet.column_dimensions[column].width = 14
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
