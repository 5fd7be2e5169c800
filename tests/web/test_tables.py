"""Every table of every page sits in one .table-responsive wrapper, so the one rule of static/css/app.css that
keeps names whole and lets a wide table scroll on a phone (issue 15) reaches all of them."""
from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_every_table_is_in_the_responsive_wrapper():
    tables, unwrapped = 0, []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<table\b", text):
            tables += 1
            before = text[:match.start()].rstrip()
            if not re.search(r'<div class="table-responsive">$', before):
                unwrapped.append(f"{path.relative_to(TEMPLATES)}:{text.count(chr(10), 0, match.start()) + 1}")
    assert tables > 20
    assert not unwrapped, unwrapped


def test_the_phone_rules_are_in_the_shared_stylesheet():
    css = (TEMPLATES.parent / "static" / "css" / "app.css").read_text(encoding="utf-8")
    assert ".table-responsive > .table { word-break: keep-all; }" in css
    assert "position: sticky" in css


def test_a_rows_last_cell_of_buttons_stays_in_view_on_a_phone():
    """A last cell holding only buttons or links styled as buttons (no field to fill) is marked .cell-actions, which
    static/css/app.css keeps at the right edge of a phone's screen."""
    cells, unmarked = 0, []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<td\b([^>]*)>((?:(?!<td\b).)*?)</td>\s*</tr>", text, re.S):
            attrs, body = match.groups()
            fields = re.findall(r"<(?:input|select|textarea)\b[^>]*>", body)
            if ("<button" not in body and 'class="btn' not in body) or any("hidden" not in f for f in fields):
                continue
            cells += 1
            if "cell-actions" not in attrs:
                unmarked.append(f"{path.relative_to(TEMPLATES)}:{text.count(chr(10), 0, match.start()) + 1}")
    assert cells >= 5
    assert not unmarked, unmarked
    css = (TEMPLATES.parent / "static" / "css" / "app.css").read_text(encoding="utf-8")
    assert ".cell-actions:last-child" in css
