"""The layer order of docs/ARCHITECTURE.md holds, and no import hides inside a function to dodge it."""
from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Imports inside functions that are there on purpose, never to get round the layer order:
# the app factory and the command line import lazily so `import lms` and `lms --help` stay light.
LAZY_ON_PURPOSE = {"lms/__init__.py", "lms/cli.py"}


def test_import_contracts_are_kept():
    """Runs the contracts of .importlinter (the same check as .ci/lint_imports.sh)."""
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    if not Path(lint).exists():
        pytest.fail("import-linter is missing: pip install -e '.[test]'")
    result = subprocess.run([lint, "--config", str(ROOT / ".importlinter")], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def _function_level_lms_imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("lms"):
                    yield inner.lineno, inner.module
                elif isinstance(inner, ast.Import):
                    for alias in inner.names:
                        if alias.name.startswith("lms"):
                            yield inner.lineno, alias.name


def test_no_project_import_hides_inside_a_function():
    found = []
    for path in sorted((ROOT / "lms").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name in LAZY_ON_PURPOSE or name.startswith("lms/demo/"):
            continue
        found += [f"{name}:{line} imports {module}" for line, module in _function_level_lms_imports(path)]
    assert not found, "import at module level (or ask through lms/core/registry.py):\n" + "\n".join(found)
