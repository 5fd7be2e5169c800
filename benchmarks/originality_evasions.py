"""The cheap evasions of the 30% originality rule, before and after they were closed, on generated
Chinese text.

    python benchmarks/originality_evasions.py            # before = commit cc4dd98, after = this tree
    python benchmarks/originality_evasions.py --before HEAD~3 --per-case 10

For each evasion a set of submissions is generated whose truth is known (which original characters
were copied from which source), checked by the engine as it was (``--before``, a git revision whose
``lms/originality`` is imported from a temporary copy) and by this tree, and summarised as recall of
copied characters (in original-text coordinates, so both engines are measured alike), mean reported
ratio and the share of right 30% decisions. Cases:

- ``hangul_filler``: 60% copied, an invisible Hangul filler (U+3164, U+FFA0, U+115F, U+1160) after
  every 3 characters; ``invisible_padding``: a verbatim copy padded with twice its length of fillers;
- ``insert_visible_fixed_pN`` / ``insert_visible_random_pN`` / ``insert_invisible_pN``: 60% copied, a
  character (one fixed visible filler, a random CJK character each time, a zero-width space) inserted
  after every N characters;
- ``patchwork_40``: about 50% copied from 40 sources in 25-50-character pieces;
- ``quotations_only``: 35% of the text quotes common policy texts (truth: original), and
  ``quotations_plus_17``: 17% real copying + 15% quotations (truth: original);
- ``near_threshold``: true copied fraction 27.0-29.4% and 30.6-33%; the overshoot of the reported
  ratio over the truth, and whether any truth below 29.5% read above 30%;
- ``originals``: texts with nothing copied (none may be flagged).
Prints one JSON object last. The ordinary recall/precision benchmark is ``benchmarks/originality.py``.
"""
from __future__ import annotations

import argparse
import importlib.util
import io
import json
import random
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from originality import TextMaker  # noqa: E402

import lms.originality as after_engine  # noqa: E402

FILLERS = "\u3164\uffa0\u115f\u1160"
POLICY_TEXTS = 12


def load_engine(revision: str):
    """``lms/originality`` as it was at ``revision``, imported as a separate package."""
    data = subprocess.run(["git", "archive", revision, "lms/originality"], cwd=ROOT, check=True,
                          capture_output=True).stdout
    target = Path(tempfile.mkdtemp(prefix="originality_before_"))
    tarfile.open(fileobj=io.BytesIO(data)).extractall(target)
    package = target / "lms" / "originality"
    spec = importlib.util.spec_from_file_location("originality_before", package / "__init__.py",
                                                  submodule_search_locations=[str(package)])
    module = importlib.util.module_from_spec(spec)
    sys.modules["originality_before"] = module
    spec.loader.exec_module(module)
    return module


class Case:
    """One submission: its text, the original indexes of copied characters, the true verdict."""

    def __init__(self, text: str, copied: set[int], truth_suspected: bool, true_ratio: float) -> None:
        self.text, self.copied, self.truth_suspected, self.true_ratio = text, copied, truth_suspected, true_ratio


def build(maker: TextMaker, pieces: list[tuple[str, bool]]) -> tuple[str, set[int]]:
    text, copied = "", set()
    for piece, is_copy in pieces:
        if is_copy:
            copied.update(range(len(text), len(text) + len(piece)))
        text += piece
    return text, copied


def true_ratio(text: str, copied: set[int]) -> float:
    """Copied over countable characters, both as normalised characters (punctuation, spaces and
    invisible characters count on neither side); a visible inserted filler counts as written."""
    offsets = after_engine.normalize(text).offsets
    return sum(1 for i in offsets if i in copied) / max(1, len(offsets))


def interleave(text: str, copied: set[int], every: int, filler) -> tuple[str, set[int]]:
    """Insert ``filler()`` after every ``every`` characters of the whole text (as a script would)."""
    out, kept = [], set()
    for i, ch in enumerate(text):
        if i in copied:
            kept.add(sum(len(x) for x in out))
        out.append(ch)
        if (i + 1) % every == 0:
            out.append(filler())
    return "".join(out), kept


