"""Tests of the deployment: the scripts under deploy/ are loaded by path (they are not a package: they run on
hosts where the project may not be installed)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def deploy_script(name: str):
    """The module of ``deploy/<name>.py``."""
    spec = importlib.util.spec_from_file_location(name, DEPLOY / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
