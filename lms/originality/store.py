"""The database-backed ``FingerprintStore``: postings in ``originality_posting``, counts per hash, the
corpus size in ``originality_corpus``.

Writing a document (``index_document``) takes the next corpus id, stores the text, bumps each hash's
frequency with one upsert that returns the new count, and inserts the posting only while the hash has
fewer than ``cap`` holders — so a posting list keeps its oldest holders and hundreds of copies of a
model essay never cost more than ``cap`` rows. Hashes are upserted in ascending order so that two
transactions indexing at once lock the shared count rows in the same order (no deadlock on
PostgreSQL); on SQLite the caller already holds the write lock (``hold_write_lock``).

Everything happens in the caller's transaction: a submission that fails leaves no postings behind, and
what one worker commits every other worker sees.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable

from sqlalchemy import BigInteger, String, any_, bindparam, delete, func, null, select, text, union_all
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from lms.core import clock
from lms.originality import DEFAULT_PARAMS, Postings, SourceDocument, index_fingerprints
from lms.originality.index import DEFAULT_POSTING_CAP
from lms.originality.models import (OriginalityDocument, originality_corpus, originality_hash_count,
                                    originality_posting)

CHUNK = 900  # bound parameters per statement: far below SQLite's and PostgreSQL's limits


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _lookup_statement(postgres: bool):
    """The candidate lookup as ONE statement, built once per process: the corpus size's row, then every
    posting of the wanted hashes with its hash's frequency, in (hash, document, position) order. The hashes
    are one bound parameter: a PostgreSQL array (``= ANY``), a JSON list on SQLite (``json_each``), so no
    statement has thousands of bound parameters to render and parse, and no chunking is needed."""
    p, c, k = originality_posting.c, originality_hash_count.c, originality_corpus.c
    if postgres:
        wanted = c.hash == any_(bindparam("hashes", type_=ARRAY(BigInteger)))
    else:
        listed = func.json_each(bindparam("hashes", type_=String)).table_valued("value")
        wanted = c.hash.in_(select(listed.c.value))
    size = select(null().label("hash"), k.documents.label("frequency"), null().label("doc_id"),
                  null().label("pos")).where(k.id == 1)
    found = (select(c.hash, c.frequency, p.doc_id, p.pos)
             .join_from(originality_hash_count, originality_posting, p.hash == c.hash).where(wanted))
    union = union_all(size, found).subquery()
    return select(union.c.hash, union.c.frequency, union.c.doc_id, union.c.pos).order_by(
        union.c.hash, union.c.doc_id, union.c.pos)


_LOOKUP = {True: _lookup_statement(True), False: _lookup_statement(False)}
_CORPUS_SIZE = select(originality_corpus.c.documents).where(originality_corpus.c.id == 1)


class DatabaseStore:
    """Reads the committed (and this transaction's) corpus; one instance per check."""

    def __init__(self, session, *, cap: int = DEFAULT_POSTING_CAP) -> None:
        self.session = session
        self.cap = cap
        self._documents: int | None = None  # the corpus size read by the last lookup

    def lookup(self, hashes: Collection[int]) -> dict[int, Postings]:
        """Postings and frequencies of ``hashes``, and the corpus size beside them: one statement."""
        wanted = sorted(set(hashes))
        postgres = self.session.get_bind().dialect.name == "postgresql"
        holders: dict[int, list[tuple[int, int]]] = defaultdict(list)
        frequency: dict[int, int] = {}
        documents = 0
        rows = self.session.execute(_LOOKUP[postgres], {"hashes": wanted if postgres else json.dumps(wanted)})
        for value, count, doc_id, pos in rows:
            if value is None:  # the corpus size's row
                documents = count
                continue
            frequency[value] = count
            if len(holders[value]) < self.cap:
                holders[value].append((doc_id, pos))
        self._documents = documents
        return {value: Postings(found, max(frequency.get(value, 0), len(found)))
                for value, found in holders.items() if found}

    def document_count(self) -> int:
        """The corpus size for idf: the documents indexed (``originality_corpus``), as read by the last
        ``lookup`` (the check asks right after it: no statement of its own), else read now."""
        if self._documents is None:
            self._documents = self.session.scalar(_CORPUS_SIZE) or 0
        return self._documents

    def documents(self, doc_ids: Collection[int]) -> dict[int, SourceDocument]:
        """The candidates' texts and owners: plain rows (no ORM objects to build and track)."""
        found = {}
        d = OriginalityDocument
        for part in _chunks(sorted(set(doc_ids))):
            for doc_id, owner_id, kind, text_ in self.session.execute(
                    select(d.id, d.owner_id, d.kind, d.text).where(d.id.in_(part))):
                found[doc_id] = SourceDocument(doc_id, owner_id or 0, kind, text_)
        return found


def _upsert(session, table=originality_hash_count):
    dialect = session.get_bind().dialect.name
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(table)


def _count_documents(session, added: int | None = None, *, total: int | None = None) -> None:
    """Keep ``originality_corpus``: ``added`` more documents, or the corpus is ``total`` documents."""
    upsert = _upsert(session, originality_corpus).values(id=1, documents=total if total is not None else added)
    documents = upsert.excluded.documents if total is not None else \
        originality_corpus.c.documents + upsert.excluded.documents
    session.execute(upsert.on_conflict_do_update(index_elements=["id"], set_={"documents": documents}))


def _post(session, document: OriginalityDocument, cap: int) -> int:
    """Index ``document``'s fingerprints; returns the postings written."""
    rows = index_fingerprints(document.text, DEFAULT_PARAMS)
    if not rows:
        return 0
    offered = Counter(value for value, _ in rows)
    positions: dict[int, list[int]] = defaultdict(list)
    for value, pos in rows:
        positions[value].append(pos)
    written = 0
    for part in _chunks(sorted(offered)):
        upsert = _upsert(session)
        statement = upsert.values([{"hash": h, "frequency": offered[h]} for h in part])
        statement = statement.on_conflict_do_update(
            index_elements=["hash"],
            set_={"frequency": originality_hash_count.c.frequency + statement.excluded.frequency},
        ).returning(originality_hash_count.c.hash, originality_hash_count.c.frequency)
        postings = []
        for value, total in session.execute(statement):
            room = cap - (total - offered[value])  # holders before this document, against the cap
            postings.extend({"hash": value, "doc_id": document.id, "pos": pos}
                            for pos in positions[value][:max(0, room)])
        if postings:
            session.execute(originality_posting.insert(), postings)
            written += len(postings)
    return written


def index_document(session, *, kind: str, source_id: int, owner_id: int | None, text: str,
                   cap: int = DEFAULT_POSTING_CAP) -> OriginalityDocument:
    """Add a text to the corpus: it becomes a source for every later check."""
    # The corpus counter first: every indexing transaction locks its row before any hash row, so they queue
    # on it in one order (no deadlock) and the count is exact once it commits.
    _count_documents(session, 1)
    document = OriginalityDocument(kind=kind, source_id=source_id, owner_id=owner_id, text=text,
                                   scheme=DEFAULT_PARAMS.scheme, created_at=clock.now())
    session.add(document)
    session.flush()
    _post(session, document, cap)
    return document


def rebuild(session, *, cap: int = DEFAULT_POSTING_CAP, batch: int = 500) -> tuple[int, int]:
    """Derive every posting again from the stored documents, oldest first (the cap keeps the oldest).

    For a changed fingerprint scheme or a damaged index. Returns (documents, postings).
    """
    if session.get_bind().dialect.name == "postgresql":
        # Submissions arriving meanwhile wait instead of adding postings the rebuild would then miss.
        session.execute(text("LOCK TABLE originality_document, originality_hash_count, originality_posting "
                             "IN EXCLUSIVE MODE"))
    session.execute(delete(originality_posting))
    session.execute(delete(originality_hash_count))
    _count_documents(session, total=session.scalar(select(func.count()).select_from(OriginalityDocument)))
    documents = postings = 0
    last = 0
    while True:
        chunk = session.scalars(select(OriginalityDocument).where(OriginalityDocument.id > last)
                                .order_by(OriginalityDocument.id).limit(batch)).all()
        if not chunk:
            break
        for document in chunk:
            postings += _post(session, document, cap)
            document.scheme = DEFAULT_PARAMS.scheme
            documents += 1
        last = chunk[-1].id
        session.flush()
        session.expunge_all()  # keep memory flat on a large corpus
    return documents, postings


def documents_of_source(session, kind: str, source_id: int) -> list[int]:
    """Ids of every stored version of one submission (or reference text)."""
    return list(session.scalars(select(OriginalityDocument.id).where(
        OriginalityDocument.kind == kind, OriginalityDocument.source_id == source_id)))
