"""How long `lms serve --demo` takes before it serves (DESIGN.md: ≤ 30 s on a fresh instance).

Times, on a fresh SQLite instance in a temporary folder, what `serve --demo` does before it serves:
the migrations, the demo load and its commit. Reports wall and CPU seconds and the machine's load
average (the figure depends on what else runs: report the quiet and the busy case).

    python benchmarks/demo_load.py
"""
from __future__ import annotations

import json
import os
import tempfile
import time


def main() -> None:
    os.environ["LMS_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="lms-demo-bench-")
    load_before = os.getloadavg()[0]
    wall, cpu = time.perf_counter(), time.process_time()
    from lms import create_app
    from lms.cli import run_migrations

    app = create_app()
    with app.app_context():
        from lms.demo.loader import load_demo
        from lms.extensions import db

        run_migrations()
        migrated = time.perf_counter() - wall
        accounts = load_demo(db.session)
        db.session.commit()
    seconds = time.perf_counter() - wall
    print(json.dumps({"seconds": round(seconds, 1), "cpu_seconds": round(time.process_time() - cpu, 1),
                      "migrations_seconds": round(migrated, 1), "accounts": len(accounts),
                      "load_average_before": round(load_before, 1), "load_average_after": round(os.getloadavg()[0], 1),
                      "cpus": os.cpu_count(), "target_seconds": 30}, indent=2))


if __name__ == "__main__":
    main()
