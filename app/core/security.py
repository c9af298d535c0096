"""API keys: secrets, hashing, the caller's principal and what each role may do."""

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from enum import StrEnum

SECRET_PREFIX = "ilk_"  # noqa: S105 - a marker, not a secret
PREFIX_LENGTH = 12


class Role(StrEnum):
    reader = "reader"
    authority = "authority"
    inspectorate = "inspectorate"
    admin = "admin"


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    """Constant-time comparison of a presented secret with a stored hash."""
    return hmac.compare_digest(hash_secret(secret), stored_hash)


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: the API key's identity and role."""

    key_id: uuid.UUID | None
    name: str
    role: Role
    authority_code: str | None = None

    @property
    def sees_all_embargoed(self) -> bool:
        return self.role in (Role.admin, Role.inspectorate)

    def may_see_embargoed_of(self, authority_code: str) -> bool:
        """Embargoed (unpublished) inspections exist only for admin, inspectorate and their own authority."""
        return self.sees_all_embargoed or (self.role is Role.authority and self.authority_code == authority_code)

    def may_write_plans_of(self, authority_code: str) -> bool:
        return self.role is Role.admin or (self.role is Role.authority and self.authority_code == authority_code)

    def may_read_self_evaluations_of(self, authority_code: str) -> bool:
        return self.may_see_embargoed_of(authority_code)
