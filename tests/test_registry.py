"""Every audited action has a label in words; the shared pages are filled from the declared registries."""
from __future__ import annotations

import ast
from pathlib import Path

from lms.core import registry

ROOT = Path(__file__).resolve().parent.parent


def _audited_actions() -> tuple[set[str], set[str]]:
    """Action keys passed to audit.record(...) anywhere in lms/: exact keys, and prefixes of f-string keys."""
    exact, prefixes = set(), set()
    for path in (ROOT / "lms").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # A key kept in a module-level constant (LOAD_ACTION = "demo.load") counts as its string.
        constants = {target.id: node.value for node in tree.body if isinstance(node, ast.Assign)
                     and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
                     for target in node.targets if isinstance(target, ast.Name)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "record"
                    and getattr(node.func.value, "id", None) == "audit"):
                continue
            action = node.args[2] if len(node.args) > 2 else next(k.value for k in node.keywords if k.arg == "action")
            candidates = [action.body, action.orelse] if isinstance(action, ast.IfExp) else [action]
            for item in candidates:
                if isinstance(item, ast.Name) and item.id in constants:
                    item = constants[item.id]
                if isinstance(item, ast.Constant):
                    exact.add(item.value)
                elif isinstance(item, ast.JoinedStr):
                    prefixes.add("".join(v.value for v in item.values if isinstance(v, ast.Constant)))
                else:
                    raise AssertionError(f"{path}: audit action {ast.unparse(item)} is neither a string nor an f-string")
    return exact, prefixes


def test_every_audited_action_has_a_label(app):
    exact, prefixes = _audited_actions()
    assert len(exact) > 20
    with app.app_context():
        labels = registry.current().audit_labels
    missing = sorted(a for a in exact if a not in labels)
    missing += sorted(p + "…" for p in prefixes if not any(k.startswith(p) for k in labels))
    assert not missing, f"audited actions without a label (add them to the domain's registry.py): {missing}"


def test_labels_are_words_not_keys(app):
    with app.test_request_context():
        for action, label in registry.current().audit_labels.items():
            assert str(label) and str(label) != action


def test_recent_changes_describe_entries_in_words(app, client, make):
    """The home page's audit list: newest first, details in words rather than a bare "#id"."""
    from lms.core.audit import AuditEntry
    from lms.extensions import db
    from tests.helpers import sign_in

    tree = make.tree()
    admin = make.admin(tree["city1"])
    teacher = make.user(tree["school111"], "teacher", name="李老师")
    with app.app_context():
        from lms.core import audit
        audit.record(db.session, admin, "quota.set_seats", "quota", 316, org_unit_id=tree["county11"].id,
                     before={"seats": 10}, after={"seats": 20})
        audit.record(db.session, admin, "user.reset_password", "user", teacher.id, org_unit_id=tree["school111"].id)
        db.session.commit()
        assert db.session.query(AuditEntry).count() >= 2
    sign_in(client, admin)
    page = client.get("/").get_data(as_text=True)
    assert "#316" not in page and "quota.set_seats" not in page
    # Newest first: the password reset, recorded last, comes before the seats.
    assert page.index("李老师") < page.index("10 → 20")


def test_events_reach_every_listener_in_order_and_none_is_no_error():
    from flask import Flask

    heard = []
    app = Flask("events")
    registry.install(app, [registry.Contributions(listeners={"x.done": lambda s, **kw: heard.append(("a", kw))}),
                           registry.Contributions(listeners={"x.done": lambda s, **kw: heard.append(("b", kw))})])
    with app.app_context():
        registry.emit(None, "x.done", n=1)
        registry.emit(None, "nobody.listens", n=2)
    assert heard == [("a", {"n": 1}), ("b", {"n": 1})]
    registry.emit(None, "x.done", n=3)  # outside an app: nobody to tell
    assert len(heard) == 2


def test_every_emitted_event_has_a_listener(app):
    """An event nobody hears is a wiring mistake (a misspelt name), not a feature."""
    emitted = set()
    for path in (ROOT / "lms").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) == "emit"
                    and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant)):
                emitted.add(node.args[1].value)
    assert emitted >= {"enrollment.created", "quota.seats_set", "certificate.issued"}
    with app.app_context():
        assert emitted <= set(registry.current().listeners), emitted - set(registry.current().listeners)
