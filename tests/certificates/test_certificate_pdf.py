"""The certificate a teacher shows: the font embedded, the issuing body and its seal, the project code, the 学时,
the outstanding-learner mark; the public check shows the same; only province admins set the issuer."""
from __future__ import annotations

import base64
import io

import pytest
from flask_babel import gettext
from PIL import Image
from pypdf import PdfReader

from lms.certificates import rules
from tests.forum.conftest import DURING, FINAL, fresh
from tests.grading.test_grade_path import _finalise, _hand_in, _interact, _quiz, _review, _written
from tests.helpers import assert_error, csrf_token, sign_in

BODY = "江苏省中小学教师培训中心"
STANDARD_14 = {"/Helvetica", "/Times-Roman", "/Courier", "/Symbol", "/ZapfDingbats"}


def _png(size=(400, 400), mode="RGBA", fmt="PNG") -> bytes:
    image = Image.new(mode, size, (200, 0, 0, 0) if mode == "RGBA" else (200, 0, 0))
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def _outstanding_alice(room):
    """Alice at 96 points, recommended by her tutor; grades final and certificates issued."""
    room.credit("alice", 100)
    quiz = _quiz(room)
    room.post(f"/assignments/{quiz}/submissions", room.alice,
              json={"enrollment_id": room.enrollments["alice"], "answers": [[1], [0]]})
    _review(room, _hand_in(room, _written(room), "alice", fresh(300, 42))["id"], 80, excellent=True)
    _interact(room, "alice")
    # Alice misses a criterion beyond the score (no posts beyond the minimum): her tutor gives a reason.
    assert room.post(f"/enrollments/{room.enrollments['alice']}/recommend", room.tutor,
                     json={"note": "线下研修表现突出"}).status_code == 200
    _finalise(room)


def _pdf(room, key="alice"):
    r = room.get(f"/enrollments/{room.enrollments[key]}/certificate", getattr(room, key), FINAL)
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    return PdfReader(io.BytesIO(r.data))


def _text(reader) -> str:
    return "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")


def _fonts(reader) -> list:
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            fonts.append((font, descendant.get("/FontDescriptor")))
    return fonts


def _say(room, msgid, **kw) -> str:
    """The words as the product prints them in its default language."""
    with room.app.test_request_context():
        return gettext(msgid, **kw).replace(" ", "")


def _set_issuer(room, user=None, **body):
    return room.call("PUT", f"/projects/{room.project}/certificate-issuer", user or room.admin, DURING, json=body)


def _code(room):
    from lms.certificates.models import Certificate
    from lms.extensions import db
    with room.app.app_context():
        return db.session.query(Certificate.code).one()[0]


def test_the_pdf_embeds_its_font_and_states_body_code_hours_and_mark(room):
    assert _set_issuer(room, issuing_body=BODY).status_code == 200
    _outstanding_alice(room)
    reader = _pdf(room)
    text = _text(reader)
    with room.app.app_context():
        from lms.projects.models import Project
        from lms.extensions import db
        project_code = db.session.get(Project, room.project).code
    assert "学员甲" in text and BODY in text and project_code in text and _code(room) in text
    # 学时: the course's 100 required minutes at 45 a 学时 (no credit terms set), as the credit entry.
    assert "2.2" in text and "96.00" in text
    assert _say(room, "Outstanding learner") in text
    fonts = _fonts(reader)
    assert fonts and all(font["/BaseFont"] in STANDARD_14 or descriptor is not None for font, descriptor in fonts)
    embedded = [d for _f, d in fonts if d is not None and "/FontFile2" in d.get_object()]
    assert embedded, "no embedded TrueType font"
    assert all("/FontFile2" in d.get_object() for _f, d in fonts if d is not None), "a font is not embedded"
    assert not any("STSong" in str(font["/BaseFont"]) for font, _d in fonts)


def test_without_a_recommendation_there_is_no_mark_and_the_province_issues(room):
    room.credit("alice", 100)
    _review(room, _hand_in(room, _written(room), "alice", fresh(300, 3))["id"], 100)
    _interact(room, "alice")
    _finalise(room)
    text = _text(_pdf(room))
    assert _say(room, "Outstanding learner") not in text
    assert room.tree["province"].name in text  # no issuer set: the province's name, under a drawn seal
    verified = room.api.client.get(f"/api/v1/certificates/{_code(room)}").get_json()
    assert verified["outstanding"] is False and verified["issuing_body"] == room.tree["province"].name


def test_a_rare_name_character_and_long_names_still_come_out_on_one_page(room):
    from lms.certificates import pdf
    from lms.certificates.models import Certificate
    from datetime import date
    project, course = ("乡村教师能力提升培训项目" * 20)[:200], ("课堂提问策略与实践研究" * 20)[:200]
    cert = Certificate(code="ABCDEFGHJKLM", name="王喆", school="学校", project=project, course=course, batch="第1期",
                       total=88.0, study_hours=2.0, credit_hours=2.2, issuing_body=BODY * 3, project_code="P1",
                       issued_on=date(2026, 12, 14))
    with room.app.test_request_context():
        reader = PdfReader(io.BytesIO(pdf.render(cert, "https://lms.test/verify/ABCDEFGHJKLM")))
    text = _text(reader)
    assert len(reader.pages) == 1
    assert "王喆" in text  # 喆 is outside GB 2312: drawn in the fallback font
    assert project in text and course in text and BODY * 3 in text