def plain_copy(maker: TextMaker, sources: list[str], fraction: float, size: int = 3000, pieces: int = 3):
    """Own text with ``pieces`` passages copied verbatim from ``sources`` making ``fraction`` of it."""
    rng = maker.rng
    copy_total = int(size * fraction)
    parts: list[tuple[str, bool]] = []
    for n in range(pieces):
        source = rng.choice(sources)
        length = copy_total // pieces
        start = rng.randrange(0, max(1, len(source) - length))
        parts.append((maker.own((size - copy_total) // (pieces + 1)), False))
        parts.append((source[start:start + length], True))
    parts.append((maker.own((size - copy_total) // (pieces + 1)), False))
    return build(maker, parts)


def cases(maker: TextMaker, sources: list[str], policies: list[str], per_case: int) -> dict[str, list[Case]]:
    rng = maker.rng
    out: dict[str, list[Case]] = {}

    def copy_case(fraction):
        text, copied = plain_copy(maker, sources, fraction)
        return text, copied

    def add(name, text, copied, truth=None):
        ratio = true_ratio(text, copied)
        out.setdefault(name, []).append(Case(text, copied, ratio * 10 > 3 if truth is None else truth, ratio))

    for _ in range(per_case):
        text, copied = copy_case(0.6)
        padded, kept = interleave(text, copied, 3, lambda: rng.choice(FILLERS))
        add("hangul_filler", padded, kept)
        source = rng.choice(sources)[:1000]
        padding = "".join(rng.choice(FILLERS) for _ in range(2 * len(source)))
        mixed = "".join(a + padding[2 * i:2 * i + 2] for i, a in enumerate(source))
        add("invisible_padding", mixed, {i * 3 for i in range(len(source))}, truth=True)
        for period in (1, 2, 3, 5, 8):
            text, copied = copy_case(0.6)
            for kind, filler in (("visible_fixed", lambda: "丶"),
                                 ("visible_random", lambda: chr(0x4E00 + rng.randrange(20000))),
                                 ("invisible", lambda: "\u200b")):
                padded, kept = interleave(text, copied, period, filler)
                add(f"insert_{kind}_p{period}", padded, kept, truth=True)
        # patchwork: 40 sources, ~50%
        parts = []
        for source in rng.sample(sources, 40):
            length = rng.randint(25, 50)
            start = rng.randrange(0, len(source) - length)
            parts += [(maker.own(rng.randint(25, 50)), False), (source[start:start + length], True)]
        text, copied = build(maker, parts)
        add("patchwork_40", text, copied)
        # quotations of common policy texts
        parts = []
        for policy in rng.sample(policies, 3):
            length = 350
            start = rng.randrange(0, len(policy) - length)
            parts += [(maker.own(650), False), ("“" + policy[start:start + length] + "”", False)]
        text, _ = build(maker, parts + [(maker.own(100), False)])
        add("quotations_only", text, set(), truth=False)
        parts = [(maker.own(400), False)]
        for policy in rng.sample(policies, 2):
            start = rng.randrange(0, len(policy) - 225)
            parts += [("“" + policy[start:start + 225] + "”", False), (maker.own(600), False)]
        source = rng.choice(sources)
        start = rng.randrange(0, len(source) - 510)
        parts += [(source[start:start + 510], True), (maker.own(400), False)]
        text, copied = build(maker, parts)
        add("quotations_plus_17", text, copied, truth=False)
        # near the threshold: verbatim copies in pieces, own text with its punctuation
        for target in (0.27, 0.28, 0.285, 0.29, 0.294, 0.306, 0.31, 0.32, 0.33):
            parts, total, own_total = [], 0, 0
            pieces = rng.randint(3, 8)
            copy_size = int(3000 * target)
            for n in range(pieces):
                source = rng.choice(sources)
                length = copy_size // pieces
                start = rng.randrange(0, len(source) - length)
                parts += [(maker.own(int(3000 * (1 - target)) // (pieces + 1)), False),
                          (source[start:start + length], True)]
            parts.append((maker.own(int(3000 * (1 - target)) // (pieces + 1)), False))
            text, copied = build(maker, parts)
            truth = true_ratio(text, copied)
            out.setdefault("near_threshold", []).append(Case(text, copied, truth * 10 > 3, truth))
        text = maker.own(3000)
        add("originals", text, set(), truth=False)
    return out


def run(engine, corpus: list[str], references: list[str], policies: list[str], cases_by_name, *, after: bool):
    index = engine.FingerprintIndex()
    doc_id = 0
    for kind, texts in (("reference", policies), ("reference", references), ("submission", corpus)):
        for text in texts:
            doc_id += 1
            index.add(engine.SourceDocument(doc_id, 0 if kind == "reference" else doc_id, kind, text))
    results = {}
    for name, items in cases_by_name.items():
        hit = total = right = flagged = 0
        ratios, overshoot, crossed = [], [], 0
        for n, case in enumerate(items):
            kwargs = {"quotations": policies} if after and name.startswith("quotations") else {}
            report = engine.check(case.text, index, owner_id=10**6 + n, **kwargs)
            detected = set()
            for m in report.matches:
                detected.update(range(m.start, m.end))
            hit += len(detected & case.copied)
            total += len(case.copied)
            right += report.suspected == case.truth_suspected
            flagged += report.suspected
            ratios.append(report.copied_ratio)
            if name == "near_threshold":
                overshoot.append(report.copied_ratio - case.true_ratio)
                crossed += case.true_ratio < 0.295 and report.copied_ratio > 0.30
        entry = {"submissions": len(items), "recall": round(hit / total, 4) if total else None,
                 "mean_ratio": round(sum(ratios) / len(ratios), 4), "flagged": flagged,
                 "right_decisions": right}
        if name == "near_threshold":
            entry.update(max_overshoot=round(max(overshoot), 4), mean_overshoot=round(sum(overshoot) / len(overshoot), 4),
                         below_29_5_read_above_30=crossed)
        results[name] = entry
    return results


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", default="cc4dd98", help="git revision of the engine before the fixes")
    parser.add_argument("--per-case", type=int, default=10, help="submissions per case")
    parser.add_argument("--corpus", type=int, default=1000, help="other documents in the corpus")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    maker = TextMaker(rng)
    sources = [maker.own(2000) for _ in range(60)]
    policies = [maker.own(1200) for _ in range(POLICY_TEXTS)]
    corpus = [maker.own(rng.randint(500, 3000)) for _ in range(args.corpus)]
    generated = cases(maker, sources, policies, args.per_case)
    before = run(load_engine(args.before), corpus, sources, policies, generated, after=False)
    after = run(after_engine, corpus, sources, policies, generated, after=True)
    figures = {"command": "python benchmarks/originality_evasions.py " + " ".join(argv or sys.argv[1:]),
               "before": args.before, "per_case": args.per_case,
               "cases": {name: {"before": before[name], "after": after[name]} for name in generated}}
    print(json.dumps(figures, ensure_ascii=False))
    return figures


if __name__ == "__main__":
    main()
