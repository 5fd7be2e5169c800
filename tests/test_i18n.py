"""Every user-facing string has a Chinese translation, and the compiled catalogs are current."""
from __future__ import annotations

import gettext
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "lms" / "translations"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}
METHODS = [("lms/**.py", "python"), ("templates/**.html", "jinja2")]


def _source_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(str(ROOT), METHODS, keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _catalog(locale: str):
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return read_po(fh, locale=locale)


def test_every_string_has_a_chinese_translation():
    catalog = _catalog("zh_Hans_CN")
    translated = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
    missing = sorted(s for s in _source_messages() if s not in translated or not translated[s].string
                     or "fuzzy" in translated[s].flags)
    assert not missing, "untranslated (run the steps in docs/I18N.md): " + "; ".join(missing[:20])


def test_compiled_catalogs_match_their_sources():
    for locale in ("zh_Hans_CN", "en"):
        catalog = _catalog(locale)
        with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo", "rb") as fh:
            compiled = gettext.GNUTranslations(fh)
        for message in catalog:
            if message.id and isinstance(message.id, str) and message.string:
                assert compiled.gettext(message.id) == message.string, (locale, message.id)


def test_placeholders_survive_translation():
    import re

    for message in _catalog("zh_Hans_CN"):
        if message.id and isinstance(message.id, str) and message.string:
            assert sorted(re.findall(r"%\(\w+\)[sd]", message.id)) == sorted(
                re.findall(r"%\(\w+\)[sd]", message.string)), message.id
