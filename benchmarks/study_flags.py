"""How often the study-time flags fire for honest learners and for scripts (docs/STUDY_TIME.md, "Flags").

    python benchmarks/study_flags.py                 # 2,000 sessions of 40 gaps per kind of run
    python benchmarks/study_flags.py --sessions 500

Runs offline: it feeds the flags' own rules (``lms.tracking.rules``) with the gaps between beats as the server
sees them, generated from models of each kind of run:

- the product's player: the interval it draws (10-20 s, static/js/player.js) plus, with probability 0.15, an
  event beat (pause, seek, tab change) at a random moment of the interval; the player before issue 13 (a fixed
  15 s timer) for comparison;
- scripts: beats on a fixed 2 s or 15 s schedule (sleeping a fixed time after each answer), and one that draws
  its intervals at random like the player;
- the network and the server: each beat arrives late by a random delay — idle: 2 ms ± 2 ms (loopback), under
  load: a log-normal delay of median 120 ms, with 5% of beats stuck behind a slow request (0.5-2 s).

The "shared address" flag is measured on address crowds: one school's staff behind its NAT (20-200 teachers),
a county training hall (teachers of 5-12 schools, 40-120 in all) and a 代刷 shop (30-80 accounts of 10-60
schools). Prints one JSON object last.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lms.tracking import rules  # noqa: E402

GAPS = 40  # the server keeps the latest 40 gaps (services.RECENT_GAPS_KEPT)
SHARED_ADDRESS_ACCOUNTS = 20  # services.SHARED_ADDRESS_ACCOUNTS


def delay(rng: random.Random, load: bool) -> float:
    if not load:
        return max(0.0, rng.gauss(0.002, 0.002))
    if rng.random() < 0.05:
        return rng.uniform(0.5, 2.0)
    return rng.lognormvariate(-2.12, 0.6)  # median e^-2.12 ≈ 0.12 s


def schedule(kind: str, rng: random.Random) -> list[float]:
    """When the client sends its beats (seconds), before the network."""
    times, now = [0.0], 0.0
    while len(times) <= GAPS:
        if kind == "player":
            interval = rng.uniform(10, 20)
            if rng.random() < 0.15:
                times.append(now + rng.uniform(0, interval))
        elif kind == "old_player":
            interval = 15.0
            if rng.random() < 0.15:
                times.append(now + rng.uniform(0, interval))
        elif kind == "script_2s":
            interval = 2.0
        elif kind == "script_15s":
            interval = 15.0
        elif kind == "script_random":
            interval = rng.uniform(10, 20)
        else:
            raise ValueError(kind)
        now += interval
        times.append(now)
    return sorted(times)[:GAPS + 1]


def gaps(kind: str, rng: random.Random, load: bool) -> list[float]:
    sent = schedule(kind, rng)
    if kind.startswith("script"):
        # A script waits for each answer, then sleeps: the answer's delay pushes everything after it.
        arrived, shift = [], 0.0
        for t in sent:
            shift += delay(rng, load)
            arrived.append(t + shift)
    else:
        arrived = sorted(t + delay(rng, load) for t in sent)  # a browser's timers do not wait for answers
    return [b - a for a, b in zip(arrived, arrived[1:])]


def flag_rates(sessions: int, seed: int) -> dict:
    rng = random.Random(seed)
    result = {}
    for kind in ("player", "old_player", "script_2s", "script_15s", "script_random"):
        for load in (False, True):
            new = old = 0
            for _ in range(sessions):
                observed = gaps(kind, rng, load)
                new += rules.fixed_schedule_suspicion(observed).flagged
                old += rules.regular_beat_suspicion(observed).flagged
            result[f"{kind}_{'load' if load else 'idle'}"] = {"fixed_schedule_flag": round(new / sessions, 4),
                                                              "old_regular_beats_flag": round(old / sessions, 4)}
    return result


def address_rates(crowds: int, seed: int) -> dict:
    rng = random.Random(seed)

    def crowd(kind: str) -> list[int]:
        """The school of each account seen behind one address within ten minutes."""
        if kind == "school_nat":
            return [1] * rng.randint(20, 200)
        if kind == "county_hall":
            schools = rng.randint(5, 12)
            return [rng.randint(1, schools) for _ in range(rng.randint(40, 120))]
        schools = rng.randint(10, 60)
        return [rng.randint(1, schools) for _ in range(rng.randint(30, 80))]

    result = {}
    for kind in ("school_nat", "county_hall", "shop"):
        old = new = 0
        for _ in range(crowds):
            accounts = crowd(kind)
            old += len(accounts) >= SHARED_ADDRESS_ACCOUNTS
            # The reworked rule, for the account that arrives last: it and the accounts of other schools.
            learner_school = accounts[-1]
            new += 1 + sum(s != learner_school for s in accounts[:-1]) >= SHARED_ADDRESS_ACCOUNTS
        result[kind] = {"other_schools_flag": round(new / crowds, 4), "old_any_accounts_flag": round(old / crowds, 4)}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    result = {"regular_beats": flag_rates(args.sessions, args.seed),
              "shared_address": address_rates(args.sessions, args.seed)}
    for group, rows in result.items():
        for name, value in rows.items():
            print(f"{group} {name}: {value}", file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
