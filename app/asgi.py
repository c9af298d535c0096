"""The ASGI application for uvicorn workers (``ilacs serve`` points them here)."""

from app.core.logging import configure_logging
from app.core.config import get_settings
from app.main import create_app

configure_logging(get_settings().log_level)
app = create_app()
