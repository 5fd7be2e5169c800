"""Import of the organisation tree (cities, counties, schools) from .xlsx or .csv: all rows or none.

A province is set up from its own lists: one row per unit with its code (a school's national 10-digit
identification code where known), name, parent code (blank: the importing admin's own unit), level
(optional: the parent's next level), kind (小学, 初中, …) and teacher count. Rows may come in any order;
a parent may be an existing unit of the importer's subtree or a row of the same sheet.

A unit whose code exists already is compared, not created again: a different name, kind or teacher count
is a change (an empty cell keeps what is stored), the same values are nothing at all, so re-importing a
sheet changes nothing. Units are never moved or removed by an import.

``plan`` checks everything and says what would happen (the preview); ``apply`` then writes it with bulk
statements (one INSERT … RETURNING per level), so a province's ~15,600 schools take seconds.
"""
from __future__ import annotations

import io
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import gettext as _
from openpyxl import Workbook
from sqlalchemy import insert, select, update

from lms.core import audit, clock, scope
from lms.core.errors import DomainError, InvalidInput, RowErrors
from lms.core.spreadsheets import Sheet, append_row, cell_error, read_sheet
from lms.org import policies
from lms.org.models import OrgUnit

COLUMNS = {
    "code": ("代码", "单位代码", "学校标识码", "学校代码", "机构代码", "行政区划代码", "code"),
    "name": ("名称", "单位名称", "学校名称", "机构名称", "name"),
    "parent_code": ("上级代码", "上级单位代码", "所属单位代码", "上级", "parent_code"),
    "level": ("层级", "级别", "level"),
    "kind": ("类型", "办学类型", "学校类型", "学段", "kind"),
    "teacher_count": ("教师数", "教师人数", "专任教师数", "teacher_count"),
}
REQUIRED = ("code", "name")
LEVEL_WORDS = {
    "市": "city", "市级": "city", "地级市": "city", "city": "city",
    "县": "county", "区": "county", "区县": "county", "县区": "county", "县级": "county", "县级市": "county",
    "county": "county",
    "学校": "school", "校": "school", "school": "school",
}
LEVEL_LABELS = {"province": "省", "city": "市", "county": "区县", "school": "学校"}
MAX_ROWS = 30_000
MAX_SHEET_ROWS = MAX_ROWS + 200
LIST_LIMIT = 1000  # rows of the create and change lists an answer carries (the counts are complete)
_CODE = re.compile(r"^[0-9A-Za-z_-]{1,32}$")
_COLUMNS_READ = (OrgUnit.id, OrgUnit.code, OrgUnit.name, OrgUnit.level, OrgUnit.parent_id, OrgUnit.kind,
                 OrgUnit.teacher_count, OrgUnit.province_id, OrgUnit.city_id, OrgUnit.county_id, OrgUnit.school_id)


@dataclass
class Entry:
    number: int
    code: str
    name: str
    parent_code: str
    level: str | None
    kind: str | None
    teacher_count: int | None
    ok: bool = True
    parent: object = None  # the stored parent unit (None: a unit of this sheet, or not known yet)
    existing: object = None  # the stored unit of this code


@dataclass
class Plan:
    root: object
    errors: list[dict] = field(default_factory=list)
    creates: list[Entry] = field(default_factory=list)
    changes: list[tuple[Entry, dict]] = field(default_factory=list)
    unchanged: int = 0

    def to_dict(self, dry_run: bool) -> dict:
        by_level = {level: 0 for level in scope.LEVELS[1:]}
        for entry in self.creates:
            by_level[entry.level] += 1
        return {"dry_run": dry_run, "created": len(self.creates), "changed": len(self.changes),
                "unchanged": self.unchanged, "created_by_level": by_level, "errors": self.errors,
                "create": [{"row": e.number, "code": e.code, "name": e.name, "level": e.level,
                            "parent_code": e.parent_code or None} for e in self.creates[:LIST_LIMIT]],
                "change": [{"row": e.number, "code": e.code, "changes": c} for e, c in self.changes[:LIST_LIMIT]]}


def read(filename: str, data: bytes) -> Sheet:
    return read_sheet(filename, data, COLUMNS, required=REQUIRED, max_rows=MAX_ROWS, max_sheet_rows=MAX_SHEET_ROWS)


