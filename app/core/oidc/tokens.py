"""Access tokens of the council's OpenID Connect provider, checked as API.md "Sign-in" says, and the caller
they stand for.

Every check of the token itself is PyJWT's (``jwt.decode``: signature, ``iss``, ``aud``, ``exp`` required,
``nbf`` and ``iat`` with 60 s leeway); this module only picks the key and the one algorithm the token may use:
RS256, PS256 or ES256, matching the key's type (and its ``alg`` when the key names one), so that ``alg: none``
and an HS256 token "signed" with the public key are refused before any signature is computed.
"""

import hashlib
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jwt

from app.core.errors import Forbidden, ServiceUnavailable, Unauthorized
from app.core.oidc.keys import Jwk, KeysUnavailable, ProviderKeys, UnknownKey
from app.core.security import CallerKind, Principal, Role

ALGORITHMS = frozenset({"RS256", "PS256", "ES256"})
LEEWAY_SECONDS = 60
MAX_TOKEN_LENGTH = 16_384
AUTHORITY_ROLE = re.compile(r"authority\.(E(?:06|08|09|10)\d{6})")
NAME_CLAIMS = ("name", "preferred_username", "upn", "azp", "appid")
MAX_ID_LENGTH = 255
MAX_NAME_LENGTH = 200
_KEY_FITS = {"RS256": ("RSA", None), "PS256": ("RSA", None), "ES256": ("EC", "P-256")}


def looks_like_token(credential: str) -> bool:
    """A JWT in compact form (three dot-separated parts, the first a JSON object: ``eyJ``), as opposed to an API
    key (``ilk_...``)."""
    return credential.startswith("eyJ") and credential.count(".") == 2


@dataclass(frozen=True, slots=True)
class _Verified:
    principal: Principal
    expires: float  # the token's exp plus the leeway, in epoch seconds
    generation: int  # of the provider's key set it was verified against
    cached_at: float


