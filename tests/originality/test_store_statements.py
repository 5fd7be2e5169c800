"""The database store's candidate lookup is ONE statement: the postings of every wanted hash with their
frequencies and the corpus size beside them (issue 11: it was a count of every document, a postings query
and a frequency query). The corpus size is kept exact by indexing and by a rebuild. Counted, not timed."""
from __future__ import annotations

import os

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy import text as sql

from lms.extensions import db
from lms.originality import FingerprintIndex, SourceDocument, check, index_fingerprints
from lms.originality.models import OriginalityDocument, originality_corpus
from lms.originality.store import DatabaseStore, index_document, rebuild
from tests.assignments.conftest import fresh
from tests.helpers import count_statements


@pytest.fixture
def session(app):
    with app.app_context():
        yield db.session
        db.session.rollback()


def _corpus(session, n: int, start: int = 0) -> list[str]:
    texts = [fresh(400, 500 + i) for i in range(start, start + n)]
    for i, text in enumerate(texts, start=start):
        index_document(session, kind="submission", source_id=i, owner_id=None, text=text)
    return texts


def test_the_lookup_and_the_corpus_size_are_one_statement(app, session):
    texts = _corpus(session, 10)
    hashes = [h for text in texts for h, _pos in index_fingerprints(text)] + [12345, -67890]  # two held by none
    store = DatabaseStore(session)
    with count_statements(app) as seen:
        postings = store.lookup(hashes)
        documents = store.document_count()
    assert len(seen) == 1, seen
    assert documents == 10 and set(postings) == {h for text in texts for h, _pos in index_fingerprints(text)}
    with count_statements(app) as seen:
        assert store.lookup([12345]) == {} and store.document_count() == 10
    assert len(seen) == 1, seen
    with count_statements(app) as seen:
        assert DatabaseStore(session).document_count() == 10  # asked before any lookup: read on its own
    assert len(seen) == 1


def test_a_check_costs_the_same_statements_against_10_and_40_documents(app, session):
    texts = _corpus(session, 10)
    query = texts[1][50:150] + fresh(100, 30) + texts[3][:80]
    with count_statements(app) as seen:
        first = check(query, DatabaseStore(session), owner_id=99)
    ten = len(seen)
    _corpus(session, 30, start=10)
    with count_statements(app) as seen:
        second = check(query, DatabaseStore(session), owner_id=99)
    assert len(seen) == ten <= 4, seen  # the probes' lookup, the candidates' lookup, the candidates' texts
    assert first.to_dict() == second.to_dict() and second.copied == 180


def test_the_corpus_size_is_the_number_of_documents_and_checks_agree_with_memory(session):
    memory = FingerprintIndex()
    texts = [fresh(400, 20 + i) for i in range(6)]
    for i, text in enumerate(texts):
        doc = index_document(session, kind="reference" if i % 2 else "submission", source_id=i, owner_id=None,
                             text=text)
        memory.add(SourceDocument(doc.id, 0, doc.kind, text))
    assert DatabaseStore(session).document_count() == memory.document_count() == 6
    query = texts[2][:120] + fresh(150, 31) + texts[5][100:200]
    assert check(query, DatabaseStore(session), owner_id=99).to_dict() == check(query, memory, owner_id=99).to_dict()


def test_a_rebuild_counts_the_corpus_again(session):
    _corpus(session, 4)
    session.execute(delete(originality_corpus))  # lost, or wrong: a rebuild sets it from the documents
    assert DatabaseStore(session).document_count() == 0
    assert rebuild(session)[0] == 4
    assert DatabaseStore(session).document_count() == 4 == session.scalar(
        select(func.count()).select_from(OriginalityDocument))


@pytest.mark.skipif(not os.environ.get("LMS_TEST_DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL")
def test_autovacuum_keeps_the_postings_lookup_index_only(session):
    """Migration 7c2d9e4f1a36: the postings table is vacuumed after 1% new rows (not 20%), so the newest
    documents' postings are read from the primary key alone."""
    assert "autovacuum_vacuum_insert_scale_factor=0.01" in _storage_parameters(session, "originality_posting")


@pytest.mark.skipif(not os.environ.get("LMS_TEST_DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL")
@pytest.mark.parametrize("table", ["originality_hash_count", "originality_posting"])
def test_a_lookup_never_starts_parallel_workers(session, table):
    """Migration 9b3e5d7f2c48: the tables a check looks up are scanned by its own backend alone (parallel
    workers cost more than the lookup and take the cores other requests need)."""
    assert "parallel_workers=0" in _storage_parameters(session, table)


def _storage_parameters(session, table: str) -> list[str]:
    return session.scalar(sql("SELECT reloptions FROM pg_class WHERE relname = :t"), {"t": table}) or []


def test_the_models_carry_the_migrations_storage_parameters():
    """A schema made from the models (the benchmarks') gets the same PostgreSQL storage parameters."""
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateTable

    from lms.originality.models import originality_hash_count, originality_posting

    posting = str(CreateTable(originality_posting).compile(dialect=postgresql.dialect()))
    assert "parallel_workers = 0" in posting and "autovacuum_vacuum_insert_scale_factor = 0.01" in posting
    assert "parallel_workers = 0" in str(CreateTable(originality_hash_count).compile(dialect=postgresql.dialect()))
