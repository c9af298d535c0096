"""Rules of authorities: codes and kinds, unique DfE numbers, no deletion while anything refers to one."""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from fastapi import Request

from app.authorities import repository
from app.authorities.regions import kind_of
from app.authorities.schemas import AuthorityCreate, AuthorityRead, AuthorityUpdate, JudgementBrief, LatestGraded
from app.core import audit
from app.core.context import Context
from app.core.errors import Conflict, NotFound
from app.core.responses import check_if_match
from app.models import Authority, Inspection, Judgement

RESOURCE = "authority"
FIELDS = ("la_number", "name", "region", "status", "ofsted_urn", "regional_adoption_agency")


def snapshot(authority: Authority) -> dict[str, Any]:
    return {f: getattr(authority, f) for f in FIELDS}


def to_read(authority: Authority, latest: tuple[Inspection, list[Judgement]] | None) -> AuthorityRead:
    latest_graded = None
    if latest is not None:
        inspection, judgements = latest
        latest_graded = LatestGraded(
            inspection_id=inspection.id,
            type=inspection.type,
            framework=inspection.framework,
            fieldwork_start=inspection.fieldwork_start,
            published_on=inspection.published_on,
            judgements=[JudgementBrief(area=j.area, grade=j.grade) for j in judgements],
        )
    return AuthorityRead(
        code=authority.code,
        la_number=authority.la_number,
        name=authority.name,
        kind=kind_of(authority.code),
        region=authority.region,
        status=authority.status,
        ofsted_urn=authority.ofsted_urn,
        regional_adoption_agency=authority.regional_adoption_agency,
        latest_graded=latest_graded,
        created_at=authority.created_at,
        updated_at=authority.updated_at,
        version=authority.version,
    )


async def to_reads(ctx: Context, authorities: Sequence[Authority]) -> list[AuthorityRead]:
    latest = await repository.latest_graded_for(ctx.session, [a.code for a in authorities])
    return [to_read(a, latest.get(a.code)) for a in authorities]


async def get_or_404(ctx: Context, code: str, *, for_update: bool = False) -> Authority:
    authority = await repository.get(ctx.session, code, for_update=for_update)
    if authority is None:
        raise NotFound(f"No authority with code {code}.")
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
    await ctx.session.refresh(authority)
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
    diff = audit.diff(before, snapshot(authority))
    if diff:
        authority.version += 1
        await ctx.session.flush()
        await ctx.session.refresh(authority)
        audit.record(ctx, audit.Action.update, RESOURCE, code, diff)
    return authority


async def delete(ctx: Context, request: Request, code: str) -> None:
    authority = await get_or_404(ctx, code, for_update=True)
    check_if_match(request, authority.version)
    blocking = await repository.dependants(ctx.session, code)
    if blocking:
        raise Conflict(f"Authority {code} still has " + ", ".join(blocking) + "; it cannot be deleted.")
    audit.record_delete(ctx, RESOURCE, code, {"code": code, **snapshot(authority)})
    await ctx.session.delete(authority)
    await ctx.session.flush()