def import_root(session, actor):
    """The unit whose subtree an import fills: the actor's top admin unit; for the system (``lms org
    import``), the province."""
    if actor is not None:
        return scope.admin_root(session, actor)
    root = session.scalar(select(OrgUnit).where(OrgUnit.level == "province").order_by(OrgUnit.id))
    if root is None:
        raise InvalidInput(_("There is no province yet: run lms bootstrap first."))
    return root


def _in_chunks(values: list[str], size: int = 5000):
    for start in range(0, len(values), size):
        yield values[start:start + size]


def plan(session, actor, sheet: Sheet) -> Plan:
    """Every row checked against the sheet and the stored tree; nothing is written."""
    root = import_root(session, actor)
    if actor is not None and not policies.can_create_child(actor, root):
        raise DomainError("forbidden", _("Only the admins of a province, city or county import units."), status=403)
    result = Plan(root=root)
    label = {key: sheet.labels.get(key) or COLUMNS[key][0] for key in COLUMNS}
    entries: dict[str, Entry] = {}

    def problem(entry_or_number, key, message):
        number = entry_or_number.number if isinstance(entry_or_number, Entry) else entry_or_number
        if isinstance(entry_or_number, Entry):
            entry_or_number.ok = False
        result.errors.append(cell_error(number, label[key] if key else None, message))

    for number, row in sheet.rows:
        code, name = row.get("code", ""), row.get("name", "")
        bad = len(result.errors)
        if not code:
            problem(number, "code", _("The code is required."))
        elif not _CODE.match(code):
            problem(number, "code", _("At most 32 letters, digits, - or _."))
        elif code in entries:
            problem(number, "code", _("The same code is on row %(row)d of this file.", row=entries[code].number))
        if not name:
            problem(number, "name", _("The unit's name is required."))
        elif len(name) > 120:
            problem(number, "name", _("At most %(n)d characters.", n=120))
        level = None
        if row.get("level"):
            level = LEVEL_WORDS.get(row["level"].lower())
            if level is None:
                problem(number, "level", _("Unknown level “%(value)s”. Write one of: 市、区县、学校.", value=row["level"]))
        teacher_count = None
        if row.get("teacher_count"):
            text = row["teacher_count"]
            if not text.isdigit() or int(text) > 10_000_000:
                problem(number, "teacher_count", _("A whole number of teachers, 0 or more."))
            else:
                teacher_count = int(text)
        kind = row.get("kind") or None
        if kind and len(kind) > 32:
            problem(number, "kind", _("At most %(n)d characters.", n=32))
        if code and code not in entries:
            entries[code] = Entry(number, code, name, row.get("parent_code", ""), level, kind, teacher_count,
                                  ok=len(result.errors) == bad)

    stored = {r.code: r for r in session.execute(select(*_COLUMNS_READ).where(scope.subtree_filter(OrgUnit, root)))
              if r.code}
    elsewhere: set[str] = set()
    wanted = sorted({c for c in entries if c not in stored} |
                    {e.parent_code for e in entries.values() if e.parent_code and e.parent_code not in stored})
    for chunk in _in_chunks(wanted):
        elsewhere.update(session.scalars(select(OrgUnit.code).where(OrgUnit.code.in_(chunk))))

    levels: dict[str, str | None] = {}

    def resolve(entry: Entry, path: tuple[str, ...] = ()) -> str | None:
        """The entry's level (None when it or a parent has a problem); sets its parent id when stored."""
        if entry.code in levels:
            return levels[entry.code]
        levels[entry.code] = None
        parent_code = entry.parent_code
        stored_self = stored.get(entry.code)
        if stored_self is not None and stored_self.id == root.id:
            parent_level = None  # the importer's own unit: its place is not the sheet's to say
        elif not parent_code:
            parent_level, entry.parent = root.level, root
        elif parent_code == entry.code or parent_code in path:
            problem(entry, "parent_code", _("The units of this file are their own parents (a loop)."))
            return None
        elif parent_code in entries:
            parent = entries[parent_code]
            parent_level = resolve(parent, path + (entry.code,))
            if parent_level is None:
                if entry.ok:
                    problem(entry, "parent_code", _("The parent unit (row %(row)d) has a problem.", row=parent.number))
                return None
            entry.parent = stored.get(parent_code)
        elif parent_code in stored:
            parent_level, entry.parent = stored[parent_code].level, stored[parent_code]
        elif parent_code in elsewhere:
            problem(entry, "parent_code", _("The unit %(code)s is outside your area.", code=parent_code))
            return None
        else:
            problem(entry, "parent_code", _("No unit with the code %(code)s in your area or in this file.",
                                            code=parent_code))
            return None
        level = stored_self.level if parent_level is None else scope.child_level(parent_level)
        if level is None:
            problem(entry, "parent_code", _("A school has no units below it."))
            return None
        if entry.level and entry.level != level:
            problem(entry, "level", _("Under a unit of level “%(parent)s” come units of level “%(level)s”.",
                                      parent=LEVEL_LABELS[parent_level or root.level], level=LEVEL_LABELS[level]))
            return None
        if not entry.ok:
            return None
        entry.level = level
        levels[entry.code] = level
        return level

    for entry in entries.values():
        resolve(entry)
    for entry in entries.values():
        if not entry.ok or levels.get(entry.code) is None:
            continue
        unit = stored.get(entry.code)
        if unit is None:
            if entry.code in elsewhere:
                problem(entry, "code", _("Another unit, outside your area, has the code %(code)s.", code=entry.code))
            else:
                result.creates.append(entry)
            continue
        if unit.id != root.id and (entry.parent is None or entry.parent.id != unit.parent_id):
            problem(entry, "parent_code", _("%(name)s (%(code)s) exists under another parent; an import does not "
                                            "move units.", name=unit.name, code=unit.code))
            continue
        changes = {}
        if entry.name != unit.name:
            changes["name"] = [unit.name, entry.name]
        if entry.kind is not None and entry.kind != unit.kind:
            changes["kind"] = [unit.kind, entry.kind]
        if entry.teacher_count is not None and entry.teacher_count != unit.teacher_count:
            changes["teacher_count"] = [unit.teacher_count, entry.teacher_count]
        if not changes:
            result.unchanged += 1
        elif "name" in changes and actor is not None and not policies.can_rename_unit(actor, unit):
            problem(entry, "name", _("The name of %(name)s is kept by the level above.", name=unit.name))
        elif actor is not None and not policies.can_edit_unit(actor, unit):
            problem(entry, None, _("You may not change %(name)s.", name=unit.name))
        else:
            entry.existing = unit
            result.changes.append((entry, changes))
    result.errors.sort(key=lambda e: e["row"])
    return result


