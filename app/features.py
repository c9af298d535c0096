"""Routers of the domain features, included by ``app.main.create_app``. Each feature adds one line here."""

from fastapi import FastAPI


def include_feature_routers(app: FastAPI) -> None:
    routers: list[object] = []
    for router in routers:
        app.include_router(router)  # type: ignore[arg-type]
