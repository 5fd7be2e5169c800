"""What marking copied passages in whole words (lms/originality/words.py) costs a check.

    python benchmarks/originality_words.py --docs 3000 --queries 200

Runs ``benchmarks/originality.py`` with the same arguments, but checks every submission twice in a row,
once with the whole-word marks and once with the aligned ends kept (order alternating), so both are
timed in the same process, against the same index, under the same load. Prints the benchmark's own
figures (recall and precision those of the checks with the marks, which are the alignment's and do not
change; its latency times both checks of a submission together),
then one JSON object: latency p50 / p95 / p99 / mean of each, the first check (which loads jieba's
dictionary) left out, and that first load's time.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import originality as bench  # noqa: E402

import lms.originality.report as report  # noqa: E402
from lms.originality import words  # noqa: E402


def main(argv: list[str]) -> dict:
    marked = report.whole_words
    aligned = lambda text, start, end: (start, end)  # noqa: E731
    times: dict[str, list[float]] = {"aligned ends": [], "whole words": []}
    check = bench.check
    calls = 0
    started = time.perf_counter()
    words._jieba()
    load_s = time.perf_counter() - started

    def both(*args, **kwargs):
        nonlocal calls
        calls += 1
        order = [("aligned ends", aligned), ("whole words", marked)]
        result = None
        for name, snap in order if calls % 2 else order[::-1]:
            report.whole_words = snap
            begin = time.perf_counter()
            got = check(*args, **kwargs)
            times[name].append((time.perf_counter() - begin) * 1000)
            if snap is marked:
                result = got
        report.whole_words = marked
        return result

    bench.check = both
    bench.main(argv)
    figures: dict = {"jieba_load_s": round(load_s, 2)}
    for name, values in times.items():
        ordered = sorted(values[1:])
        figures[name] = {q: round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 2)
                         for q, p in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))}
        figures[name]["mean"] = round(sum(ordered) / len(ordered), 2)
    print(json.dumps(figures, ensure_ascii=False))
    return figures


if __name__ == "__main__":
    main(sys.argv[1:])
