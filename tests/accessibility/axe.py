"""axe-core in the system's headless Chromium (``axe_check.mjs``, npm packages pinned in ``package.json``).

``make test`` installs the packages (``npm ci``) when Chromium is present; without Chromium or the packages
the accessibility tests are skipped, saying why."""

import asyncio
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def require_browser() -> str:
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium): accessibility not checked")
    if not (HERE / "node_modules" / "axe-core").is_dir() or shutil.which("node") is None:
        pytest.skip("axe-core is not installed (npm ci --prefix tests/accessibility): accessibility not checked")
    return CHROMIUM


async def axe(page: bytes) -> dict[str, Any]:
    """axe-core's findings for ``page`` with the WCAG 2.0, 2.1 and 2.2 A and AA rules, and the requests it made."""
    chromium = require_browser()
    with tempfile.TemporaryDirectory(prefix="ilacs-axe-page-") as tmp:
        path = Path(tmp) / "page.html"
        path.write_bytes(page)
        process = await asyncio.create_subprocess_exec(
            "node",
            str(HERE / "axe_check.mjs"),
            str(path),
            env={**os.environ, "CHROMIUM": chromium},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode == 0, err.decode()
    result: dict[str, Any] = json.loads(out)
    return result
