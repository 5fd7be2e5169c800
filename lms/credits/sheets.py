"""Credit sheets: compliance of a unit, and the entry exchange format (export for the municipal training
information system, import from other systems: all rows or none). The format is in docs/API.md.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from openpyxl import Workbook
from sqlalchemy import select

from lms.core import audit, scope
from lms.core.errors import DomainError, InvalidInput, RowErrors, join_clauses
from lms.core.spreadsheets import append_header, append_row, read_rows, workbook_bytes
from lms.core.uploads import read_upload
from lms.credits import rules, services
from lms.credits.models import CreditEntry
from lms.org.models import OrgUnit, User

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 5000
MAX_SHEET_ROWS = 2 * MAX_ROWS + 100

# The exchange format's words (fixed Chinese, like the municipal system's; codes are accepted too).
SOURCE_NAMES = {rules.TRAINING: "本平台培训", rules.OTHER_PLATFORM: "其他平台", rules.OFFLINE: "线下培训",
                rules.DEGREE: "学历教育", rules.GUOPEI: "国培计划", rules.IT20: "信息技术应用能力提升工程2.0",
                rules.SCHOOL_PROJECT: "校本研修", rules.SELF_STUDY_PLAN: "自主学习", rules.RESEARCH: "在线研修",
                rules.PREVIOUS: "十三五结转"}
CATEGORY_NAMES = {rules.PUBLIC: "公共必修", rules.PROFESSIONAL: "专业必修", rules.ELECTIVE: "选修",
                  rules.SCHOOL_BASED: "校本研修", rules.SELF_STUDY: "自主学习", rules.INDUCTION: "新教师上岗培训"}
THEME_NAMES = {"ethics": "思想政治素质与师德修养", "policy": "教育政策与理论", "student_development": "学生发展",
               "information_technology": "现代信息技术", "subject": "学科素养", "learning": "学习素养",
               "research": "教科研素养", "international": "国际化素养", "fundamentals": "教育教学基本功"}
STATUS_NAMES = {rules.CLAIMED: "已申报", rules.APPROVED: "学校已审核", rules.CONFIRMED: "区县已确认",
                rules.REJECTED: "未通过"}
VERDICT_NAMES = {rules.COMPLETE: "已达标", rules.ON_TRACK: "进度正常", rules.BEHIND: "进度落后"}

# Column key → header spellings, the sheet's own (Chinese) header first.
COLUMNS = {
    "username": ("用户名", "username"),
    "name": ("姓名", "name"),
    "school": ("学校", "school"),
    "year": ("年度", "year"),
    "source": ("来源", "source"),
    "title": ("项目名称", "title"),
    "provider": ("培训机构", "provider"),
    "hours": ("学时", "hours"),
    "category": ("类别", "category"),
    "theme": ("主题或版块", "theme"),
    "credits": ("学分", "credits"),
    "status": ("状态", "status"),
}
REQUIRED_COLUMNS = ("username", "year", "source", "title", "hours")


def _book(title: str, header: list[str]):
    book = Workbook()
    sheet = book.active
    sheet.title = title
    append_header(sheet, header)
    return book, sheet


def _bytes(book) -> bytes:
    return workbook_bytes(book)


def compliance_workbook(figures: dict, teachers: list[dict]) -> bytes:
    """The unit's children by verdict, then every teacher with credits, 学时, verdict and what is missing."""
    book, sheet = _book("单位", ["单位ID", "单位名称", "教师数", "已达标", "进度正常", "进度落后", "学分合计"])
    for row in figures["items"] + [dict(figures["totals"], org_unit_id=figures["org_unit_id"],
                                        name=f"{figures['name']}（合计）")]:
        append_row(sheet, [row["org_unit_id"], row["name"], row["teachers"], row[rules.COMPLETE],
                           row[rules.ON_TRACK], row[rules.BEHIND], round(row["credits"], 2)])
    sheet.column_dimensions["B"].width = 28
    people = book.create_sheet("教师")
    append_row(people, ["用户名", "姓名", "学校", "学分", "学时", "进度", "未达要求"])
    for row in teachers:
        append_row(people, [row["username"], row["name"], row["school"], row["credits"], row["hours"],
                            VERDICT_NAMES.get(row["status"], row["status"]), "、".join(row["missing"])])
    meta = book.create_sheet("info")
    append_row(meta, ["cycle", figures["cycle"]["start_year"], figures["cycle"]["end_year"]])
    append_row(meta, ["unit", figures["org_unit_id"], figures["name"]])
    return _bytes(book)


def entries_workbook(entries: list[CreditEntry]) -> bytes:
    """The exchange format (docs/API.md): one row per entry, the awards of IT 2.0 on one row."""
    book, sheet = _book("学分", [spellings[0] for spellings in COLUMNS.values()])
    for e in entries:
        append_row(sheet, [e.teacher.username, e.teacher.name, e.org_unit.name, e.year, SOURCE_NAMES[e.source],
                           e.title, e.provider or "", float(e.hours), CATEGORY_NAMES[e.category],
                           THEME_NAMES.get(e.theme or "", ""), float(e.credits), STATUS_NAMES[e.status]])
    sheet.column_dimensions["F"].width = 30
    return _bytes(book)


