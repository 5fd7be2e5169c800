"""The migrations build the schema the models describe, and go down and up again."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile


def test_upgrade_then_check_finds_no_drift():
    folder = tempfile.mkdtemp()
    # CI gives PostgreSQL a database of its own for this; elsewhere a fresh SQLite file.
    url = os.environ.get("LMS_TEST_MIGRATION_DATABASE_URL") or f"sqlite:///{folder}/m.sqlite3"
    env = dict(os.environ, LMS_INSTANCE_PATH=folder, LMS_DATABASE_URL=url)
    lms = [sys.executable, "-m", "lms.cli"]
    for args in (["init"], ["db", "check"], ["db", "downgrade", "base"], ["db", "upgrade"], ["db", "check"]):
        result = subprocess.run(lms + args, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
