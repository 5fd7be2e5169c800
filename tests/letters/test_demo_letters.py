"""The demo's printed tutor and expert each download a letter of appointment from their own page."""
from __future__ import annotations

import re

from lms.demo.loader import load_demo
from lms.extensions import db
from tests.web.test_demo import _sign_in


def test_the_demo_tutor_and_expert_download_their_letters(app):
    with app.app_context():
        accounts = {role: username for role, username, _where in load_demo(db.session)}
        db.session.commit()
    for role in ("tutor", "expert"):
        client, r = _sign_in(app, accounts[role])
        assert r.status_code == 302
        assert "/letters" in client.get("/").get_data(as_text=True)
        page = client.get("/letters").get_data(as_text=True)
        links = re.findall(rf'href="(/projects/\d+/letters/{role}/\d+\.pdf)"', page)
        assert links, role
        pdf = client.get(links[0])
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    admin, _r = _sign_in(app, accounts["city_admin"])
    listing = admin.get("/letters").get_data(as_text=True)
    project = re.search(r'href="(/projects/\d+/letters)"', listing).group(1)
    assert admin.get(project).status_code == 200