def entries_under(session, unit: OrgUnit, cycle: rules.Cycle, statuses=(rules.CONFIRMED,)) -> list[CreditEntry]:
    return list(session.scalars(
        select(CreditEntry).join(OrgUnit, CreditEntry.org_unit_id == OrgUnit.id)
        .where(scope.subtree_filter(OrgUnit, unit), CreditEntry.status.in_(statuses),
               CreditEntry.year.between(cycle.start_year, cycle.end_year))
        .order_by(OrgUnit.code, CreditEntry.user_id, CreditEntry.year, CreditEntry.id)))


def read_sheet(data: bytes) -> list[tuple[int, dict]]:
    """(row number, {key: value}) for each non-empty row of the first sheet."""
    found, rows = read_rows(data, COLUMNS, max_rows=MAX_ROWS, max_sheet_rows=MAX_SHEET_ROWS)
    missing = [COLUMNS[k][0] for k in REQUIRED_COLUMNS if k not in found]
    if missing:
        raise InvalidInput(_("The sheet lacks these columns: %(names)s.", names="、".join(missing)),
                           {"file": _("Use the exported sheet as the template.")})
    return rows


def _code(value, names: dict[str, str]) -> str | None:
    text = str(value or "").strip()
    if not text:
        return None
    if text in names:
        return text
    for code, name in names.items():
        if name == text:
            return code
    return "?" + text


def _decimal(value) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and 0 <= number <= 10_000 else None


def import_status(actor, unit) -> str:
    """What an imported entry becomes: confirmed from a county office or above (L755), approved from a school."""
    levels = {a.org_unit.level for a in actor.role_assignments
              if a.role in scope.ADMIN_ROLE_LEVEL and scope.is_within(unit, a.org_unit)}
    return rules.APPROVED if levels <= {"school"} else rules.CONFIRMED


def import_entries(session, actor, unit: OrgUnit, rows: list[tuple[int, dict]]) -> dict:
    """Add one entry per row for the teachers of ``unit``'s subtree; returns {created, status, errors}."""
    status = import_status(actor, unit)
    usernames = {str(r.get("username") or "").strip() for _n, r in rows}
    teachers = {u.username: u for u in session.scalars(select(User).where(User.username.in_(usernames)))}
    created, errors = 0, []
    for number, row in rows:
        teacher = teachers.get(str(row.get("username") or "").strip())
        source = _code(row.get("source"), SOURCE_NAMES)
        hours = _decimal(row.get("hours"))
        year = row.get("year")
        problem = None
        if teacher is None or not teacher.has_role("teacher") or not scope.is_within(teacher.org_unit, unit):
            problem = _("No teacher with this user name in %(name)s.", name=unit.name)
        elif source not in rules.SOURCES or source == rules.TRAINING:
            problem = _("Unknown source.")
        elif hours is None:
            problem = _("Hours must be a number from 0 to 10000.")
        elif not isinstance(year, int) and not str(year or "").strip().isdigit():
            problem = _("The year must be a whole number.")
        if problem is None:
            claim = services.Claim(source=source, title=str(row.get("title") or "").strip()[:200] or SOURCE_NAMES[source],
                                   year=int(year), hours=hours, category=_code(row.get("category"), CATEGORY_NAMES),
                                   theme=_code(row.get("theme"), THEME_NAMES),
                                   provider=str(row.get("provider") or "").strip()[:200] or None,
                                   minutes=int(hours * 45) if source == rules.RESEARCH else None,
                                   feedback_days=0 if source == rules.RESEARCH else None)
            try:
                services.new_entry(session, teacher, claim, status, actor)
                created += 1
            except DomainError as error:
                problem = join_clauses([error.message, *error.fields.values()])
        if problem is not None:
            errors.append({"row": number, "message": problem})
    return {"created": 0 if errors else created, "status": status, "errors": errors}


def import_upload(session, actor, unit: OrgUnit, upload, max_bytes: int) -> dict:
    """An uploaded sheet of entries, checked then added: all rows or none (``RowErrors``)."""
    data = read_upload(upload, max_bytes, (".xlsx",))
    result = import_entries(session, actor, unit, read_sheet(data))
    if result["errors"]:
        raise RowErrors(_("Nothing was changed: %(n)d rows have problems.", n=len(result["errors"])),
                        result["errors"], extra={"created": 0})
    audit.record(session, actor, "credit.import", "org_unit", unit.id, org_unit_id=unit.id,
                 after={"created": result["created"], "status": result["status"]})
    return {"created": result["created"], "status": result["status"]}


def compliance_file_name(unit, cycle) -> str:
    return f"credits-{unit.code or unit.id}-{cycle.start_year}-{cycle.end_year}.xlsx"


def entries_file_name(unit, cycle) -> str:
    return f"credit-entries-{unit.code or unit.id}-{cycle.start_year}-{cycle.end_year}.xlsx"
