"""``/v1/stats/grades/series``: the counting rule at the end of every period, in one pass over the history.

At a point d (``as_of`` = ``published_by`` = d) a graded inspection counts from the day it had both begun and
been published, ``greatest(began, published)``; an authority's latest counted inspection therefore changes
only on such days, and only to one that begins later than every one counted before. So each authority's
history is a few segments, each with a category (``not_inspected`` from the authority's establishment, then
a grade or ``not_graded`` per latest inspection, up to its ceasing). The counts at every point are running
sums of those segments' starts and ends, read where the points fall among them: one sort of a few thousand
rows, whatever the number of points. ``tests/stats`` check that every point equals ``/v1/stats/grades``.
"""

import functools
from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa

from app.core.context import Context
from app.inspections import latest
from app.inspections.vocabulary import Area, Grade
from app.stats import counting
from app.stats.counting import AUTHORITY, INSPECTION, JUDGEMENT, NOT_GRADED, NOT_INSPECTED, PUBLISHED, Scope
from app.stats.schemas import GradeCounts, GradePoint, GradeSeries

CATEGORIES = (*(g.value for g in Grade), NOT_GRADED, NOT_INSPECTED)
NEVER: sa.ColumnElement[date] = sa.literal_column("'infinity'::date", sa.Date)
ALWAYS: sa.ColumnElement[date] = sa.literal_column("'-infinity'::date", sa.Date)


def _latest_changes() -> sa.Subquery:
    """Each day an authority's latest counted inspection changes, and the inspection it becomes."""
    began_order = (latest.BEGAN.asc(), INSPECTION.published_on.asc().nulls_first(), INSPECTION.id.asc())
    graded = (
        sa.select(
            INSPECTION.authority_code.label("code"),
            INSPECTION.id,
            INSPECTION.framework,
            sa.func.greatest(latest.BEGAN, PUBLISHED).label("counts_from"),
            sa.func.row_number().over(partition_by=INSPECTION.authority_code, order_by=began_order).label("rank"),
        )
        .where(latest.is_published_graded(), latest.BEGAN.is_not(None), PUBLISHED.is_not(None))
        .subquery("graded")
    )
    running = sa.select(
        graded,
        sa.func.max(graded.c.rank)
        .over(partition_by=graded.c.code, order_by=(graded.c.counts_from, graded.c.rank), rows=(None, 0))
        .label("latest_rank"),
    ).subquery("running")
    changes = sa.select(running).where(running.c.rank == running.c.latest_rank).subquery("changes")
    return sa.select(
        changes.c.code,
        changes.c.id,
        changes.c.framework,
        changes.c.counts_from.label("starts"),
        sa.func.lead(changes.c.counts_from)
        .over(partition_by=changes.c.code, order_by=(changes.c.counts_from, changes.c.rank))
        .label("ends"),
    ).subquery("latest_changes")


@functools.cache
def _statement(scope: Scope) -> sa.Executable:
    life_starts = sa.func.coalesce(AUTHORITY.established_on, ALWAYS)
    life_ends = sa.func.coalesce(AUTHORITY.ceased_on, NEVER)
    authorities = (
        sa.select(AUTHORITY.code, life_starts.label("life_starts"), life_ends.label("life_ends"))
        .where(counting.in_scope(scope, None))
        .cte("counted_authorities")
    )
    changes = _latest_changes()
    judgement = JUDGEMENT.alias("judgement")
    first_counted = (
        sa.select(sa.func.min(changes.c.starts)).where(changes.c.code == authorities.c.code).scalar_subquery()
    )
    not_inspected = sa.select(
        authorities.c.life_starts.label("starts"),
        sa.func.least(sa.func.coalesce(first_counted, NEVER), authorities.c.life_ends).label("ends"),
        sa.literal(NOT_INSPECTED).label("category"),
    )
    graded = sa.select(
        sa.func.greatest(changes.c.starts, authorities.c.life_starts).label("starts"),
        sa.func.least(sa.func.coalesce(changes.c.ends, NEVER), authorities.c.life_ends).label("ends"),
        sa.func.coalesce(judgement.c.grade, NOT_GRADED).label("category"),
    ).select_from(
        changes.join(authorities, authorities.c.code == changes.c.code).outerjoin(
            judgement,
            sa.and_(
                judgement.c.inspection_id == changes.c.id, judgement.c.area == counting.judged_area(changes.c.framework)
            ),
        )
    )
    segments = sa.union_all(not_inspected, graded).subquery("segments")
    live = segments.c.starts < segments.c.ends
    point = sa.func.unnest(counting.dates_param("points")).table_valued("as_of").render_derived(name="point")
    timeline = sa.union_all(
        sa.select(
            segments.c.starts.label("day"),
            segments.c.category,
            sa.literal(1).label("delta"),
            sa.false().label("is_point"),
        ).where(live),
        sa.select(segments.c.ends, segments.c.category, sa.literal(-1), sa.false()).where(
            live, segments.c.ends != NEVER
        ),
        sa.select(point.c.as_of, sa.null(), sa.literal(0), sa.true()),
    ).subquery("timeline")
    in_order = (timeline.c.day, timeline.c.is_point)
    running = sa.select(
        timeline.c.day,
        timeline.c.is_point,
        *(
            sa.func.coalesce(
                sa.func.sum(timeline.c.delta).filter(timeline.c.category == c).over(order_by=in_order, rows=(None, 0)),
                0,
            ).label(c)
            for c in CATEGORIES
        ),
    ).subquery("running_counts")
    stmt = sa.select(running.c.day, *(running.c[c] for c in CATEGORIES)).where(running.c.is_point)
    unknown = (sa.null().cast(sa.Date), *(sa.literal(-1) for _ in CATEGORIES))
    return counting.with_unknown_neighbours_row(stmt, scope, *unknown)


async def series(ctx: Context, points: Sequence[date], area: Area, where: Any) -> GradeSeries:
    """``where`` is a ``service.Where``: the region or neighbours counted."""
    params = {"points": list(points), "area": area.value, **where.params()}
    found: dict[date, dict[str, int]] = {}
    for day, *numbers in await ctx.session.execute(_statement(where.scope), params):
        if day is None:
            raise where.unknown_neighbours()
        found[day] = dict(zip(CATEGORIES, numbers, strict=True))
    answered = []
    for day in points:
        counts = found[day]
        graded = sum(counts[g.value] for g in Grade)
        answered.append(
            GradePoint(as_of=day, counts=GradeCounts(**counts), graded=graded, authorities=sum(counts.values()))
        )
    return GradeSeries(area=area, points=answered, **where.echo())
