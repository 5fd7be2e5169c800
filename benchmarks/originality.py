"""Benchmark of the originality engine (docs/ARCHITECTURE.md "Performance" targets) on a synthetic Chinese corpus.

    python benchmarks/originality.py --docs 10000 --queries 300

Builds a corpus of 500–3,000-character texts drawn from a Zipf-weighted vocabulary of CJK "words" with
punctuation, plants copies (exact, 3% and 8% of characters edited; 13–500 characters; several sources
per document; a model essay copied by hundreds), indexes it in the in-memory ``FingerprintIndex`` and
checks 3,000-character submissions, reporting:

- character precision and recall (per edit level), decision errors at 30%, source recall;
- unrelated originals flagged (must be 0);
- index build rate (documents/s) and memory (RSS growth, posting bytes);
- check latency p50/p95/p99.
Targets: p95 ≤ 50 ms against 100,000 documents; recall ≥ 0.98 (3%), ≥ 0.95 (8%); precision ≥ 0.99.
"""

from __future__ import annotations

import argparse
import importlib.util
from array import array
import gc
import json
import math
import random
import sys
import time
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lms.originality.fingerprint import FingerprintParams, kgram_positions  # noqa: E402
from lms.originality.index import FingerprintIndex, Postings, SourceDocument, index_fingerprints  # noqa: E402
from lms.originality.normalize import normalize_plain  # noqa: E402
from lms.originality.report import DEFAULT_SETTINGS, CheckSettings, check  # noqa: E402

PUNCTUATION = "，，，，。。。、；：？！"
EDIT_LEVELS = (0.0, 0.03, 0.08)


class TextMaker:
    """Chinese-like text: Zipf-weighted characters grouped into a Zipf-weighted vocabulary of words."""

    def __init__(self, rng: random.Random, n_chars: int = 3500, n_words: int = 30000) -> None:
        self.rng = rng
        chars = [chr(c) for c in rng.sample(range(0x4E00, 0x9FA6), n_chars)]
        self.chars = chars
        self.char_weights = list(_zipf_cumulative(n_chars, 1.0))
        lengths = rng.choices([1, 2, 3, 4], weights=[30, 55, 10, 5], k=n_words)
        self.words = ["".join(rng.choices(chars, cum_weights=self.char_weights, k=n)) for n in lengths]
        self.word_weights = list(_zipf_cumulative(n_words, 1.05))

    def own(self, n_chars: int) -> str:
        """About ``n_chars`` characters of fresh text, in clauses closed by punctuation."""
        rng, out, size = self.rng, [], 0
        while size < n_chars:
            clause = "".join(rng.choices(self.words, cum_weights=self.word_weights, k=rng.randint(3, 9)))
            clause += rng.choice(PUNCTUATION)
            out.append(clause)
            size += len(clause)
        return "".join(out)[:n_chars]

    def edit(self, text: str, rate: float) -> str:
        """Edit about ``rate`` of the characters: substitutions, deletions and insertions."""
        if rate <= 0:
            return text
        rng, out = self.rng, []
        for ch in text:
            if rng.random() >= rate:
                out.append(ch)
                continue
            kind = rng.random()
            if kind < 0.5:
                out.append(self._char())
            elif kind < 0.75:
                out.append(ch + self._char())
            # else: deleted
        return "".join(out)

    def _char(self) -> str:
        return self.rng.choices(self.chars, cum_weights=self.char_weights, k=1)[0]


def _zipf_cumulative(n: int, s: float):
    total = 0.0
    for rank in range(1, n + 1):
        total += 1.0 / rank**s
        yield total


@dataclass
class Doc:
    doc_id: int
    owner: int
    kind: str
    text: str
    own: list[str]  # the doc's original segments: where planted passages are taken from


@dataclass
class Planted:
    start: int  # normalised coordinates in the query
    end: int
    source: int
    rate: float


@dataclass
class Query:
    text: str
    owner: int
    prompt: str
    category: str
    planted: list[Planted] = field(default_factory=list)
    excluded: list[int] = field(default_factory=list)