class TokenVerifier:
    """Turns an access token into the caller it stands for, or refuses it (401, 403, or 503 for the provider).

    A client sends the same token for as long as it lives (an hour, typically), so a token verified once is
    remembered by its SHA-256 (at most ``max_age_seconds``, never past its ``exp`` and leeway, and only while
    the provider's key set is the one it was verified against): the signature is checked once, not on every
    request. Refused tokens are not remembered.
    """

    def __init__(
        self,
        keys: ProviderKeys,
        audience: str,
        roles_claim: str = "roles",
        *,
        max_entries: int = 10_000,
        max_age_seconds: float = 300.0,
    ) -> None:
        self.keys = keys
        self.audience = audience
        self.roles_claim = roles_claim
        self.max_entries = max_entries
        self.max_age_seconds = max_age_seconds
        self._verified: dict[bytes, _Verified] = {}

    async def principal(self, token: str) -> Principal:
        digest = hashlib.sha256(token.encode()).digest()
        known = self._verified.get(digest)
        if known is not None:
            if (
                known.generation == self.keys.generation
                and time.time() < known.expires
                and time.monotonic() - known.cached_at < self.max_age_seconds
            ):
                self.keys.refresh_if_stale()
                return known.principal
            del self._verified[digest]
        claims = await self.claims(token)
        principal = Principal(
            kind=_kind(claims),
            id=_id(claims),
            name=_name(claims),
            **_role(_claim(claims, self.roles_claim)),
        )
        if len(self._verified) >= self.max_entries:
            self._verified.clear()
        self._verified[digest] = _Verified(
            principal, float(claims["exp"]) + LEEWAY_SECONDS, self.keys.generation, time.monotonic()
        )
        return principal

    async def claims(self, token: str) -> dict[str, Any]:
        if len(token) > MAX_TOKEN_LENGTH:
            raise Unauthorized("The access token is too long to be one.")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.DecodeError:
            raise Unauthorized("The access token is malformed.") from None
        algorithm, kid = header.get("alg"), header.get("kid")
        if algorithm not in ALGORITHMS:
            raise Unauthorized(f"Access tokens must be signed with one of {', '.join(sorted(ALGORITHMS))}.")
        if not isinstance(kid, str) or not kid:
            raise Unauthorized("The access token names no signing key (kid).")
        try:
            jwk = await self.keys.get(kid)
        except UnknownKey:
            raise Unauthorized(
                "The access token is signed with a key the identity provider does not publish."
            ) from None
        except KeysUnavailable as exc:
            raise ServiceUnavailable(
                "The identity provider's signing keys cannot be fetched; try again later.", retry_after=exc.retry_after
            ) from None
        try:
            return jwt.decode(
                token,
                _verification_key(jwk, algorithm),
                algorithms=[algorithm],
                audience=self.audience,
                issuer=self.keys.issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthorized("The access token has expired.") from None
        except jwt.ImmatureSignatureError:
            raise Unauthorized("The access token is not valid yet (nbf or iat in the future).") from None
        except jwt.InvalidAudienceError:
            raise Unauthorized("The access token is not for this API (aud).") from None
        except jwt.InvalidIssuerError:
            raise Unauthorized("The access token is not from the configured identity provider (iss).") from None
        except jwt.MissingRequiredClaimError as exc:
            raise Unauthorized(f"The access token lacks the {exc.claim} claim.") from None
        except (jwt.InvalidTokenError, jwt.PyJWKError):
            raise Unauthorized("The access token's signature or claims are not valid.") from None


def _verification_key(jwk: Jwk, algorithm: str) -> Any:
    """The public key of ``jwk`` for ``algorithm``, if the key may verify that algorithm at all."""
    kty, crv = _KEY_FITS[algorithm]
    if jwk.get("kty") != kty or (crv is not None and jwk.get("crv") != crv):
        raise jwt.InvalidAlgorithmError(f"{algorithm} does not fit a {jwk.get('kty')} key")
    if jwk.get("alg") not in (None, algorithm):
        raise jwt.InvalidAlgorithmError(f"the key is for {jwk.get('alg')}, not {algorithm}")
    return jwt.PyJWK(jwk, algorithm=algorithm).key


def _claim(claims: Mapping[str, Any], name: str) -> Any:
    """``claims[name]``, or for a dotted name not present as such the nested value (``realm_access.roles``)."""
    if name in claims:
        return claims[name]
    value: Any = claims
    for part in name.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _role(values: Any) -> dict[str, Any]:
    """The highest of reader < authority < inspectorate < admin among the values (API.md "Sign-in")."""
    if isinstance(values, str):
        values = values.split()
    present = {v for v in values if isinstance(v, str)} if isinstance(values, list) else set()
    for role in (Role.admin, Role.inspectorate):
        if role.value in present:
            return {"role": role}
    codes = sorted({match[1] for v in present if (match := AUTHORITY_ROLE.fullmatch(v))})
    if len(codes) > 1:
        raise Forbidden(f"The token gives the authority role for more than one authority ({', '.join(codes)}).")
    if codes:
        return {"role": Role.authority, "authority_code": codes[0]}
    if Role.reader.value in present:
        return {"role": Role.reader}
    raise Forbidden(
        "The token carries no role of this API (reader, authority.<GSS code>, inspectorate or admin); "
        "ask the council's administrator to assign one."
    )


def _kind(claims: Mapping[str, Any]) -> CallerKind:
    """A client-credentials token (Entra's ``idtyp=app``, or ``sub`` equal to the client id) is a service."""
    client = claims.get("azp") or claims.get("appid")
    if claims.get("idtyp") == "app" or (client is not None and claims.get("sub") == client):
        return CallerKind.service
    return CallerKind.user


def _id(claims: Mapping[str, Any]) -> str:
    for claim in ("oid", "sub"):
        value = claims.get(claim)
        if isinstance(value, str) and value:
            if len(value) > MAX_ID_LENGTH:
                raise Unauthorized(f"The access token's {claim} is longer than {MAX_ID_LENGTH} characters.")
            return value
    raise Unauthorized("The access token names no subject (oid or sub).")


def _name(claims: Mapping[str, Any]) -> str:
    for claim in NAME_CLAIMS:
        value = claims.get(claim)
        if isinstance(value, str) and value.strip():
            return value.strip()[:MAX_NAME_LENGTH]
    return _id(claims)[:MAX_NAME_LENGTH]
