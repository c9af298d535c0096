"""Sign-in through the council's OpenID Connect provider (API.md "Sign-in"): its published keys (``keys``) and
the access tokens checked against them, mapped onto a ``Principal`` (``tokens``)."""

from typing import Any

from app.core.config import Settings
from app.core.oidc.keys import ProviderKeys
from app.core.oidc.tokens import TokenVerifier

ACCESS_TOKEN_SCHEME = "OIDCAccessToken"  # noqa: S105 - a scheme name, not a secret


def token_verifier(settings: Settings) -> TokenVerifier | None:
    """The verifier of the configured provider's access tokens, or None when sign-in is not configured. Makes no
    request: the provider is first asked for its keys when the first token arrives."""
    if settings.oidc_issuer is None or settings.oidc_audience is None:
        return None
    keys = ProviderKeys(settings.oidc_issuer, settings.oidc_jwks_url)
    return TokenVerifier(keys, settings.oidc_audience, settings.oidc_roles_claim)


def describe_credentials(spec: dict[str, Any]) -> dict[str, Any]:
    """Beside the API key's bearer scheme, the access token's: every operation that takes one takes either."""
    schemes = spec.setdefault("components", {}).setdefault("securitySchemes", {})
    schemes[ACCESS_TOKEN_SCHEME] = {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "Where sign-in is configured: an OAuth 2.0 access token (a JWT, handled as RFC8725 advises) "
        "issued by the council's OpenID Connect provider (`ILACS_OIDC_ISSUER`, e.g. Microsoft Entra ID) for this "
        "API (`ILACS_OIDC_AUDIENCE`), signed RS256, PS256 or ES256, with its role in the `roles` claim: `reader`, "
        "`authority.<GSS code>`, `inspectorate` or `admin`. A user's sign-in or a client-credentials token.",
    }
    for path_item in spec.get("paths", {}).values():
        for operation in path_item.values():
            security = operation.get("security") if isinstance(operation, dict) else None
            if security and {ACCESS_TOKEN_SCHEME: []} not in security:
                security.append({ACCESS_TOKEN_SCHEME: []})
    return spec