def apply(session, actor, result: Plan) -> None:
    """Write a plan without errors: changes by primary key, new units one INSERT … RETURNING per level."""
    now = clock.now()
    if result.changes:
        session.execute(update(OrgUnit), [{"id": e.existing.id, **{k: new for k, (_old, new) in c.items()}}
                                          for e, c in result.changes])
        for entry, changes in result.changes:
            audit.record(session, actor, "org_unit.update", "org_unit", entry.existing.id,
                         org_unit_id=entry.existing.id, before={k: old for k, (old, _new) in changes.items()},
                         after={k: new for k, (_old, new) in changes.items()})
    columns = [scope.ancestor_column(level) for level in scope.LEVELS]
    ancestors: dict[str, dict] = {}  # a created unit's code → its id and ancestor columns
    for level in scope.LEVELS[1:]:
        batch = [e for e in result.creates if e.level == level]
        if not batch:
            continue
        own = scope.ancestor_column(level)
        rows = []
        for entry in batch:
            if entry.parent is not None:  # a stored unit
                above = {c: getattr(entry.parent, c) for c in columns} | {"id": entry.parent.id}
            else:  # created one level up in this import
                above = ancestors[entry.parent_code]
            rows.append({"name": entry.name, "level": level, "code": entry.code, "parent_id": above["id"],
                         "kind": entry.kind, "teacher_count": entry.teacher_count or 0, "created_at": now,
                         **{c: above[c] for c in columns}, own: None})
        by_code = {r["code"]: r for r in rows}
        # One executemany (no RETURNING: psycopg converts a long multi-row statement slowly); the new rows are
        # then the level's rows of the subtree whose own column is still empty (others' uncommitted rows unseen).
        session.execute(insert(OrgUnit.__table__), rows)
        own_column = getattr(OrgUnit, own)
        new = select(OrgUnit.id, OrgUnit.code).where(scope.subtree_filter(OrgUnit, result.root),
                                                     OrgUnit.level == level, own_column.is_(None))
        for unit_id, code in session.execute(new):
            ancestors[code] = {c: by_code[code][c] for c in columns} | {own: unit_id, "id": unit_id}
        # A unit's own column holds its own id: one statement for the whole level.
        session.execute(update(OrgUnit).where(scope.subtree_filter(OrgUnit, result.root), OrgUnit.level == level,
                                              own_column.is_(None))
                        .values({own: OrgUnit.id}).execution_options(synchronize_session=False))
    audit.record(session, actor, "org_unit.import", "org_unit", result.root.id, org_unit_id=result.root.id,
                 after={"created": len(result.creates), "changed": len(result.changes)})
    session.expire_all()


