"""The generated secret key: one per instance folder, even when several workers start at once."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from lms import config


def test_workers_starting_together_share_one_complete_key(tmp_path, monkeypatch):
    monkeypatch.delenv("LMS_SECRET_KEY", raising=False)
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _i: config._secret_key(tmp_path), range(32)))
    assert len(keys) == 1 and len(keys.pop()) == 64
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]
