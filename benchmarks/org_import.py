"""Importing a province's organisation tree: 13 cities, 95 counties, 15,600 schools from one .xlsx.

Generates the sheet, then on SQLite (a file) and on PostgreSQL (a throw-away database), each in its own
process: bootstraps the province and its admin, and times, as that admin, through lms.org.tree_import:
reading the sheet, the preview (dry run), the import (with its commit), and a second import of the same
sheet (must change nothing). Prints one JSON object last.

    python benchmarks/org_import.py [--schools 15600] [--backends sqlite,postgres]
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import ROOT, app_context, init_database, server_env, throwaway_postgres

CITIES, COUNTIES = 13, 95


def make_sheet(schools: int, seed: int = 7) -> bytes:
    from openpyxl import Workbook

    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("units")
    ws.append(["江苏省中小学校名录（2026）"])  # a title row above the header, as provinces keep it
    ws.append(["代码", "名称", "上级代码", "层级", "类型", "教师数"])
    counties = []
    for c in range(1, CITIES + 1):
        city = f"32{c:02d}00"
        ws.append([city, f"第{c}市", "", "市", None, None])
        for k in range(1, COUNTIES // CITIES + (1 if c <= COUNTIES % CITIES else 0) + 1):
            county = f"32{c:02d}{k:02d}"
            counties.append(county)
            ws.append([county, f"第{c}市第{k}区", city, "区县", None, None])
    kinds = ["小学", "初中", "高中", "九年一贯制", "完全中学", "幼儿园"]
    for s in range(schools):
        county = counties[s % len(counties)]
        ws.append([f"{county}{s // len(counties):04d}", f"{county} 第{s // len(counties) + 1}学校", county, "学校",
                   kinds[s % len(kinds)], rng.randint(20, 250)])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def measure(database_url: str, path: Path) -> dict:
    env = server_env(database_url)
    init_database(env)
    data = path.read_bytes()
    with app_context(env):
        from flask import current_app
        from sqlalchemy import func, select

        from lms.extensions import db
        from lms.org import tree_import
        from lms.org.bootstrap import bootstrap
        from lms.org.models import OrgUnit

        _unit, admin, _created = bootstrap(db.session, "bench_admin", "Bench2026pw", "江苏省", "320000")
        db.session.commit()
        figures = {}
        with current_app.test_request_context(method="POST"):
            started = time.perf_counter()
            sheet = tree_import.read("units.xlsx", data)
            figures["read_s"] = round(time.perf_counter() - started, 2)
            started = time.perf_counter()
            preview = tree_import.run(db.session, admin, "units.xlsx", data, dry_run=True)
            db.session.rollback()
            figures["preview_s"] = round(time.perf_counter() - started, 2)
            started = time.perf_counter()
            done = tree_import.run(db.session, admin, "units.xlsx", data, dry_run=False)
            db.session.commit()
            figures["import_s"] = round(time.perf_counter() - started, 2)
            started = time.perf_counter()
            again = tree_import.run(db.session, admin, "units.xlsx", data, dry_run=False)
            db.session.commit()
            figures["reimport_s"] = round(time.perf_counter() - started, 2)
        units = db.session.scalar(select(func.count()).select_from(OrgUnit))
        orphans = db.session.scalar(select(func.count()).select_from(OrgUnit).where(
            OrgUnit.level == "school", OrgUnit.school_id != OrgUnit.id))
    return {"rows": len(sheet.rows), **figures, "previewed": preview["created"], "created": done["created"],
            "created_by_level": done["created_by_level"], "reimport_created": again["created"],
            "reimport_changed": again["changed"], "reimport_unchanged": again["unchanged"], "units_in_db": units,
            "schools_with_wrong_own_id": orphans}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schools", type=int, default=15_600)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: measure one backend in this process
    parser.add_argument("--sheet", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, Path(args.sheet))))
        return
    folder = Path(tempfile.mkdtemp(prefix="lms-org-import-"))
    sheet = folder / "units.xlsx"
    started = time.perf_counter()
    sheet.write_bytes(make_sheet(args.schools))
    result = {"schools": args.schools, "cities": CITIES, "counties": COUNTIES, "sheet_bytes": sheet.stat().st_size,
              "generate_s": round(time.perf_counter() - started, 2)}

    def run(url: str) -> dict:
        out = subprocess.run([sys.executable, __file__, "--one", url, "--sheet", str(sheet)], check=True,
                             capture_output=True, text=True, cwd=ROOT, env=dict(os.environ))
        return json.loads(out.stdout.strip().splitlines()[-1])

    for backend in args.backends.split(","):
        if backend == "sqlite":
            result["sqlite"] = run(f"sqlite:///{folder / 'bench.db'}")
        elif backend == "postgres":
            with throwaway_postgres() as url:
                result["postgres"] = run(url)
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
