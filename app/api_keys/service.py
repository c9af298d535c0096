"""API keys: secrets shown once and stored only as a hash; authority keys bound to exactly one authority."""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from app.api_keys.schemas import ApiKeyCreate
from app.core import audit
from app.core.context import Context
from app.core.errors import NotFound, ValidationFailed
from app.core.pagination import PageParams, SortKey, paginate
from app.core.security import PREFIX_LENGTH, CallerKind, Role, hash_secret, new_secret
from app.models import ApiKey, Authority, Webhook

RESOURCE = "api_key"
ORDER = SortKey(columns=(ApiKey.created_at, ApiKey.id), types=(datetime, uuid.UUID))


async def _validate(session: AsyncSession, data: ApiKeyCreate) -> None:
    if data.role is Role.authority:
        if data.authority_code is None:
            raise ValidationFailed.field("authority_code", "is required for an authority key")
        if await session.get(Authority, data.authority_code) is None:
            raise ValidationFailed.field("authority_code", f"no authority with code {data.authority_code}")
    elif data.authority_code is not None:
        raise ValidationFailed.field("authority_code", "is only for authority keys")
    if data.expires_at is not None and data.expires_at.tzinfo is None:
        raise ValidationFailed.field("expires_at", "needs a time zone (RFC 3339)")
    if data.expires_at is not None and data.expires_at <= datetime.now(UTC):
        raise ValidationFailed.field("expires_at", "is in the past: the key would never work")


async def create_key(session: AsyncSession, data: ApiKeyCreate, secret: str | None = None) -> tuple[ApiKey, str]:
    await _validate(session, data)
    secret = secret or new_secret()
    key = ApiKey(
        name=data.name,
        role=data.role.value,
        authority_code=data.authority_code,
        expires_at=data.expires_at,
        secret_hash=hash_secret(secret),
        prefix=secret[:PREFIX_LENGTH],
    )
    session.add(key)
    await session.flush()
    await session.refresh(key)
    return key, secret


async def create(ctx: Context, data: ApiKeyCreate) -> tuple[ApiKey, str]:
    key, secret = await create_key(ctx.session, data)
    audit.record_create(
        ctx,
        RESOURCE,
        key.id,
        {"name": key.name, "role": key.role, "authority_code": key.authority_code, "prefix": key.prefix},
    )
    return key, secret


async def list_page(session: AsyncSession, params: PageParams) -> Sequence[ApiKey]:
    return (await session.scalars(paginate(sa.select(ApiKey), ORDER, params))).all()


async def get_or_404(session: AsyncSession, key_id: uuid.UUID, *, for_update: bool = False) -> ApiKey:
    key = await session.get(ApiKey, key_id, with_for_update=for_update, populate_existing=for_update)
    if key is None:
        raise NotFound(f"No API key with id {key_id}.")
    return key


async def revoke_key(session: AsyncSession, key_id: uuid.UUID) -> ApiKey:
    key = await get_or_404(session, key_id)
    if key.revoked_at is None:
        key.revoked_at = datetime.now(UTC)
        await session.flush()
        await session.execute(sa.text("SELECT pg_notify('ilacs_api_keys', :id)"), {"id": str(key_id)})
    return key


async def revoke(ctx: Context, key_id: uuid.UUID) -> None:
    # Locked, so that of parallel revocations one revokes and records it, the others find it revoked.
    key = await get_or_404(ctx.session, key_id, for_update=True)
    was_revoked = key.revoked_at is not None
    await revoke_key(ctx.session, key_id)
    if not was_revoked:
        await disable_owned_webhooks(ctx.session, key_id)
        audit.record(
            ctx,
            audit.Action.delete,
            RESOURCE,
            key_id,
            {"revoked_at": [None, key.revoked_at.isoformat() if key.revoked_at else None]},
        )


async def disable_owned_webhooks(session: AsyncSession, key_id: uuid.UUID) -> None:
    """A revoked key's subscriptions stop at once (``owner_revoked``); the dispatcher checks again anyway."""
    await session.execute(
        sa.update(Webhook)
        .where(Webhook.owner_kind == CallerKind.api_key.value, Webhook.owner_id == str(key_id), Webhook.active)
        .values(active=False, disabled_reason="owner_revoked", version=Webhook.version + 1)
        .execution_options(synchronize_session=False)
    )


# Held by the transaction that makes sure of the bootstrap admin key: every worker and replica starting at the same
# time does it, and without the lock two of them both found none and both inserted it (one failed to start).
BOOTSTRAP_LOCK = 0x1_1AC5_0B00


async def ensure_bootstrap_admin(session: AsyncSession, secret: str) -> bool:
    """Make sure an admin key with exactly this secret exists; True when it was created now (by one process of
    any number starting at once: they take turns under ``BOOTSTRAP_LOCK`` until their transaction ends)."""
    await session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": BOOTSTRAP_LOCK})
    existing = await session.scalar(sa.select(ApiKey).where(ApiKey.secret_hash == hash_secret(secret)))
    if existing is not None:
        if existing.revoked_at is not None or existing.role != Role.admin.value:
            existing.revoked_at = None
            existing.role = Role.admin.value
            existing.authority_code = None
        return False
    await create_key(session, ApiKeyCreate(name="bootstrap-admin", role=Role.admin), secret=secret)
    return True
