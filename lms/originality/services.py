"""Corpus upkeep (reference texts, boilerplate templates) and the check of one text against the corpus."""
from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from flask_babel import gettext as _
from sqlalchemy import select

from lms.core import audit, clock
from lms.core.db import hold_write_lock
from lms.core.errors import DomainError, InvalidInput
from lms.exports import services as exports
from lms.originality import OriginalityReport, check, policies, store
from lms.originality.models import BoilerplateTemplate, CommonQuotation, OriginalityDocument, ReferenceText
from lms.originality.store import DatabaseStore, index_document

MAX_TEXT_CHARS = 200_000  # a reference text (a paper, a chapter); submissions have their own limit
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _require_manager(actor) -> None:
    """The policy, for a person; ``None`` is the system itself (seeding, the demo)."""
    if actor is not None:
        policies.MANAGE_CORPUS.enforce(actor)


def add_reference(session, actor, *, title: str, text: str, source: str | None = None) -> ReferenceText:
    _require_manager(actor)
    reference = ReferenceText(title=title, text=text, source=source or None,
                              created_by_id=getattr(actor, "id", None), created_at=clock.now())
    session.add(reference)
    session.flush()
    document = index_document(session, kind="reference", source_id=reference.id,
                              owner_id=getattr(actor, "id", None), text=text)
    reference.document_id = document.id
    audit.record(session, actor, "reference_text.create", "reference_text", reference.id,
                 org_unit_id=getattr(actor, "org_unit_id", None), after={"name": title, "chars": len(text)})
    return reference


def add_template(session, actor, *, title: str, text: str) -> BoilerplateTemplate:
    _require_manager(actor)
    template = BoilerplateTemplate(title=title, text=text, created_by_id=getattr(actor, "id", None),
                                   created_at=clock.now())
    session.add(template)
    session.flush()
    audit.record(session, actor, "boilerplate_template.create", "boilerplate_template", template.id,
                 org_unit_id=getattr(actor, "org_unit_id", None), after={"name": title})
    return template


def delete_template(session, actor, template: BoilerplateTemplate) -> None:
    """Later checks stop excluding it; reports already made keep what they measured."""
    _require_manager(actor)
    audit.record(session, actor, "boilerplate_template.delete", "boilerplate_template", template.id,
                 org_unit_id=getattr(actor, "org_unit_id", None), before={"name": template.title})
    session.delete(template)


def templates(session) -> list[str]:
    return list(session.scalars(select(BoilerplateTemplate.text).order_by(BoilerplateTemplate.id)))


def add_quotation(session, actor, *, title: str, text: str, from_submission_id: int | None = None) -> CommonQuotation:
    """A common policy text learners may quote: later checks leave quotations of it out of both sides."""
    _require_manager(actor)
    quotation = CommonQuotation(title=title, text=text, from_submission_id=from_submission_id,
                                created_by_id=getattr(actor, "id", None), created_at=clock.now())
    session.add(quotation)
    session.flush()
    audit.record(session, actor, "common_quotation.create", "common_quotation", quotation.id,
                 org_unit_id=getattr(actor, "org_unit_id", None),
                 after={"name": title, "chars": len(text), "from_submission_id": from_submission_id})
    return quotation


def delete_quotation(session, actor, quotation: CommonQuotation) -> None:
    """Later checks count quotations of it again; reports already made keep what they measured."""
    _require_manager(actor)
    audit.record(session, actor, "common_quotation.delete", "common_quotation", quotation.id,
                 org_unit_id=getattr(actor, "org_unit_id", None), before={"name": quotation.title})
    session.delete(quotation)


def quotations(session) -> list[str]:
    return list(session.scalars(select(CommonQuotation.text).order_by(CommonQuotation.id)))


def check_text(session, text: str, *, owner_id: int, boilerplate: list[str],
               excluded: list[int]) -> OriginalityReport:
    """The engine's check against the whole corpus as this transaction sees it, the province's common
    quotations left out of both sides."""
    return check(text, DatabaseStore(session), owner_id=owner_id, boilerplate=boilerplate,
                 quotations=quotations(session), excluded=excluded)


def sources_of(session, doc_ids) -> dict[int, OriginalityDocument]:
    if not doc_ids:
        return {}
    return {d.id: d for d in session.scalars(select(OriginalityDocument)
                                             .where(OriginalityDocument.id.in_(sorted(set(doc_ids)))))}


def text_of_upload(filename: str, data: bytes) -> str:
    """The text of an uploaded .txt (UTF-8, UTF-16 or GB18030) or .docx file."""
    name = (filename or "").lower()
    if len(data) > MAX_UPLOAD_BYTES:
        raise DomainError("too_large", _("The file is larger than %(n)d MB.", n=MAX_UPLOAD_BYTES // 2**20),
                          status=413)
    if name.endswith(".txt"):
        return _decode(data)
    if name.endswith(".docx"):
        return _docx_text(data)
    raise DomainError("unsupported_media_type", _("Upload a .txt or .docx file."), status=415)


def _decode(data: bytes) -> str:
    # Notepad saves UTF-16 with a byte-order mark; Chinese Windows editors still save GBK (GB18030).
    encodings = ("utf-16",) if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInput(_("The file is not readable text."), {"file": _("Save it as UTF-8 text.")})


def _docx_text(data: bytes) -> str:
    """Paragraphs of word/document.xml: the standard library reads it, no new dependency."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > 20 * MAX_UPLOAD_BYTES:  # a zip bomb is not a paper
                raise InvalidInput(_("The document is too large."), {"file": _("Too large.")})
            root = ElementTree.fromstring(archive.read(info))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, RuntimeError, ValueError):
        raise InvalidInput(_("This is not a readable .docx file."), {"file": _("Not a .docx file.")}) from None
    paragraphs = []
    for paragraph in root.iter(f"{_W}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{_W}t":
                parts.append(node.text or "")
            elif node.tag == f"{_W}tab":
                parts.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs).strip()


REBUILD_KIND = "originality_rebuild"


def start_rebuild(session, actor):
    """Ask for the index to be rebuilt on the job queue (what ``lms originality rebuild`` does at once)."""
    policies.MANAGE_CORPUS.enforce(actor)
    return exports.start(session, actor, REBUILD_KIND, _("Rebuild the originality index"))


def build_rebuild(session, job, out, progress):
    """The export job's builder (hook ``exports.originality_rebuild``): one transaction, as the command's."""
    progress(5, _("Rebuilding the index: checks wait until it is done…"))
    hold_write_lock(session)
    documents, postings = store.rebuild(session)
    return exports.Outcome(_("Re-indexed %(documents)d documents (%(postings)d postings).",
                             documents=documents, postings=postings))