def take_passage(maker: TextMaker, doc: Doc, length: int) -> str:
    """About ``length`` normalised characters of the source's own text (punctuation comes along)."""
    segment = max(doc.own, key=len) if maker.rng.random() < 0.5 else maker.rng.choice(doc.own)
    start = maker.rng.randint(0, max(0, len(segment) - length))
    end = min(len(segment), start + length)
    while end < len(segment) and len(normalize_plain(segment[start:end])) < length:
        end += 1
    return segment[start:end]


def compose(maker: TextMaker, pieces: list[tuple[str, int | None, float]]) -> tuple[str, list[Planted]]:
    """Concatenate pieces (text, source or None, edit rate); normalisation is per character, so the
    normalised text is the concatenation of the normalised pieces and the truth spans follow."""
    text, planted, position = [], [], 0
    for piece, source, rate in pieces:
        size = len(normalize_plain(piece))
        if source is not None and size:
            planted.append(Planted(position, position + size, source, rate))
        text.append(piece)
        position += size
    return "".join(text), planted


def make_corpus(args, maker: TextMaker, prompts: list[str]) -> tuple[list[Doc], int]:
    rng = maker.rng
    docs: list[Doc] = []
    model_id = 0
    for doc_id in range(args.docs):
        kind = "reference" if rng.random() < 0.02 else "submission"
        owner = 0 if kind == "reference" else rng.randint(1, max(2, args.docs // 3))
        size = 3000 if doc_id == model_id else rng.randint(500, 3000)
        prompt = rng.choice(prompts) if kind == "submission" and rng.random() < 0.5 else ""
        own = [maker.own(rng.randint(100, 600)) for _ in range(max(1, size // 400))]
        pieces: list[str] = [prompt] + own
        if doc_id and doc_id <= args.model_copies:  # the model essay copied by hundreds
            copy = maker.edit(take_passage(maker, docs[model_id], 400), 0.03)
            pieces.insert(rng.randint(1, len(pieces)), copy)
        elif doc_id > 10 and rng.random() < 0.2:  # ordinary copying among earlier documents
            source = docs[rng.randrange(doc_id)]
            pieces.insert(rng.randint(1, len(pieces)), take_passage(maker, source, rng.randint(13, 500)))
        docs.append(Doc(doc_id, owner, kind, "".join(pieces), own))
    return docs, model_id


def make_query(args, maker: TextMaker, docs: list[Doc], prompts: list[str], model_id: int) -> Query:
    rng = maker.rng
    roll = rng.random()
    category = "unrelated" if roll < 0.2 else "model" if roll < 0.3 else "copies"
    owner = rng.randint(10**6, 2 * 10**6)
    prompt = rng.choice(prompts) if rng.random() < 0.5 else ""
    target = 0 if category == "unrelated" else int(3000 * rng.uniform(0.05, 0.6))
    copies: list[tuple[str, int | None, float]] = []
    copied = 0
    while copied < target:
        length = min(int(math.exp(rng.uniform(math.log(13), math.log(500)))), max(13, target - copied))
        source = docs[model_id] if category == "model" and not copies else docs[rng.randrange(len(docs))]
        rate = rng.choice(EDIT_LEVELS)
        passage = maker.edit(take_passage(maker, source, length), rate)
        copies.append((passage, source.doc_id, rate))
        copied += len(passage)
    if copies and rng.random() < 0.1:  # a self-copy: the learner's own work for another assignment
        owner = docs[copies[0][1]].owner
    own_size = max(0, 3000 - copied - len(prompt))
    own = [(maker.own(own_size // (len(copies) + 1)), None, 0.0) for _ in range(len(copies) + 1)]
    pieces: list[tuple[str, int | None, float]] = [(prompt, None, 0.0)]
    for i, piece in enumerate(copies):
        pieces += [own[i], piece]
    pieces.append(own[-1])
    text, planted = compose(maker, pieces)
    return Query(text, owner, prompt, category, planted)


def _rss_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def build_index(args, docs: list[Doc], params: FingerprintParams) -> tuple[FingerprintIndex, float]:
    index = FingerprintIndex(params, posting_cap=args.cap, bucket_bits=args.bucket_bits)
    started = time.perf_counter()
    documents = [SourceDocument(d.doc_id, d.owner, d.kind, d.text) for d in docs]
    if args.workers > 1:
        with Pool(args.workers) as pool:
            rows = pool.imap(_fingerprint_rows, [(d.text, params.k, params.w) for d in docs], chunksize=64)
            for document, (hashes, positions) in zip(documents, rows):
                index.add(document, list(zip(array("q", hashes), array("l", positions))))
    else:
        for document in documents:
            index.add(document)
    return index, time.perf_counter() - started


class PostgresStore:
    """The product's ``DatabaseStore`` on a PostgreSQL database filled with the corpus (``--store
    postgres``). Its ids start at 1 where the benchmark's start at 0: translated both ways, so the
    evaluation is the same as in memory."""

    def __init__(self, url: str, docs: list[Doc], bulk: bool = False, workers: int = 2, reuse: bool = False) -> None:
        from sqlalchemy import create_engine, text
        from sqlalchemy.orm import Session

        import importlib
        import pkgutil

        import lms
        from lms.core.db import Base

        for module in pkgutil.iter_modules(lms.__path__):  # every table (users, their org units, …)
            if module.ispkg and importlib.util.find_spec(f"lms.{module.name}.models"):
                importlib.import_module(f"lms.{module.name}.models")
        from lms.originality.store import DatabaseStore, index_document

        self.engine = create_engine(url)
        tables = ("originality_document", "originality_posting", "originality_hash_count", "originality_corpus")
        if not reuse:
            with self.engine.begin() as connection:
                for table in reversed(tables):
                    connection.execute(text(f"DROP TABLE IF EXISTS {table} CASCADE"))
                Base.metadata.create_all(connection)
        started = time.perf_counter()
        if reuse:  # the corpus a run with the same arguments left behind (e.g. checked by other code)
            pass
        elif bulk:
            self._bulk_load(docs, workers)
        else:
            with Session(self.engine) as session:
                for n, d in enumerate(docs, start=1):
                    index_document(session, kind=d.kind, source_id=d.doc_id, owner_id=None, text=d.text)
                    if n % 500 == 0:
                        session.commit()
                        session.expunge_all()
                session.commit()
        self.build_seconds = 0.0 if reuse else time.perf_counter() - started
        self.session = Session(self.engine)
        self.store = DatabaseStore(self.session)
        self.owners = {d.doc_id: d.owner for d in docs}
        with self.engine.connect() as connection:
            self.posting_count = connection.execute(text("SELECT count(*) FROM originality_posting")).scalar()

    def _bulk_load(self, docs: list[Doc], workers: int) -> None:
        """The rows ``index_document`` would write for ``docs`` in order (ids 1.., each hash's first ``cap``
        holders, every offer counted), fingerprinted in worker processes and sent with ``COPY``: hours of
        one-by-one indexing become minutes, so the check can be timed against 100,000 documents."""
        from datetime import datetime, timezone

        from sqlalchemy import text

        from lms.core.db import Base
        from lms.originality.index import DEFAULT_POSTING_CAP as cap
        from lms.originality.fingerprint import DEFAULT_PARAMS

        scheme, now = DEFAULT_PARAMS.scheme, datetime.now(timezone.utc)
        jobs = [(d.text, DEFAULT_PARAMS.k, DEFAULT_PARAMS.w) for d in docs]
        counts: dict[int, int] = {}
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            with cursor.copy("COPY originality_document (id, kind, source_id, text, scheme, created_at) FROM STDIN") as copy:
                for n, d in enumerate(docs, start=1):
                    copy.write_row((n, d.kind, d.doc_id, d.text, scheme, now))
            with Pool(workers) as pool, cursor.copy("COPY originality_posting (hash, doc_id, pos) FROM STDIN") as copy:
                for n, (hashes, positions) in enumerate(pool.imap(_fingerprint_rows, jobs, chunksize=64), start=1):
                    values, places = array("q"), array("l")
                    values.frombytes(hashes)
                    places.frombytes(positions)
                    rows = list(zip(values, places))
                    offered: dict[int, int] = {}
                    for value, _pos in rows:
                        offered[value] = offered.get(value, 0) + 1
                    taken: dict[int, int] = {}
                    for value, pos in rows:  # positions in order: the first ``room`` of each hash are kept
                        room = cap - counts.get(value, 0)
                        if taken.get(value, 0) < room:
                            taken[value] = taken.get(value, 0) + 1
                            copy.write_row((value, n, pos))
                    for value, k in offered.items():
                        counts[value] = counts.get(value, 0) + k
            with cursor.copy("COPY originality_hash_count (hash, frequency) FROM STDIN") as copy:
                for value, k in counts.items():
                    copy.write_row((value, k))
            if "originality_corpus" in Base.metadata.tables:
                cursor.execute("INSERT INTO originality_corpus (id, documents) VALUES (1, %s)", (len(docs),))
            cursor.execute("SELECT setval(pg_get_serial_sequence('originality_document', 'id'), %s)", (len(docs),))
            raw.commit()
        finally:
            raw.close()
        # The state autovacuum keeps the tables in (migration 7c2d9e4f1a36: the postings after 1% new rows): the
        # visibility map set, so a lookup reads the postings' primary key alone; a bulk load leaves it unset.
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for table in ("originality_document", "originality_posting", "originality_hash_count"):
                connection.execute(text(f"VACUUM (ANALYZE) {table}"))

    def lookup(self, hashes):
        return {h: Postings([(doc - 1, pos) for doc, pos in p.holders], p.frequency)
                for h, p in self.store.lookup(hashes).items()}

    def document_count(self) -> int:
        return self.store.document_count()

    def documents(self, doc_ids):
        found = self.store.documents([i + 1 for i in doc_ids])
        return {i - 1: SourceDocument(i - 1, self.owners[i - 1], d.kind, d.text) for i, d in found.items()}

    def memory_bytes(self) -> int:
        return 0


def lookup_plans(index: PostgresStore, queries: list[Query], params: FingerprintParams, rounds: int = 2) -> dict:
    """The candidate lookup of each query (all its k-grams, as ``check`` sends them) timed three ways, in
    alternating order: planned afresh with parallel workers allowed (PostgreSQL's default) and not, as a
    connection's first runs are; and prepared, as psycopg does from a statement's fifth run on, where
    PostgreSQL soon settles on the generic plan. Parallel workers are allowed by a SET, overriding nothing
    where a table's ``parallel_workers`` is 0: run it on a corpus whose tables have the option reset to see
    what the option saves."""
    from sqlalchemy import text

    from lms.originality.store import _LOOKUP

    statement = str(_LOOKUP[True].compile(dialect=index.engine.dialect)).replace("%(id_1)s", "1").replace(
        "%(hashes)s", "%s")
    wanted = [sorted(kgram_positions(normalize_plain(q.text), params.k)) for q in queries]
    modes = {"custom, parallel allowed": (2, False), "custom, serial": (0, False), "prepared": (2, True)}
    times: dict[str, list[float]] = {mode: [] for mode in modes}
    raw = index.engine.raw_connection()
    try:
        cursor = raw.driver_connection.cursor()
        for round_ in range(rounds):
            for i, hashes in enumerate(wanted):
                for mode in (list(modes) if (i + round_) % 2 else list(modes)[::-1]):
                    workers, prepare = modes[mode]
                    cursor.execute(f"SET max_parallel_workers_per_gather = {workers}")
                    begin = time.perf_counter()
                    cursor.execute(statement, (hashes,), prepare=prepare)
                    cursor.fetchall()
                    times[mode].append((time.perf_counter() - begin) * 1000)
        raw.rollback()
        with index.engine.connect() as connection:
            options = dict(connection.execute(text(
                "SELECT relname, reloptions FROM pg_class WHERE relname IN "
                "('originality_posting', 'originality_hash_count')")).all())
    finally:
        raw.close()
    return {"table_options": {name: value or [] for name, value in options.items()},
            **{mode: latency_figures(found) for mode, found in times.items()}}


def _fingerprint_rows(job: tuple[str, int, int]) -> tuple[bytes, bytes]:
    """Fingerprints computed in a worker, sent back as two flat arrays (cheap to pickle)."""
    text, k, w = job
    rows = index_fingerprints(text, FingerprintParams(k, w))
    return array("q", [h for h, _ in rows]).tobytes(), array("l", [p for _, p in rows]).tobytes()


def _bits(spans) -> set[int]:
    return {i for start, end in spans for i in range(start, end)}


def evaluate(queries: list[Query], reports: list) -> dict:
    hit_by_rate = {rate: [0, 0] for rate in EDIT_LEVELS}  # [detected planted chars, planted chars]
    by_length = {"13-19": [0, 0], "20-99": [0, 0], "100+": [0, 0]}
    true_detected = detected_total = 0
    decision_errors = wide_errors = unrelated_flagged = unrelated_with_matches = 0
    source_hits = source_total = 0
    for query, report in zip(queries, reports):
        detected = _bits((m.norm_start, m.norm_end) for m in report.matches)
        detected -= _bits(_normalized_boilerplate(query, report))
        planted = _bits((p.start, p.end) for p in query.planted)
        true_detected += len(detected & planted)
        detected_total += len(detected)
        for p in query.planted:
            hit = len(detected & set(range(p.start, p.end)))
            hit_by_rate[p.rate][0] += hit
            hit_by_rate[p.rate][1] += p.end - p.start
            size = p.end - p.start
            bucket = "13-19" if size < 20 else "20-99" if size < 100 else "100+"
            by_length[bucket][0] += hit
            by_length[bucket][1] += size
        found_sources = {s.source_id for s in report.sources}
        for source in {p.source for p in query.planted if p.end - p.start >= 20}:
            source_total += 1
            source_hits += source in found_sources
        truth_copied = len(planted)
        truth_suspected = truth_copied * 10 > report.countable * 3
        if truth_suspected != report.suspected:
            decision_errors += 1
            if abs(truth_copied / max(report.countable, 1) - 0.3) > 0.02:
                wide_errors += 1
        if query.category == "unrelated":
            unrelated_flagged += report.suspected
            unrelated_with_matches += bool(report.matches)
    return {
        "precision": true_detected / max(detected_total, 1),
        "recall_by_edit_rate": {str(r): h / max(t, 1) for r, (h, t) in hit_by_rate.items()},
        "recall_by_passage_length": {k: h / max(t, 1) for k, (h, t) in by_length.items()},
        "decision_errors": decision_errors,
        "decision_errors_beyond_2_points": wide_errors,
        "source_recall_20_plus": source_hits / max(source_total, 1),
        "unrelated_flagged": unrelated_flagged,
        "unrelated_with_any_match": unrelated_with_matches,
    }


def _normalized_boilerplate(query: Query, report) -> list[tuple[int, int]]:
    # Boilerplate is reported in original coordinates; the prompt is the query's first piece.
    size = len(normalize_plain(query.prompt))
    return [(0, size)] if size and report.boilerplate else []


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def latency_figures(milliseconds: list[float]) -> dict[str, float]:
    """p50, p95, p99 and max, as every latency of this benchmark is reported."""
    points = (("p50", 0.5), ("p95", 0.95), ("p99", 0.99), ("max", 1.0))
    return {q: round(percentile(milliseconds, v), 2) for q, v in points}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=10000, help="documents in the corpus")
    parser.add_argument("--queries", type=int, default=300, help="3,000-character submissions checked")
    parser.add_argument(
        "--model-copies", type=int, default=300, help="corpus documents copying the model essay"
    )
    parser.add_argument("--k", type=int, default=8)
    parser.add_argument("--w", type=int, default=13)
    parser.add_argument("--cap", type=int, default=32, help="posting list cap (oldest holders kept)")
    parser.add_argument("--candidates", type=int, default=DEFAULT_SETTINGS.candidates,
                        help="safety bound on documents aligned per check (the stop is adaptive)")
    parser.add_argument("--probe-spacing", type=int, default=DEFAULT_SETTINGS.probe_spacing,
                        help="characters between decimated-view probes (0: none)")
    parser.add_argument("--bucket-bits", type=int, default=0, help="index buckets (0: sized to the corpus)")
    parser.add_argument("--workers", type=int, default=2, help="processes fingerprinting the corpus")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--store", choices=("memory", "postgres"), default="memory",
                        help="the in-memory index, or the product's database store on PostgreSQL")
    parser.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/originality_bench",
                        help="for --store postgres: its originality tables are dropped and rebuilt")
    parser.add_argument("--bulk", action="store_true",
                        help="for --store postgres: load the rows index_document would write with COPY (fast)")
    parser.add_argument("--reuse", action="store_true",
                        help="for --store postgres: check against the corpus a run with the same arguments left "
                        "in the database (load once, compare two versions of the code)")
    parser.add_argument("--lookup-plans", action="store_true",
                        help="for --store postgres: also time each query's candidate lookup as a connection's first "
                        "runs plan it (custom plans, parallel workers allowed and not) and as later runs do (the "
                        "prepared, generic plan), interleaved")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON only")
    args = parser.parse_args(argv)
    if not args.bucket_bits:  # about 256 postings a bucket: ~2 KB scanned by each lookup
        args.bucket_bits = max(10, math.ceil(math.log2(max(args.docs, 1) * 250 / 256)))
    params = FingerprintParams(args.k, args.w)
    settings = CheckSettings(fingerprint=params, candidates=args.candidates, probe_spacing=args.probe_spacing)
    rng = random.Random(args.seed)
    maker = TextMaker(rng)
    prompts = [maker.own(rng.randint(60, 150)) for _ in range(20)]

    started = time.perf_counter()
    docs, model_id = make_corpus(args, maker, prompts)
    queries = [make_query(args, maker, docs, prompts, model_id) for _ in range(args.queries)]
    # Earlier versions of some submissions are in the corpus and must be excluded by the caller.
    for i, query in enumerate(queries[: args.queries // 10]):
        version = Doc(len(docs), query.owner, "submission", maker.edit(query.text, 0.03), [])
        docs.append(version)
        query.excluded.append(version.doc_id)
    generated = time.perf_counter() - started

    rss_before = _rss_bytes()
    if args.store == "postgres":
        index = PostgresStore(args.database_url, docs, bulk=args.bulk, workers=args.workers, reuse=args.reuse)
        build_seconds = index.build_seconds
    else:
        index, build_seconds = build_index(args, docs, params)
    rss_after = _rss_bytes()

    # A long-lived worker has its heap in the oldest GC generation; without this, one check pays for a
    # full collection of the benchmark's own million-object corpus and shows as a ~150 ms outlier.
    gc.collect()
    gc.freeze()
    check(queries[0].text, index, owner_id=0, settings=settings)  # warm the character table
    reports, latencies = [], []
    for query in queries:
        begin = time.perf_counter()
        boilerplate = [query.prompt] if query.prompt else []
        reports.append(check(query.text, index, owner_id=query.owner, boilerplate=boilerplate,
                             excluded=query.excluded, settings=settings))
        latencies.append((time.perf_counter() - begin) * 1000)

    figures = {
        "command": "python benchmarks/originality.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "docs": len(docs),
        "store": args.store,
        "queries": len(queries),
        "k": params.k,
        "w": params.w,
        "guarantee": params.guarantee,
        "cap": args.cap,
        "corpus_generation_s": round(generated, 1),
        "index_build_s": round(build_seconds, 1),
        "index_docs_per_s": round(len(docs) / build_seconds) if build_seconds else None,
        "postings": index.posting_count,
        "posting_bytes_mb": round(index.memory_bytes() / 2**20, 1),
        "rss_growth_index_mb": round((rss_after - rss_before) / 2**20),
        "rss_total_mb": round(rss_after / 2**20),
        "latency_ms": latency_figures(latencies),
        **evaluate(queries, reports),
    }
    if args.lookup_plans and args.store == "postgres":
        figures["lookup_plans_ms"] = lookup_plans(index, queries, params)
    print(json.dumps(figures, indent=None if args.json else 2, ensure_ascii=False))
    return figures


if __name__ == "__main__":
    main()