def test_the_verify_page_and_api_show_the_same_facts(room):
    _set_issuer(room, issuing_body=BODY)
    _outstanding_alice(room)
    code = _code(room)
    body = room.api.client.get(f"/api/v1/certificates/{code}").get_json()
    assert body["issuing_body"] == BODY and body["credit_hours"] == 2.2 and body["outstanding"] is True
    assert body["project_code"]
    html = room.api.client.get(f"/verify/{code}").get_data(as_text=True)
    for fact in (BODY, body["project_code"], "2.2", "学员甲"):
        assert fact in html
    assert 'data-testid="outstanding"' in html


def test_an_uploaded_seal_is_printed(room):
    seal = _png()
    r = _set_issuer(room, issuing_body=BODY, seal_png_base64=base64.b64encode(seal).decode())
    assert r.status_code == 200 and r.get_json()["seal_uploaded"] is True
    _outstanding_alice(room)
    reader = _pdf(room)
    images = [x for x in reader.pages[0]["/Resources"].get("/XObject", {}).values()
              if x.get_object().get("/Subtype") == "/Image"]
    assert images, "the uploaded seal is not in the PDF"
    # A renamed issuer: the uploaded seal is no longer the printed body's; a seal is drawn from the old name.
    _set_issuer(room, issuing_body="另一个单位")
    from lms.certificates import services
    from lms.certificates.models import Certificate
    from lms.extensions import db
    with room.app.app_context():
        assert services.seal_for(db.session, db.session.query(Certificate).one()) is None
    r = _set_issuer(room, issuing_body=BODY, remove_seal=True)
    assert r.get_json()["seal_uploaded"] is False


@pytest.mark.parametrize("data,code", [
    (b"", "seal_empty"),
    (b"GIF89a" + b"\0" * 100, "seal_not_png"),
    (None, "seal_not_png"),  # a JPEG
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "seal_not_png"),  # a broken PNG
    (_png(mode="RGB"), "seal_not_transparent"),
    (_png(size=(100, 100)), "seal_bad_size"),
    (_png(size=(600, 300)), "seal_bad_size"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * (rules.SEAL_MAX_BYTES + 1), "seal_too_large"),
])
def test_a_bad_seal_is_refused_with_its_reason(room, data, code):
    if data is None:
        data = _png(mode="RGB", fmt="JPEG")
    with pytest.raises(rules.SealRefused) as refused:
        rules.check_seal(data)
    assert refused.value.code == code
    body = assert_error(_set_issuer(room, seal_png_base64=base64.b64encode(data).decode()), 400, code)
    assert body["error"]["message"]


def test_bad_issuer_input_is_refused(room):
    assert_error(_set_issuer(room, seal_png_base64="not base64!"), 400, "invalid_input")
    assert_error(_set_issuer(room, issuing_body="甲" * 121), 400, "invalid_input")
    assert_error(_set_issuer(room, colour="red"), 400, "invalid_input")
    assert rules.check_seal(_png()) == (400, 400)


def test_only_province_admins_set_the_issuer(room):
    for user in (room.city1_admin, room.school_admin, room.tutor, room.alice):
        assert_error(_set_issuer(room, user, issuing_body="冒充"), 403, "forbidden")
        assert_error(room.get(f"/projects/{room.project}/certificate-issuer", user), 403, "forbidden")
    assert room.get(f"/projects/{room.project}/certificate-issuer", room.admin).get_json()["seal_uploaded"] is False
    assert_error(room.get("/projects/999999/certificate-issuer", room.admin), 404, "not_found")


def _page_client(room, user):
    client = room.app.test_client()
    sign_in(client, user)
    return client


def test_the_issuer_page_saves_and_explains_a_bad_seal(room):
    from lms.core import clock
    with clock.frozen_at(DURING):
        path = f"/projects/{room.project}/certificate-issuer"
        assert _page_client(room, room.city1_admin).get(path).status_code == 403
        client = _page_client(room, room.admin)
        page = client.get(path)
        assert page.status_code == 200
        token = csrf_token(page.get_data(as_text=True))
        bad = client.post(path, data={"csrf_token": token, "issuing_body": BODY,
                                      "seal": (io.BytesIO(_png(mode="RGB")), "seal.png")},
                          content_type="multipart/form-data")
        assert bad.status_code == 200
        with room.app.test_request_context():
            message = gettext("The seal needs a transparent background (a PNG with an alpha channel).")
        assert message in bad.get_data(as_text=True)
        good = client.post(path, data={"csrf_token": token, "issuing_body": BODY,
                                       "seal": (io.BytesIO(_png()), "seal.png")},
                           content_type="multipart/form-data")
        assert good.status_code == 302
        shown = client.get(path).get_data(as_text=True)
        assert BODY in shown and 'data-testid="seal-preview"' in shown
        assert BODY in client.get(f"/projects/{room.project}").get_data(as_text=True)  # the project page's panel


def test_the_migration_fills_certificates_issued_before(room):
    """Certificates issued before the paper facts were printed get the province, the project's code and 学时."""
    import importlib.util
    from pathlib import Path

    from sqlalchemy import text

    from lms.certificates.models import Certificate
    from lms.extensions import db
    _outstanding_alice(room)
    path = Path(__file__).resolve().parents[2] / "migrations" / "versions" / "f5a91c2e7d40_certificate_issuer.py"
    spec = importlib.util.spec_from_file_location("certificate_issuer_migration", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    with room.app.app_context():
        issued = db.session.query(Certificate).one()
        expected = (issued.issuing_body, issued.project_code, issued.credit_hours)
        db.session.execute(text("UPDATE certificate SET issuing_body = NULL, project_code = NULL, credit_hours = NULL"))
        db.session.execute(text(migration.BACKFILL))
        db.session.commit()
        db.session.expire_all()
        again = db.session.query(Certificate).one()
        assert (again.issuing_body, again.project_code, again.credit_hours) == expected
        assert expected[0] == room.tree["province"].name and expected[2] == 2.2
