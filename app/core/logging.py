"""Structured JSON logs carrying the request id."""

import logging
import sys

from asgi_correlation_id import CorrelationIdFilter
from pythonjsonlogger.json import JsonFormatter


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.addFilter(CorrelationIdFilter(uuid_length=128, default_value="-"))
    handler.setFormatter(
        JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(correlation_id)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger", "correlation_id": "request_id"},
            timestamp=False,
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn.access",):
        logging.getLogger(name).disabled = True
