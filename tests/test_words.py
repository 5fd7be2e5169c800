"""Words on the pages: no rule ids, no doubled punctuation, no batch said twice, date ranges not called "days"."""
from __future__ import annotations

import re
from pathlib import Path

from lms.core.errors import join_clauses

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "lms/translations/zh_Hans_CN/LC_MESSAGES/messages.po"


def test_joined_messages_never_read_full_stop_then_semicolon():
    assert join_clauses(["名额不足。", "请修改标出的字段。"]) == "名额不足；请修改标出的字段。"
    assert join_clauses(["Too many.", "", None, "Check it."]) == "Too many；Check it."
    assert join_clauses(["只有一条。"]) == "只有一条。" and join_clauses([]) == ""


def _translations() -> dict[str, str]:
    pairs = re.findall(r'^msgid "((?:[^"\\]|\\.)*)"\nmsgstr "((?:[^"\\]|\\.)*)"', PO.read_text(encoding="utf-8"),
                       flags=re.M)
    return {k: v for k, v in pairs if k}


def test_no_page_string_shows_a_rule_id_or_doubled_punctuation():
    templates = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "templates").rglob("*.html"))
    shown = re.findall(r'_\("((?:[^"\\]|\\.)*)"', templates)
    assert not [s for s in shown if re.search(r"\(J\d+[a-z]?\)", s)]
    zh = _translations()
    assert not [v for v in zh.values() if re.search(r"（J\d+[a-z]?）|。；|；。|。。", v)]


def test_date_ranges_are_not_headed_days():
    project = (ROOT / "templates/projects/project.html").read_text(encoding="utf-8")
    assert '_("Days")' not in project and '_("Dates")' in project
    assert _translations()["Dates"] != "天数"
