"""The wheel carries the top-level ``templates/``, ``static/`` and ``migrations/`` inside the ``lms`` package.

They stay at the top of the checkout (where designers and Alembic expect them); an installed ``lms`` finds them
beside its own modules (see ``lms.asset_dir``). Editable installs use the checkout's folders directly.
"""
from pathlib import Path
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

ASSET_DIRS = ("templates", "static", "migrations")


class BuildWithAssets(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for name in ASSET_DIRS:
            target = Path(self.build_lib) / "lms" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(name, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithAssets})
