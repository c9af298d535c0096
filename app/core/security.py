"""Who is calling: the caller's principal (from an API key or an access token), and API-key secrets.

What a principal may do is not here: every authorisation rule is in ``app.core.policy``.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from enum import StrEnum

SECRET_PREFIX = "ilk_"  # noqa: S105 - a marker, not a secret
PREFIX_LENGTH = 12


class Role(StrEnum):
    reader = "reader"
    authority = "authority"
    inspectorate = "inspectorate"
    admin = "admin"


class CallerKind(StrEnum):
    """What the credential stands for (API.md "The caller")."""

    api_key = "api_key"  # an API key issued by this service
    user = "user"  # a person signed in through the council's identity provider
    service = "service"  # a system: a client-credentials token, or this service's own command line and importers


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    """Constant-time comparison of a presented secret with a stored hash."""
    return hmac.compare_digest(hash_secret(secret), stored_hash)


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller, made once per request from whichever credential it sent, and the one thing every rule reads:
    authorisation, the embargo, rate limits, idempotency and the audit trail's actor.

    ``id`` is the API key's id for a key, the token's ``oid`` (else ``sub``) for a user or a service.
    """

    kind: CallerKind
    id: str
    name: str
    role: Role
    authority_code: str | None = None

    @property
    def ref(self) -> str:
        """``<kind>:<id>``: who rate limits count and idempotency keys belong to, whatever the credential."""
        return f"{self.kind.value}:{self.id}"


def local_principal(name: str) -> Principal:
    """This service's own tools (command line, importers, demo data): an admin ``service`` named ``name``."""
    return Principal(kind=CallerKind.service, id=name, name=name, role=Role.admin)
