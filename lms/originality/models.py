"""The originality corpus in the database: documents, their fingerprints, reference texts, templates.

The index IS the database (docs/ARCHITECTURE.md "Deployment": nothing in the code may assume one
process): every worker process reads the same posting rows, a restart loses nothing, and
``lms originality rebuild`` derives the postings again from the documents.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, Column, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.db import Base, UTCDateTime

DOCUMENT_KINDS = ("submission", "reference")


class OriginalityDocument(Base):
    """One text of the corpus. The id is the corpus-wide age order the engine relies on: a submission's
    every version and every reference text take the next id, so a smaller id is an older document."""

    __tablename__ = "originality_document"
    __table_args__ = (
        CheckConstraint("kind IN ('submission', 'reference')", name="kind_known"),
        Index("ix_originality_document_source", "kind", "source_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    # The learner for a submission (self-copies are told apart by it); the admin who added a reference.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    # submission.id or reference_text.id: several versions of one submission share it.
    source_id: Mapped[int]
    # The original text of this version: passages are shown in it, side by side.
    text: Mapped[str] = mapped_column(Text)
    # FingerprintParams.scheme of the postings; a rebuild re-indexes under the current one.
    scheme: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


# PostgreSQL storage parameters, as the migrations set them (7c2d9e4f1a36, 9b3e5d7f2c48), so that a schema
# made from the models (a benchmark's) behaves as the product's: a check's lookup never starts parallel
# workers (they cost more than the lookup), and the postings are vacuumed after 1% new rows so the lookup
# reads their primary key alone.
_LOOKED_UP = {"parallel_workers": 0}

# (hash, doc_id, pos): the primary key doubles as the lookup index on hash. No ORM class: rows are
# only ever bulk-inserted and bulk-read.
originality_posting = Table(
    "originality_posting", Base.metadata,
    Column("hash", BigInteger, primary_key=True, autoincrement=False),
    Column("doc_id", ForeignKey("originality_document.id", ondelete="CASCADE"), primary_key=True,
           autoincrement=False),
    Column("pos", Integer, primary_key=True, autoincrement=False),
    Index("ix_originality_posting_doc_id", "doc_id"),
    postgresql_with={**_LOOKED_UP, "autovacuum_vacuum_insert_scale_factor": 0.01},
)

# Every posting ever offered per hash, the ones refused by the cap included: the idf's frequency.
originality_hash_count = Table(
    "originality_hash_count", Base.metadata,
    Column("hash", BigInteger, primary_key=True, autoincrement=False),
    Column("frequency", Integer, nullable=False),
    postgresql_with=_LOOKED_UP,
)


# The number of documents in the corpus (the idf's N), one row (id 1) kept by ``index_document`` in the
# indexing transaction: the check reads it in the same statement as its postings instead of counting every
# document (lms.originality.store). No row: an empty corpus.
originality_corpus = Table(
    "originality_corpus", Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("documents", Integer, nullable=False),
    CheckConstraint("id = 1", name="one_row"),
)


class ReferenceText(Base):
    """A published text a province admin added to the corpus (J11: copying it counts)."""

    __tablename__ = "reference_text"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("originality_document.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    def to_dict(self, with_text: bool = False) -> dict:
        data = {"id": self.id, "title": self.title, "source": self.source, "chars": len(self.text),
                "document_id": self.document_id, "created_at": self.created_at.isoformat()}
        if with_text:
            data["text"] = self.text
        return data


class BoilerplateTemplate(Base):
    """Text every learner is expected to repeat (a form's headings, a required outline): excluded from
    both sides of every check, like the assignment's own prompt."""

    __tablename__ = "boilerplate_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "text": self.text, "created_at": self.created_at.isoformat()}


class CommonQuotation(Base):
    """A passage of a common policy text that learners quote (a law, a national guideline): a quotation
    of it counts neither as copied nor in the denominator of any check. The report still says how much
    of a text such quotations were, and the ratio had they counted."""

    __tablename__ = "common_quotation"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    # Where it was taken from when added from a report: the submission whose matched passage it was.
    from_submission_id: Mapped[int | None] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "text": self.text, "from_submission_id": self.from_submission_id,
                "created_at": self.created_at.isoformat()}
