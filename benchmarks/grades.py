"""Recomputing the grades of a 20,000-learner batch (docs/ARCHITECTURE.md target: ≤ 30 s).

Seeds a throw-away PostgreSQL database with one batch of learners (study time, quiz results, forum posts),
then times lms.grading.services.recompute_batch and one commit.

    python benchmarks/grades.py --learners 20000
"""
from __future__ import annotations

import argparse
import json
import time

from harness import app_context, init_database, server_env, throwaway_postgres
from seed_batch import seed_batch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=20_000)
    args = parser.parse_args()
    with throwaway_postgres() as database_url:
        env = server_env(database_url)
        init_database(env)
        with app_context(env):
            from lms.extensions import db
            from lms.grading import services

            seeded = seed_batch(db.session, args.learners, with_grades=False)
            started = time.perf_counter()
            grades = services.recompute_batch(db.session, seeded["batch_id"])
            db.session.commit()
            seconds = time.perf_counter() - started
            passed = sum(1 for g in grades if g.passed)
    print(json.dumps({"learners": len(grades), "seconds": round(seconds, 1),
                      "per_learner_ms": round(1000 * seconds / max(len(grades), 1), 2), "passed": passed,
                      "target_seconds": 30}, indent=2))


if __name__ == "__main__":
    main()
