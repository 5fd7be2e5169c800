"""The database-backed fingerprint store: capped postings keep the oldest holders, the frequency
counts every holder, a rebuild derives the same index, and checks agree with the in-memory index."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from lms.extensions import db
from lms.originality import FingerprintIndex, SourceDocument, check, index_fingerprints
from lms.originality.models import originality_hash_count, originality_posting
from lms.originality.store import DatabaseStore, index_document, rebuild
from tests.assignments.conftest import fresh


@pytest.fixture
def session(app):
    with app.app_context():
        yield db.session
        db.session.rollback()


def _postings(session):
    p = originality_posting.c
    return session.execute(select(p.hash, p.doc_id, p.pos).order_by(p.hash, p.doc_id, p.pos)).all()


def test_a_popular_passage_keeps_its_oldest_holders_and_counts_all(session):
    essay = fresh(200, 1)
    ids = [index_document(session, kind="submission", source_id=i, owner_id=None, text=essay, cap=3).id
           for i in range(1, 6)]
    value = index_fingerprints(essay)[0].hash
    postings = DatabaseStore(session, cap=3).lookup([value])[value]
    assert [doc for doc, _ in postings.holders] == ids[:3] and postings.frequency == 5
    assert DatabaseStore(session).document_count() == 5


def test_rebuild_derives_the_same_index(session):
    for i in range(4):
        index_document(session, kind="reference" if i % 2 else "submission", source_id=i, owner_id=None,
                       text=fresh(300, 10 + i % 3), cap=2)
    before = _postings(session)
    counts = session.execute(select(originality_hash_count).order_by(originality_hash_count.c.hash)).all()
    assert rebuild(session, cap=2) == (4, len(before))
    assert _postings(session) == before
    assert session.execute(select(originality_hash_count).order_by(originality_hash_count.c.hash)).all() == counts


def test_checks_agree_with_the_in_memory_index(session):
    memory = FingerprintIndex()
    texts = [fresh(400, 20 + i) for i in range(5)]
    for i, text in enumerate(texts):
        doc = index_document(session, kind="submission", source_id=i, owner_id=None, text=text)
        memory.add(SourceDocument(doc.id, 0, "submission", text))
    query = texts[1][50:150] + fresh(100, 30) + texts[3][:80]
    from_db = check(query, DatabaseStore(session), owner_id=99)
    from_memory = check(query, memory, owner_id=99)
    assert from_db.to_dict() == from_memory.to_dict() and from_db.copied == 180


def test_the_rebuild_command(app, session):
    index_document(session, kind="submission", source_id=1, owner_id=None, text=fresh(100, 40))
    session.commit()
    result = CliRunner().invoke(app.cli, ["originality", "rebuild"], catch_exceptions=False)
    assert result.exit_code == 0 and "re-indexed 1 documents" in result.output
    assert session.scalar(select(func.count()).select_from(originality_posting)) > 0
