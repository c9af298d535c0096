"""Settings, read from the environment (prefix ``ILACS_``) or a ``.env`` file."""

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ILACS_", env_file=".env", extra="ignore")

    database_url: SecretStr | None = Field(
        default=None,
        description="PostgreSQL URL. Unset: an embedded PostgreSQL is started under data_dir.",
    )
    data_dir: Path = Field(default=Path(".ilacs"), description="Where the embedded PostgreSQL keeps its data.")
    bootstrap_admin_key: SecretStr | None = Field(
        default=None, description="At start, make sure an admin key with exactly this secret exists."
    )
    log_level: str = "INFO"
    seed_on_empty: bool = Field(
        default=True, description="Fill an empty database with the national record and demo plans on serve."
    )
    require_if_match: bool = Field(
        default=False, description="Refuse PATCH/PUT/DELETE without If-Match (428) when true."
    )
    rate_limit_per_minute: int = Field(default=6000, ge=0, description="Requests per key per minute; 0 = off.")
    cors_origins: list[str] = Field(
        default_factory=list,
        description="Allowed CORS origins, each explicit (`https://host[:port]`, no `*`); empty = CORS off.",
    )
    db_pool_size: int = Field(default=15, ge=1, description="Connections kept open per worker process.")
    db_max_overflow: int = Field(
        default=0, ge=0, description="Connections opened beyond the pool under load, closed again after (churn)."
    )
    db_pool_timeout_seconds: float = Field(default=3.0, gt=0, description="Longest wait for a pooled connection.")
    db_statement_timeout_ms: int = Field(default=5000, ge=0, description="PostgreSQL statement_timeout.")
    db_connect_timeout_seconds: float = Field(default=3.0, gt=0)
    # Deadlines on what a client controls (``ilacs serve``; see README "Behind a reverse proxy").
    http_header_timeout_seconds: float = Field(
        default=10.0, gt=0, description="Longest wait for a request's line and headers, idle connections included."
    )
    http_body_timeout_seconds: float = Field(
        default=30.0, gt=0, description="Longest wait for a whole request body once its headers have arrived."
    )
    http_keep_alive_seconds: float = Field(
        default=5.0, gt=0, description="How long an idle keep-alive connection stays open between requests."
    )
    http_max_connections: int = Field(
        default=500, ge=1, description="Open connections per worker; beyond it, requests get a 503 and are closed."
    )
    cursor_secret: SecretStr | None = Field(
        default=None,
        description="Key of the MAC that signs list cursors. Unset: one is made and kept in the database.",
    )
    # Sign-in through the council's OpenID Connect provider (API.md "Sign-in"); unset: API keys only.
    oidc_issuer: str | None = Field(
        default=None,
        description="The provider's issuer, exactly as its tokens' `iss` (Entra ID: "
        "`https://login.microsoftonline.com/<tenant>/v2.0`). Set: /v1 also accepts its access tokens.",
    )
    oidc_audience: str | None = Field(default=None, description="The `aud` the tokens must carry (this API's id).")
    oidc_roles_claim: str = Field(
        default="roles", min_length=1, description="The claim holding the role values (a dotted path reaches in)."
    )
    oidc_jwks_url: str | None = Field(
        default=None, description="The provider's keys; unset: the `jwks_uri` of its discovery document."
    )
    # Events and webhooks (API.md "Events and webhooks").
    event_retention_days: int = Field(default=90, ge=1, le=3650, description="How long events are kept.")
    webhook_allow_http: bool = Field(default=False, description="Allow `http` webhook destinations (tests only).")
    webhook_allowed_networks: list[str] = Field(
        default_factory=list,
        description="JSON list of CIDRs in which loopback, private, link-local or reserved destinations are allowed.",
    )
    dispatcher: bool = Field(default=True, description="Whether `ilacs serve` runs the webhook dispatcher.")
    webhook_retry_seconds: list[float] = Field(
        default_factory=lambda: [5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0],
        description="The waits between delivery attempts (a shorter list for tests); after the last, `failed`.",
    )
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, description="A delivery's deadline.")

    @field_validator("cors_origins")
    @classmethod
    def _explicit_origins(cls, origins: list[str]) -> list[str]:
        for origin in origins:
            if not _ORIGIN.fullmatch(origin):
                raise ValueError(f"{origin!r} is not an explicit origin like https://council.example (no *)")
        return origins

    @model_validator(mode="after")
    def _complete_sign_in(self) -> "Settings":
        if self.oidc_issuer is not None:
            if not self.oidc_audience:
                raise ValueError("ILACS_OIDC_AUDIENCE is required with ILACS_OIDC_ISSUER")
            for url in (self.oidc_issuer, self.oidc_jwks_url):
                if url is not None and not _secure_url(url):
                    raise ValueError(f"{url!r} must be an https URL (http only on loopback, for tests)")
        return self


def _secure_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1"))


_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?")


@lru_cache
def get_settings() -> Settings:
    return Settings()