def run(session, actor, filename: str, data: bytes, *, dry_run: bool) -> dict:
    """Read, check and (unless ``dry_run``) import a sheet; a sheet with problems is refused whole."""
    result = plan(session, actor, read(filename, data))
    answer = result.to_dict(dry_run)
    if result.errors:
        rows = len({e["row"] for e in result.errors})
        raise RowErrors(_("Nothing was imported: %(n)d rows have problems.", n=rows), result.errors,
                        extra={k: v for k, v in answer.items() if k != "errors"} | {"created": 0, "changed": 0})
    if not dry_run:
        apply(session, actor, result)
    return answer


def template_workbook() -> bytes:
    """The downloadable template: the header and one example of each level."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = "units"
    append_row(sheet, [spellings[0] for spellings in COLUMNS.values()])
    append_row(sheet, ["320100", "南京市", "", "市", "", ""])
    append_row(sheet, ["320102", "玄武区", "320100", "区县", "", ""])
    append_row(sheet, ["3201020001", "南京市玄武区第一小学", "320102", "学校", "小学", 85])
    for column, width in zip("ABCDEF", (14, 28, 14, 8, 12, 10)):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- The page's preview → confirm: the checked upload waits on the server for its confirmation -------------
# The confirmation form carries only a random token; the file is kept under INSTANCE_PATH/org-import/ as
# "<user id>-<token>.<ext>" for STASH_SECONDS, readable only by the admin who uploaded it, and is checked
# again in full when confirmed (the tree may have changed in between). Its age is read on the product's clock:
# the file's time is set from it (the kernel's own time may differ from a pinned or moved clock).
STASH_SECONDS = 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _stash_dir(instance_path: str) -> Path:
    return Path(instance_path) / "org-import"


def stash(instance_path: str, user_id: int, filename: str, data: bytes) -> str:
    folder = _stash_dir(instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():  # forget unconfirmed uploads
        try:
            if old.stat().st_mtime < _now() - STASH_SECONDS:
                old.unlink()
        except OSError:
            pass
    token = secrets.token_urlsafe(24)
    suffix = ".csv" if filename.lower().endswith(".csv") else ".xlsx"
    path = folder / f"{user_id}-{token}{suffix}"
    path.write_bytes(data)
    os.chmod(path, 0o600)
    os.utime(path, (_now(), _now()))
    return token


def _now() -> float:
    return clock.now().timestamp()


def _stashed_path(instance_path: str, user_id: int, token: str) -> Path | None:
    if not _TOKEN.match(token or ""):
        return None
    for suffix in (".xlsx", ".csv"):
        path = _stash_dir(instance_path) / f"{user_id}-{token}{suffix}"
        if path.is_file() and path.stat().st_mtime >= _now() - STASH_SECONDS:
            return path
    return None


def unstash(instance_path: str, user_id: int, token: str) -> tuple[str, bytes]:
    path = _stashed_path(instance_path, user_id, token)
    if path is None:
        raise InvalidInput(_("This preview has expired or was imported already: upload the file again."),
                           {"token": _("Expired.")})
    return path.name, path.read_bytes()


def forget(instance_path: str, user_id: int, token: str) -> None:
    path = _stashed_path(instance_path, user_id, token)
    if path is not None:
        path.unlink(missing_ok=True)
