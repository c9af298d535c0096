"""Routers of the domain features, included by ``app.main.create_app``. Each feature adds one line here."""

from fastapi import FastAPI

from app.action_items.router import router as action_items_router
from app.committee_report.router import router as committee_report_router
from app.core.routing import include_flat
from app.engagement_meetings.router import router as engagement_meetings_router
from app.events.router import router as events_router
from app.findings.router import router as findings_router
from app.forecast.router import router as forecast_router
from app.imports.router import router as imports_router
from app.improvement_plans.router import router as improvement_plans_router
from app.inspections.router import router as inspections_router
from app.inspections.router import timeline_router
from app.inspections.timetable_router import router as timetable_router
from app.judgements.router import across_router as judgements_across_router
from app.judgements.router import router as judgements_router
from app.me.router import router as me_router
from app.self_evaluations.router import router as self_evaluations_router
from app.stats.router import router as stats_router
from app.themes.router import router as themes_router
from app.webhooks.router import router as webhooks_router


def include_feature_routers(app: FastAPI) -> None:
    routers: list[object] = [
        themes_router,
        forecast_router,
        stats_router,
        improvement_plans_router,
        action_items_router,
        self_evaluations_router,
        engagement_meetings_router,
        inspections_router,
        timeline_router,
        timetable_router,
        judgements_router,
        judgements_across_router,
        findings_router,
        me_router,
        events_router,
        webhooks_router,
        imports_router,
        committee_report_router,
    ]
    for router in routers:
        include_flat(app, router)  # type: ignore[arg-type]
