"""The corpus pages on the request pipeline: a refused text comes back on the form, in words; only province
admins get in, before any input is read; removing a template or quotation that is gone is a 404."""
from __future__ import annotations

import io

from tests.helpers import csrf_token, sign_in


def _client(app, user):
    client = app.test_client()
    sign_in(client, user)
    client.get("/lang/en")
    return client


def test_a_refused_text_comes_back_on_the_form(app, make):
    t = make.tree()
    client = _client(app, make.admin(t["province"]))
    token = csrf_token(client.get("/originality/references").get_data(as_text=True))
    r = client.post("/originality/references", data={"csrf_token": token, "title": "空白", "text": "  "})
    assert r.status_code == 200 and "Paste the text or upload a file." in r.get_data(as_text=True)
    r = client.post("/originality/references", data={"csrf_token": token, "title": "图片",
                                                     "file": (io.BytesIO(b"\x89PNG"), "scan.png")},
                    content_type="multipart/form-data")
    assert r.status_code == 200 and "Upload a .txt or .docx file." in r.get_data(as_text=True)
    assert "图片" not in client.get("/originality/references").get_data(as_text=True).split("</form>")[-1]
    assert client.post("/originality/templates/999999/delete", data={"csrf_token": token}).status_code == 404
    assert client.post("/originality/quotations/999999/delete", data={"csrf_token": token}).status_code == 404


def test_only_province_admins_reach_the_corpus(app, make, api):
    t = make.tree()
    city = make.admin(t["city1"])
    client = _client(app, city)
    for path in ("/originality/references", "/originality/templates", "/originality/quotations"):
        assert client.get(path).status_code == 403, path
    # The right to call is checked before the body: a city admin learns nothing of the body's rules.
    r = api.post("/reference-texts", city, json={})
    assert r.status_code == 403 and r.get_json()["error"]["code"] == "forbidden"
