"""Appointment letters: who holds one, who sees and downloads it, the zip, the check page and the API."""
from __future__ import annotations

import io
import zipfile

import pytest
from pypdf import PdfReader

from lms.core.errors import Forbidden, NotFound
from lms.extensions import db
from lms.forum.models import QaSession
from lms.letters import rules, services
from lms.org.models import User
from lms.projects.models import Project, TrainingClass
from tests.helpers import assert_error, sign_in


def _user(t, key):
    return db.session.get(User, t[key].id)


def test_tutors_and_experts_of_the_project_hold_letters_with_their_duties(app, world):
    with app.test_request_context():
        project = db.session.get(Project, world["project"])
        letters = services.project_letters(db.session, _user(world, "province_admin"), project)
        by = {(x.role, x.person.id): x for x in letters}
        assert set(by) == {(rules.TUTOR, world["tutor"].id), (rules.TUTOR, world["tutor2"].id),
                           (rules.EXPERT, world["host"].id), (rules.EXPERT, world["reviewer"].id)}
        tutor = by[(rules.TUTOR, world["tutor"].id)]
        assert len(tutor.duties.classes) == 2
        assert tutor.duties.starts_on.isoformat() == "2026-11-26" and tutor.duties.ends_on.isoformat() == "2027-02-13"
        assert by[(rules.EXPERT, world["host"].id)].duties.classes and not by[(rules.EXPERT, world["host"].id)].duties.reviews
        assert by[(rules.EXPERT, world["reviewer"].id)].duties.reviews == ("初中数学",)
        # The issuer is the project's issuing body: the province's name by default.
        assert tutor.issuer == world["province"].name
        assert rules.read_code(services.key(), tutor.code) == (rules.TUTOR, world["project"], world["tutor"].id)
        # Nobody serves the other project.
        assert services.project_letters(db.session, _user(world, "province_admin"),
                                        db.session.get(Project, world["other_project"])) == []


def test_an_admin_sees_the_letters_of_its_own_subtree_only(app, world):
    with app.test_request_context():
        project = db.session.get(Project, world["project"])
        city1 = {x.person.id for x in services.project_letters(db.session, _user(world, "city1_admin"), project)}
        city2 = {x.person.id for x in services.project_letters(db.session, _user(world, "city2_admin"), project)}
        assert city1 == {world["tutor"].id, world["host"].id}
        assert city2 == {world["tutor2"].id}
        with pytest.raises(Forbidden):
            services.letter_for(db.session, _user(world, "city2_admin"), project, rules.TUTOR, world["tutor"].id)
        with pytest.raises(Forbidden):
            services.letter_for(db.session, _user(world, "tutor2"), project, rules.TUTOR, world["tutor"].id)
        with pytest.raises(NotFound):
            services.letter_for(db.session, _user(world, "tutor"), project, rules.EXPERT, world["tutor"].id)
        with pytest.raises(NotFound):
            services.letter_for(db.session, _user(world, "tutor"), project, "boss", world["tutor"].id)
        own = services.letter_for(db.session, _user(world, "tutor"), project, rules.TUTOR, world["tutor"].id)
        assert own.person.id == world["tutor"].id


def test_own_letters_and_the_pdf(app, world):
    with app.test_request_context():
        mine = services.own_letters(db.session, _user(world, "tutor"))
        assert [(x.role, x.project.id) for x in mine] == [(rules.TUTOR, world["project"])]
        assert services.own_letters(db.session, _user(world, "teacher")) == []
        lines = services.lines(mine[0])
        assert any("王辅导" in line for line in lines)
        assert any(world["province"].name in line for line in lines)
        pdf = services.render(mine[0])
        assert pdf.startswith(b"%PDF")
        assert mine[0].code in PdfReader(io.BytesIO(pdf)).metadata.title


