"""Rules of the theme catalogue: immutable kebab-case slugs, `applies_to`, no deletion while in use."""

from typing import Any

from fastapi import Request

from app.core import audit
from app.core.context import Context
from app.core.errors import Conflict, NotFound
from app.core.responses import check_if_match
from app.models import Theme
from app.themes import repository
from app.themes.schemas import ThemeCreate, ThemeRead, ThemeUpdate

RESOURCE = "theme"
FIELDS = ("name", "description", "applies_to")


def snapshot(theme: Theme) -> dict[str, Any]:
    return {"name": theme.name, "description": theme.description, "applies_to": list(theme.applies_to)}


def to_read(theme: Theme) -> ThemeRead:
    return ThemeRead.model_validate(theme)


async def get_or_404(ctx: Context, slug: str, *, for_update: bool = False) -> Theme:
    theme = await repository.get(ctx.session, slug, for_update=for_update)
    if theme is None:
        raise NotFound(f"No theme with slug {slug}.")
    return theme


async def create(ctx: Context, data: ThemeCreate) -> Theme:
    if await repository.get(ctx.session, data.slug) is not None:
        raise Conflict(f"A theme with slug {data.slug} already exists.")
    theme = Theme(**data.model_dump(mode="json"))
    ctx.session.add(theme)
    await ctx.session.flush()
    await ctx.session.refresh(theme)
    audit.record_create(ctx, RESOURCE, theme.slug, {"slug": theme.slug, **snapshot(theme)})
    return theme


async def _check_still_applies(ctx: Context, slug: str, applies_to: list[str]) -> None:
    """Narrowing `applies_to` may not strand inspections of a type the theme would no longer apply to."""
    usage = await repository.usage_by_type(ctx.session, slug)
    stranded = {t: n for t, n in usage.items() if t not in applies_to}
    if stranded:
        used = ", ".join(f"{n} {t}" for t, n in sorted(stranded.items()))
        raise Conflict(f"Theme {slug} is used by inspections of a type it would no longer apply to ({used}).")


async def update(ctx: Context, request: Request, slug: str, data: ThemeUpdate) -> Theme:
    theme = await get_or_404(ctx, slug, for_update=True)
    check_if_match(request, theme.version)
    changes = data.model_dump(mode="json", exclude_unset=True)
    if "applies_to" in changes:
        await _check_still_applies(ctx, slug, changes["applies_to"])
    before = snapshot(theme)
    for field, value in changes.items():
        setattr(theme, field, value)
    if await audit.record_update(ctx, theme, RESOURCE, slug, before, snapshot(theme)):
        await ctx.session.refresh(theme)
    return theme


async def delete(ctx: Context, request: Request, slug: str) -> None:
    theme = await get_or_404(ctx, slug, for_update=True)
    check_if_match(request, theme.version)
    in_use = sum((await repository.usage_by_type(ctx.session, slug)).values())
    if in_use:
        raise Conflict(f"Theme {slug} is used by {in_use} inspection(s); it cannot be deleted.")
    audit.record_delete(ctx, RESOURCE, slug, {"slug": slug, **snapshot(theme)})
    await ctx.session.delete(theme)
    await ctx.session.flush()
