"""Safe spreadsheet cells for every export, and a cheap look inside an .xlsx before it is parsed.

Exports: a cell that starts with = + - @ tab or CR would be run as a formula by Excel or LibreOffice
(OWASP "CSV injection"), so such text is written with a leading apostrophe, as OWASP recommends, and
characters that XML cannot carry are dropped (openpyxl refuses them with an exception).

Imports: an .xlsx is a zip; a few hundred KB can inflate to gigabytes of XML. ``check_xlsx`` reads the
zip's directory and streams the first sheet counting rows, so a bomb is refused before openpyxl sees it.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from posixpath import dirname, join, normpath

from flask import current_app, has_app_context
from flask_babel import gettext as _
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from python_calamine import CalamineWorkbook

from lms.core.errors import DomainError, InvalidInput

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DEFAULT_MAX_UNCOMPRESSED = 16 * 1024 * 1024
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")


def safe_cell(value):
    """``value`` as it may be written into an export cell: text never starts a formula."""
    if not isinstance(value, str):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def safe_row(values: Iterable) -> list:
    return [safe_cell(v) for v in values]


def append_header(sheet, labels: Iterable) -> None:
    """A sheet's header row: the labels, in bold."""
    append_row(sheet, labels)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def workbook_bytes(book) -> bytes:
    """The .xlsx file of an openpyxl workbook."""
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def append_row(sheet, values: Iterable) -> None:
    """``sheet.append`` for exports: every text cell through ``safe_cell``."""
    sheet.append(safe_row(values))


def _too_large(limit_rows: int | None = None) -> DomainError:
    if limit_rows is not None:
        return InvalidInput(_("At most %(n)d rows per file.", n=limit_rows), {"file": _("Too many rows.")})
    return DomainError("too_large", _("The spreadsheet unpacks to more data than an import may hold."), status=413,
                       fields={"file": _("The spreadsheet is too large.")})


def _first_sheet_path(book: zipfile.ZipFile) -> str | None:
    """The zip path of the workbook's first sheet (what openpyxl's ``worksheets[0]`` reads)."""
    names = set(book.namelist())
    try:
        workbook = book.read("xl/workbook.xml") if "xl/workbook.xml" in names else b""
        rels = book.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in names else b""
    except (zipfile.BadZipFile, zlib.error, OSError, NotImplementedError):
        return None
    sheet = re.search(rb"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]+)\"", workbook) or \
        re.search(rb"<(?:\w+:)?sheet\b[^>]*?:id=\"([^\"]+)\"", workbook)
    if sheet:
        rel_id = re.escape(sheet.group(1))
        rel = re.search(rb"<Relationship\b[^>]*\bId=\"" + rel_id + rb"\"[^>]*\bTarget=\"([^\"]+)\"", rels) or \
            re.search(rb"<Relationship\b[^>]*\bTarget=\"([^\"]+)\"[^>]*\bId=\"" + rel_id + rb"\"", rels)
        if rel:
            target = rel.group(1).decode("utf-8", "replace")
            path = target.lstrip("/") if target.startswith("/") else normpath(join(dirname("xl/workbook.xml"), target))
            if path in names:
                return path
    sheets = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    return sheets[0] if sheets else None