def test_a_code_checks_out_until_its_ground_goes(app, world):
    with app.test_request_context():
        project = db.session.get(Project, world["project"])
        letter = services.letter_for(db.session, _user(world, "host"), project, rules.EXPERT, world["host"].id)
        result = services.check(db.session, letter.code)
        assert result.genuine and result.letter is not None
        forged = letter.code[:-1] + ("1" if letter.code.endswith("0") else "0")
        assert not services.check(db.session, forged).genuine
        assert not services.check(db.session, "nonsense").genuine
    with app.app_context():
        db.session.delete(db.session.get(QaSession, world["qa"]))
        db.session.commit()
    with app.test_request_context():
        after = services.check(db.session, letter.code)
        assert after.genuine and after.letter is None
        assert after.to_dict()["valid"] is False


def test_the_zip_holds_one_pdf_per_letter_of_the_subtree(app, world):
    with app.test_request_context():
        project = db.session.get(Project, world["project"])
        data = services.zip_of(db.session, _user(world, "city1_admin"), project)
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        assert sorted(names) == sorted([f"letter-tutor-{world['project']}-{world['tutor'].id}.pdf",
                                        f"letter-expert-{world['project']}-{world['host'].id}.pdf"])


# Pages

def test_pages_for_the_appointee_the_admin_and_anyone(app, world):
    client = app.test_client()
    sign_in(client, world["tutor"])
    home = client.get("/").get_data(as_text=True)
    assert "/letters" in home
    page = client.get("/letters")
    assert page.status_code == 200 and f"/projects/{world['project']}/letters/tutor/{world['tutor'].id}.pdf" in \
        page.get_data(as_text=True)
    pdf = client.get(f"/projects/{world['project']}/letters/tutor/{world['tutor'].id}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert client.get(f"/projects/{world['project']}/letters/tutor/{world['tutor2'].id}.pdf").status_code == 403
    assert client.get(f"/projects/{world['project']}/letters/nobody/{world['tutor'].id}.pdf").status_code == 404
    assert client.get(f"/projects/{world['project']}/letters/tutor/99999.pdf").status_code == 404
    assert client.get("/projects/99999/letters/tutor/1.pdf").status_code == 404
    assert client.get(f"/projects/{world['project']}/letters").status_code == 403

    admin = app.test_client()
    sign_in(admin, world["city2_admin"])
    listing = admin.get(f"/projects/{world['project']}/letters")
    text = listing.get_data(as_text=True)
    assert listing.status_code == 200 and "李辅导" in text and "王辅导" not in text
    archive = admin.get(f"/projects/{world['project']}/letters.zip")
    assert archive.status_code == 200 and len(zipfile.ZipFile(io.BytesIO(archive.data)).namelist()) == 1
    assert admin.get(f"/projects/{world['other_project']}/letters.zip").status_code == 409
    assert admin.get("/projects/99999/letters").status_code == 404
    assert f"/projects/{world['project']}/letters\"" in admin.get("/letters").get_data(as_text=True)
    province = app.test_client()
    sign_in(province, world["province_admin"])
    project_page = province.get(f"/projects/{world['project']}").get_data(as_text=True)
    assert f"/projects/{world['project']}/letters" in project_page

    with app.test_request_context():
        code = services.own_letters(db.session, _user(world, "tutor"))[0].code
    anonymous = app.test_client()
    good = anonymous.get(f"/letters/check/{code}")
    assert good.status_code == 200 and 'data-testid="letter-lines"' in good.get_data(as_text=True)
    assert anonymous.get("/letters/check/T1-1-BADBADBAD0").status_code == 404
    assert anonymous.get("/letters/check/" + "x" * 300).status_code == 404
    assert anonymous.get("/letters/check").status_code == 200
    assert anonymous.get(f"/letters/check?code={code}").headers["Location"].endswith(f"/letters/check/{code}")


def test_a_teacher_has_no_letters_page_content(app, world):
    client = app.test_client()
    sign_in(client, world["teacher"])
    page = client.get("/letters")
    assert page.status_code == 200 and 'data-testid="no-letters"' in page.get_data(as_text=True)


# API

def test_api_lists_own_letters_and_the_admins_subtree(api, world):
    mine = api.get("/me/letters", world["reviewer"]).get_json()["items"]
    assert [(x["role"], x["reviews"]) for x in mine] == [("expert", ["初中数学"])]
    assert mine[0]["project"]["id"] == world["project"]
    assert api.get("/me/letters", world["teacher"]).get_json() == {"items": []}

    everyone = api.get(f"/projects/{world['project']}/letters", world["province_admin"]).get_json()["items"]
    assert len(everyone) == 4 and everyone[0]["role"] == "tutor"
    school = api.get(f"/projects/{world['project']}/letters", world["school_admin"]).get_json()["items"]
    assert [x["person"]["id"] for x in school] == [world["tutor"].id]
    assert_error(api.get(f"/projects/{world['project']}/letters", world["tutor"]), 403, "forbidden")
    assert_error(api.get("/projects/99999/letters", world["province_admin"]), 404, "not_found")
    assert_error(api.get(f"/projects/{world['other_project']}/letters.zip", world["province_admin"]), 409,
                 "nothing_to_zip")
    archive = api.get(f"/projects/{world['project']}/letters.zip", world["province_admin"])
    assert archive.status_code == 200 and len(zipfile.ZipFile(io.BytesIO(archive.data)).namelist()) == 4
    pdf = api.get(f"/projects/{world['project']}/letters/expert/{world['reviewer'].id}.pdf", world["reviewer"])
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert_error(api.get(f"/projects/{world['project']}/letters/expert/{world['reviewer'].id}.pdf",
                         world["tutor"]), 403, "forbidden")


def test_api_verifies_a_code_publicly(app, api, world):
    code = api.get("/me/letters", world["tutor2"]).get_json()["items"][0]["code"]
    client = app.test_client()
    found = client.get(f"/api/v1/letters/{code}").get_json()
    assert found["genuine"] and found["valid"] and found["name"] == "李辅导" and found["role"] == "tutor"
    assert_error(client.get("/api/v1/letters/T1-1-0000000000"), 404, "not_found")
    assert_error(client.get("/api/v1/letters/%E4%B8%AD"), 404, "not_found")
    with app.app_context():
        klass = db.session.get(TrainingClass, world["klass2"])
        klass.tutors = [t for t in klass.tutors if t.id != world["tutor2"].id]
        db.session.commit()
    gone = client.get(f"/api/v1/letters/{code}").get_json()
    assert gone["genuine"] and not gone["valid"] and gone["lines"] == []


def test_long_lists_and_names_stay_within_the_page(app, world):
    from lms.certificates.pdf import text_width
    with app.test_request_context():
        letter = services.own_letters(db.session, _user(world, "tutor"))[0]
        many = rules.Duties(classes=tuple(f"很长很长的培训班名称第{n}班" for n in range(12)),
                            reviews=("课" * 80,), starts_on=letter.duties.starts_on, ends_on=letter.duties.ends_on)
        crowded = services.Letter(letter.role, letter.person, letter.project, many, letter.code, "颁" * 90)
        said = services.lines(crowded)
        assert all(text_width(line, services.LINE_SIZE) <= services.LINE_WIDTH + 1 for line in said)
        classes_line = next(line for line in said if "很长很长" in line)
        assert 0 < classes_line.count("很长很长") < 12 and str(12 - classes_line.count("很长很长")) in classes_line
        assert said[-1].endswith("…")
        assert services.render(crowded).startswith(b"%PDF")


@pytest.mark.parametrize("path", ["/projects/1/letters/tutor/99999999999999999999999.pdf",
                                  "/projects/99999999999999999999999/letters", "/projects/0/letters.zip",
                                  "/letters/check/T99999999999-99999999999-AAAAAAAAAA",
                                  "/letters/check/%00%FF", "/letters/check?code=%20%20"])
def test_bad_ids_and_codes_are_refused_in_words(app, world, path):
    client = app.test_client()
    sign_in(client, world["province_admin"])
    response = client.get(path)
    assert response.status_code in (200, 404), (path, response.status_code)


def test_api_bad_ids_are_refused_in_words(api, world):
    for path in ("/projects/1/letters/tutor/99999999999999999999999.pdf", "/projects/2147483648/letters",
                 "/letters/%00"):
        response = api.get(path, world["province_admin"])
        assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found", path
