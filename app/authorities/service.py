"""Rules of authorities: codes and kinds, unique DfE numbers, no deletion while anything refers to one."""

from typing import Any

import sqlalchemy as sa
from fastapi import Request

from app.authorities import repository
from app.authorities.queries import current_code
from app.authorities.schemas import AuthorityCreate, AuthorityUpdate
from app.core import audit
from app.core.context import Context
from app.core.errors import Conflict, NotFound, ValidationFailed
from app.core.responses import check_if_match
from app.models import Authority

RESOURCE = "authority"
FIELDS = ("la_number", "name", "region", "status", "ofsted_urn", "regional_adoption_agency")


def snapshot(authority: Authority) -> dict[str, Any]:
    return {f: getattr(authority, f) for f in FIELDS}


def not_found(code: str) -> NotFound:
    return NotFound(f"No authority with code {code}.")


async def neighbours_code(ctx: Context, code: str, field: str = "neighbours_of") -> str:
    """The current code of the authority whose statistical neighbours are asked for (a former code resolves);
    an unknown code is a 422 on ``field``."""
    found = await current_code(ctx.session, code)
    if found is None:
        raise ValidationFailed.field(field, f"No authority with code {code}.")
    return found


async def read_or_404(ctx: Context, code: str) -> sa.Row[Any]:
    """The authority as the API shows it (``schemas.authority_json``), or 404."""
    row = await repository.read(ctx.session, code)
    if row is None:
        raise not_found(code)
    return row


async def get_or_404(ctx: Context, code: str, *, for_update: bool = False) -> Authority:
    authority = await repository.get(ctx.session, code, for_update=for_update)
    if authority is None:
        raise not_found(code)
    return authority


async def _check_la_number_free(ctx: Context, la_number: int | None, code: str) -> None:
    if la_number is None:
        return
    taken = await ctx.session.scalar(
        sa.select(Authority.code).where(Authority.la_number == la_number, Authority.code != code)
    )
    if taken is not None:
        raise Conflict(f"la_number {la_number} already belongs to authority {taken}.")


async def create(ctx: Context, data: AuthorityCreate) -> Authority:
    if await repository.get(ctx.session, data.code) is not None:
        raise Conflict(f"An authority with code {data.code} already exists.")
    await _check_la_number_free(ctx, data.la_number, data.code)
    authority = Authority(**data.model_dump(mode="json"))
    ctx.session.add(authority)
    await ctx.session.flush()
    audit.record_create(ctx, RESOURCE, authority.code, {"code": authority.code, **snapshot(authority)})
    return authority


async def update(ctx: Context, request: Request, code: str, data: AuthorityUpdate) -> Authority:
    authority = await get_or_404(ctx, code, for_update=True)
    check_if_match(request, authority.version)
    changes = data.model_dump(mode="json", exclude_unset=True)
    if "la_number" in changes:
        await _check_la_number_free(ctx, changes["la_number"], code)
    before = snapshot(authority)
    for field, value in changes.items():
        setattr(authority, field, value)
    await audit.record_update(ctx, authority, RESOURCE, code, before, snapshot(authority))
    return authority


async def delete(ctx: Context, request: Request, code: str) -> None:
    authority = await get_or_404(ctx, code, for_update=True)
    check_if_match(request, authority.version)
    holding = await repository.dependants(ctx.session, code)
    if holding:
        named = (f"{n} {repository.HOLDER_NAMES.get(table, table.replace('_', ' '))}" for table, n in holding.items())
        raise Conflict(
            f"Authority {code} still has {', '.join(named)}; it cannot be deleted.", extra={"held_by": holding}
        )
    audit.record_delete(ctx, RESOURCE, code, {"code": code, **snapshot(authority)})
    await ctx.session.delete(authority)
    await ctx.session.flush()