def check_xlsx(data: bytes, *, max_rows: int, max_uncompressed: int | None = None) -> None:
    """Refuse an .xlsx whose unpacked size or first sheet's row count is over the limits.

    Only the zip directory (declared sizes, which also bound what the zip module will inflate) and one
    streamed pass over the first sheet are read; an unreadable archive is left for openpyxl to report.
    """
    if max_uncompressed is None:
        max_uncompressed = (current_app.config.get("MAX_IMPORT_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED)
                            if has_app_context() else DEFAULT_MAX_UNCOMPRESSED)
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with book:
        infos = book.infolist()
        if len(infos) > 10_000 or sum(max(i.file_size, 0) for i in infos) > max_uncompressed:
            raise _too_large()
        path = _first_sheet_path(book)
        if path is None:
            return
        rows, tail = 0, b""
        try:
            with book.open(path) as stream:
                while chunk := stream.read(1 << 20):
                    window = tail + chunk
                    rows += len(_ROW_TAG.findall(window)) - len(_ROW_TAG.findall(tail))
                    tail = window[-16:]
                    if rows > max_rows:
                        raise _too_large(max_rows)
        except (zipfile.BadZipFile, zlib.error, OSError, NotImplementedError, EOFError):
            return  # damaged: openpyxl gives the user its own message


def read_rows(data: bytes, columns: dict[str, tuple[str, ...]], *, max_rows: int,
              max_sheet_rows: int) -> tuple[set[str], list[tuple[int, dict]]]:
    """An upload's first sheet under its header row: the column keys found (a header cell matches one of a
    key's spellings, case aside) and, per non-empty row, (row number, {key: value}). Refuses in words a file
    that is no readable .xlsx, is empty, or holds more than ``max_rows`` rows; which columns a sheet needs
    is the caller's to say."""
    check_xlsx(data, max_rows=max_sheet_rows)
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        table = [list(r) for r in sheet.iter_rows(values_only=True)]
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise InvalidInput(_("This is not a readable .xlsx file."), {"file": str(exc)[:200]}) from None
    if not table:
        raise InvalidInput(_("The file is empty."), {"file": _("The file is empty.")})
    # The header row found as for the user and org-tree imports (title rows above it skipped); values raw.
    header, keys = find_header([[normalise(v) for v in row] for row in table[:HEADER_SCAN]], columns)
    header = max(header, 0)
    rows = [(number, {key: values[i] if i < len(values) else None for i, key in keys.items()})
            for number, values in enumerate(table[header + 1:], start=header + 2)
            if any(v not in (None, "") for v in values)]
    if len(rows) > max_rows:
        raise InvalidInput(_("At most %(n)d rows per file.", n=max_rows), {"file": _("Too many rows.")})
    return set(keys.values()), rows


# --- Sheets as people keep them: one reading for the user and org-tree imports -----------------------------
#
# A school's sheet often has a merged title row ("XX 学校 2026 年参训教师名单") and blank rows above the
# header, headers with markers ("姓名*", "手机号（必填）"), full-width digits and letters, stray spaces.
# ``read_sheet`` finds the header row among the first HEADER_SCAN rows, maps each header cell to a column
# key through its spellings, and gives every cell NFKC-normalised and trimmed.

HEADER_SCAN = 20
_HEADER_NOISE = re.compile(r"[\s*:]|\([^)]*\)")


def normalise(value) -> str:
    """A cell as text: NFKC (full-width digits, letters, spaces and brackets become ASCII), trimmed;
    a whole float written back without ".0" (Excel keeps long digit strings such as phones as numbers)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def header_key(text: str) -> str:
    """A header cell as it is matched: normalised, spaces, ``*``, colons and (remarks) dropped, lower case."""
    return _HEADER_NOISE.sub("", normalise(text)).lower()


@dataclass
class Sheet:
    """The rows under a sheet's header: ``rows`` is [(row number in the file, {key: text})]; ``labels``
    names each key's column as the file spells it (for messages)."""
    header_row: int
    labels: dict[str, str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)

    @property
    def keys(self) -> set[str]:
        return set(self.labels)


def read_table(filename: str, data: bytes, *, max_sheet_rows: int) -> list[list[str]]:
    """The first sheet of an .xlsx, or a .csv (UTF-8 or GB18030), as rows of normalised text."""
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        check_xlsx(data, max_rows=max_sheet_rows)
        # calamine (Rust) reads a province's 15,700-row list in about a second where openpyxl takes ten.
        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
        except Exception as exc:  # a damaged file raises several kinds of error
            raise InvalidInput(_("This is not a readable .xlsx file."), {"file": str(exc)[:200]}) from None
        return [[normalise(v) for v in row] for row in rows]
    if lower.endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GB18030
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise InvalidInput(_("The CSV file must be UTF-8 or GB18030 text."),
                               {"file": _("Unknown text encoding.")})
        table = []
        for row in csv.reader(io.StringIO(text)):
            table.append([normalise(v) for v in row])
            if len(table) > max_sheet_rows:
                raise _too_large(max_sheet_rows)
        return table
    raise DomainError("unsupported_media_type", _("Upload an .xlsx or .csv file."), status=415)


def find_header(table: list[list[str]], columns: dict[str, tuple[str, ...]]) -> tuple[int, dict[int, str]]:
    """(index of the header row, {column index: key}): the row among the first HEADER_SCAN that names the
    most known columns (the first such row on a tie); (-1, {}) when none names any."""
    spelling = {header_key(s): key for key, spellings in columns.items() for s in spellings}
    best, best_keys = -1, {}
    for index, values in enumerate(table[:HEADER_SCAN]):
        keys: dict[int, str] = {}
        for i, text in enumerate(values):
            key = spelling.get(header_key(text))
            if key is not None and key not in keys.values():
                keys[i] = key
        if len(keys) > len(best_keys):
            best, best_keys = index, keys
    return best, best_keys


def read_sheet(filename: str, data: bytes, columns: dict[str, tuple[str, ...]], *, max_rows: int,
               max_sheet_rows: int, required: Iterable[str] = ()) -> Sheet:
    """An upload's rows under its header row (found, see ``find_header``), every cell normalised; refuses in
    words a file that is unreadable, empty, has no header naming the ``required`` keys, or too many rows."""
    table = read_table(filename, data, max_sheet_rows=max_sheet_rows)
    if not any(any(v for v in row) for row in table):
        raise InvalidInput(_("The file is empty."), {"file": _("The file is empty.")})
    index, keys = find_header(table, columns)
    missing = [columns[k][0] for k in required if k not in keys.values()]
    if missing:
        raise InvalidInput(_("Missing columns: %(columns)s. Download the template.", columns="、".join(missing)),
                           {"file": _("Missing columns.")})
    header = table[index]
    sheet = Sheet(header_row=index + 1, labels={key: header[i] for i, key in keys.items()})
    for number, values in enumerate(table[index + 1:], start=index + 2):
        if any(values):
            sheet.rows.append((number, {key: values[i] if i < len(values) else "" for i, key in keys.items()}))
    if len(sheet.rows) > max_rows:
        raise InvalidInput(_("At most %(n)d rows per file.", n=max_rows), {"file": _("Too many rows.")})
    return sheet


def cell_error(number: int, column: str | None, message: str) -> dict:
    """One problem of an imported sheet, said in words: {row, column, message} where the message names the
    row and the column as the file spells it (第 5 行“手机号”：…)."""
    if column:
        text = _("Row %(row)d, “%(column)s”: %(message)s", row=number, column=column, message=message)
    else:
        text = _("Row %(row)d: %(message)s", row=number, message=message)
    return {"row": number, "column": column, "message": text}
