"""The committed openapi.json: rendered from the app, compared by a test and `ilacs openapi --check`."""

import json
from pathlib import Path

from app.core.config import Settings

_CHECKOUT = Path(__file__).resolve().parents[1]
# The repository's committed file in a checkout; installed from a wheel, `ilacs openapi` writes in the working directory.
OPENAPI_PATH = (_CHECKOUT if (_CHECKOUT / "pyproject.toml").is_file() else Path.cwd()) / "openapi.json"


def render_openapi() -> str:
    from app.main import create_app

    app = create_app(Settings(database_url="postgresql://unused/unused"))
    return json.dumps(app.openapi(), indent=2, sort_keys=False, ensure_ascii=False) + "\n"
