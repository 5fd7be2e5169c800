"""The database-backed ``FingerprintStore``: postings in ``originality_posting``, counts per hash.

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

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable

from sqlalchemy import BigInteger, any_, bindparam, delete, func, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from lms.core import clock
from lms.originality import DEFAULT_PARAMS, Postings, SourceDocument, index_fingerprints
from lms.originality.index import DEFAULT_POSTING_CAP
from lms.originality.models import OriginalityDocument, originality_hash_count, originality_posting

CHUNK = 900  # bound parameters per statement: far below SQLite's and PostgreSQL's limits


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class DatabaseStore:
    """Reads the committed (and this transaction's) corpus; one instance per check."""

    def __init__(self, session, *, cap: int = DEFAULT_POSTING_CAP) -> None:
        self.session = session
        self.cap = cap

    def lookup(self, hashes: Collection[int]) -> dict[int, Postings]:
        wanted = sorted(set(hashes))
        holders: dict[int, list[tuple[int, int]]] = defaultdict(list)
        frequency: dict[int, int] = {}
        p, c = originality_posting.c, originality_hash_count.c
        postgres = self.session.get_bind().dialect.name == "postgresql"
        # PostgreSQL takes every hash as one array parameter (``= ANY``): one statement, no thousands of
        # bound parameters to render and parse; SQLite gets IN lists in chunks.
        for part in [wanted] if postgres else _chunks(wanted):
            match = (lambda column: column == any_(bindparam("hashes", part, type_=ARRAY(BigInteger)))) \
                if postgres else (lambda column: column.in_(part))
            rows = self.session.execute(select(p.hash, p.doc_id, p.pos).where(match(p.hash))
                                        .order_by(p.hash, p.doc_id, p.pos))
            for value, doc_id, pos in rows:
                if len(holders[value]) < self.cap:
                    holders[value].append((doc_id, pos))
            frequency.update(self.session.execute(select(c.hash, c.frequency).where(match(c.hash))).all())
        return {value: Postings(found, max(frequency.get(value, 0), len(found)))
                for value, found in holders.items() if found}

    def document_count(self) -> int:
        """The corpus size for idf, read as the highest document id: ids are given in creation order
        and documents are never deleted, so it is the count (plus ids lost to rolled-back inserts), read with
        one primary-key index probe instead of a ``count(*)`` scan of every document (~21 ms of each
        check on PostgreSQL at scale). idf needs only the order of magnitude."""
        return self.session.scalar(select(func.max(OriginalityDocument.id))) or 0

    def documents(self, doc_ids: Collection[int]) -> dict[int, SourceDocument]:
        found = {}
        for part in _chunks(sorted(set(doc_ids))):
            for d in self.session.scalars(select(OriginalityDocument).where(OriginalityDocument.id.in_(part))):
                found[d.id] = SourceDocument(d.id, d.owner_id or 0, d.kind, d.text)
        return found


def _upsert(session):
    dialect = session.get_bind().dialect.name
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(originality_hash_count)


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
