"""The project documents itself: docs/API.md covers every API operation and `lms` command of the app,
and no document links outside the repository or to a document that does not exist."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from lms import create_app
from lms.web.errors import HTTP_CODES
from lms.web.openapi import API_PREFIX, build_document

ROOT = Path(__file__).resolve().parent.parent
API_DOC = ROOT / "docs" / "API.md"
OPERATION_HEADING = re.compile(r"^### (GET|POST|PUT|PATCH|DELETE) (/\S*)\s*$", re.MULTILINE)
COMMAND_HEADING = re.compile(r"^### (lms(?: [a-z][\w-]*)+)\s*$", re.MULTILINE)
# Error names every operation may answer (docs/API.md, "Conventions"), not repeated per operation.
GENERIC_ERRORS = set(HTTP_CODES.values()) | {"csrf_failed", "internal_error"}


@pytest.fixture(scope="module")
def docs_app():
    # Building the URL map and the CLI touches no database.
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "docs"})


def _sections(text: str, heading: re.Pattern) -> dict[tuple[str, ...], str]:
    """Each matching `###` heading → the text up to the next heading of level 1–3."""
    sections = {}
    for match in heading.finditer(text):
        rest = text[match.end():]
        end = re.search(r"^#{1,3} ", rest, re.MULTILINE)
        sections[match.groups()] = rest[:end.start()] if end else rest
    return sections


def _documented_operations() -> dict[tuple[str, str], str]:
    return _sections(API_DOC.read_text(encoding="utf-8"), OPERATION_HEADING)


def _app_operations(app) -> dict[tuple[str, str], dict]:
    """(METHOD, path template relative to /api/v1) → the handler's declaration, from the OpenAPI builder."""
    operations = {}
    views = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(API_PREFIX + "/"):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)[len(API_PREFIX):]
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                views[(method, path)] = getattr(app.view_functions[rule.endpoint], "openapi", {}) or {}
    for path, methods in build_document(app)["paths"].items():
        for method in methods:
            key = (method.upper(), path)
            operations[key] = views[key]
    return operations


def test_every_api_operation_is_documented(docs_app):
    documented = _documented_operations()
    missing = sorted(set(_app_operations(docs_app)) - set(documented))
    assert not missing, "add a '### METHOD /path' block to docs/API.md for: " + ", ".join(
        f"{m} {p}" for m, p in missing)


def test_no_documented_operation_is_stale(docs_app):
    stale = sorted(set(_documented_operations()) - set(_app_operations(docs_app)))
    assert not stale, "docs/API.md describes operations the app does not have: " + ", ".join(
        f"{m} {p}" for m, p in stale)


def test_each_operation_names_its_business_errors(docs_app):
    documented = _documented_operations()
    problems = []
    for key, meta in _app_operations(docs_app).items():
        section = documented.get(key)
        if section is None:
            continue  # reported by test_every_api_operation_is_documented
        for declared in meta.get("errors", ()):
            name = declared.partition(":")[2]
            if name not in GENERIC_ERRORS and f"`{name}`" not in section:
                problems.append(f"{key[0]} {key[1]}: {name}")
    assert not problems, "docs/API.md omits declared error codes: " + "; ".join(sorted(problems))


def _is_ours(command) -> bool:
    callback = getattr(command, "callback", None)
    return callback is not None and callback.__module__.startswith("lms")


def _cli_commands(app) -> dict[str, object]:
    """'lms name' (and 'lms group name' for the product's own groups) → the click command."""
    from flask.cli import ScriptInfo

    from lms.cli import main

    before = os.environ.get("FLASK_RUN_FROM_CLI")
    try:
        ctx = main.make_context("lms", [], obj=ScriptInfo(create_app=lambda: app), resilient_parsing=True)
        commands = {}
        for name in main.list_commands(ctx):
            command = main.get_command(ctx, name)
            ours = {f"lms {name} {sub_name}": sub for sub_name, sub in getattr(command, "commands", {}).items()
                    if _is_ours(sub)}
            # The product's own groups are documented command by command; others (db, limiter) as a whole.
            commands.update(ours or {f"lms {name}": command})
        return commands
    finally:
        if before is None:
            os.environ.pop("FLASK_RUN_FROM_CLI", None)
        else:
            os.environ["FLASK_RUN_FROM_CLI"] = before


def test_every_lms_command_and_its_options_are_documented(docs_app):
    sections = {key[0]: text for key, text in _sections(API_DOC.read_text(encoding="utf-8"),
                                                          COMMAND_HEADING).items()}
    commands = _cli_commands(docs_app)
    assert {"lms init", "lms bootstrap", "lms serve", "lms grades recompute"} <= set(commands)
    missing = sorted(set(commands) - set(sections))
    assert not missing, "add a '### lms …' block to docs/API.md for: " + ", ".join(missing)
    problems = []
    for name, command in commands.items():
        if not _is_ours(command):
            continue
        for param in command.params:
            for option in getattr(param, "opts", ()):
                if option.startswith("--") and option != "--help" and option not in sections[name]:
                    problems.append(f"{name} {option}")
    assert not problems, "docs/API.md omits options: " + ", ".join(problems)


# --- links ----------------------------------------------------------------------------------------

MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")
# A path in backticks that names a document: `docs/API.md`, `../shared/RULES.md`, `STUDY_TIME.md`.
CODE_PATH = re.compile(r"`([\w./-]*\.md)`")


def _targets(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    links = [t for t in MARKDOWN_LINK.findall(text) if not re.match(r"^(?:[a-z]+:|#)", t)]
    return [t.split("#")[0] for t in links] + CODE_PATH.findall(text)


def _link_problems(path: Path) -> list[str]:
    problems = []
    for target in _targets(path):
        if not target:
            continue
        if target.startswith("/") or ".." in Path(target).parts:
            problems.append(f"{target}: outside the repository")
            continue
        candidates = [(path.parent / target).resolve(), (ROOT / target).resolve()]
        if not any(c.is_relative_to(ROOT) and c.exists() for c in candidates):
            problems.append(f"{target}: no such file")
    return problems


DOCUMENTS = sorted((ROOT / "docs").glob("*.md"))


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: f"docs/{p.name}")
def test_docs_link_only_inside_the_repository(path):
    assert not _link_problems(path), _link_problems(path)


def test_readme_links_only_inside_the_repository():
    assert not _link_problems(ROOT / "README.md"), _link_problems(ROOT / "README.md")


def test_the_link_check_catches_what_it_should(tmp_path):
    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "PAGE.md"
    page.write_text("See `../shared/RULES.md`, [x](../../etc/passwd), `docs/NOPE.md` and [ok](https://example.org).")
    found = _link_problems(page)
    assert any("../shared/RULES.md" in p for p in found)
    assert any("etc/passwd" in p for p in found)
    assert any("NOPE.md" in p for p in found)
    assert not any("example.org" in p for p in found)
