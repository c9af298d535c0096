"""Ships the top-level ``migrations/`` inside the wheel as ``app/migrations``.

``migrations/`` stays the one source of truth (where Alembic and every developer write revisions); Alembic's
scripts are data for ``alembic.script``, not a package to import, so setuptools' package discovery alone would
leave them out. An editable install reads ``migrations/`` beside the source and copies nothing.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class BuildPyWithMigrations(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / "app" / "migrations"
        shutil.rmtree(target, ignore_errors=True)  # a revision removed from the source leaves the wheel too
        shutil.copytree(MIGRATIONS, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildPyWithMigrations})
