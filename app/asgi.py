"""The ASGI application for uvicorn workers (``ilacs serve`` points them here)."""

from app.core.config import get_settings
from app.core.gc_tuning import tune_for_serving
from app.core.logging import configure_logging
from app.core.supervision import watch_supervisor
from app.main import create_app

configure_logging(get_settings().log_level)
watch_supervisor()
app = create_app()
tune_for_serving()
