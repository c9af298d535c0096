"""The committed openapi.json: rendered from the app, compared by a test and `ilacs openapi --check`."""

import json
from pathlib import Path

from app.core.config import Settings

OPENAPI_PATH = Path(__file__).resolve().parents[1] / "openapi.json"


def render_openapi() -> str:
    from app.main import create_app

    app = create_app(Settings(database_url="postgresql://unused/unused"))
    return json.dumps(app.openapi(), indent=2, sort_keys=False, ensure_ascii=False) + "\n"
