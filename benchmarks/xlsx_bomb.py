"""How fast an .xlsx bomb is refused: lms.core.spreadsheets.check_xlsx against openpyxl parsing it.

    python benchmarks/xlsx_bomb.py [--rows 250000] [--baseline]

Builds a workbook whose first sheet has ``--rows`` rows (it compresses ~100:1), then times the check
the imports run before parsing; ``--baseline`` also times what the imports did before: openpyxl
reading every row. Prints one JSON object last.
"""
from __future__ import annotations

import argparse
import io
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lms.core.errors import DomainError  # noqa: E402
from lms.core.spreadsheets import check_xlsx  # noqa: E402
from tests.security.test_limits import _sheet, _xlsx  # noqa: E402

MAX_ROWS = 10_100  # the user import's MAX_SHEET_ROWS


def refuse(data: bytes, max_uncompressed: int) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        check_xlsx(data, max_rows=MAX_ROWS, max_uncompressed=max_uncompressed)
        outcome = "accepted"
    except DomainError as error:
        outcome = error.code
    return time.perf_counter() - started, outcome


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=250_000)
    parser.add_argument("--baseline", action="store_true")
    args = parser.parse_args()
    bomb = _xlsx(_sheet(args.rows))
    unpacked = len(_sheet(args.rows))
    size_seconds, size_outcome = refuse(bomb, 16 * 1024 * 1024)  # the default limit
    rows_seconds, rows_outcome = refuse(bomb, 10 * unpacked)  # size allowed: the row count must catch it
    result = {"zip_bytes": len(bomb), "unpacked_bytes": unpacked, "rows": args.rows,
              "size_check_seconds": round(size_seconds, 4), "size_check": size_outcome,
              "row_check_seconds": round(rows_seconds, 4), "row_check": rows_outcome}
    if args.baseline:
        from openpyxl import load_workbook

        started = time.perf_counter()
        sheet = load_workbook(io.BytesIO(bomb), read_only=True, data_only=True).worksheets[0]
        count = sum(1 for _row in sheet.iter_rows(values_only=True))
        result.update(openpyxl_seconds=round(time.perf_counter() - started, 2), openpyxl_rows=count)
    result["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
