"""Access tokens of the council's identity provider (API.md "Sign-in"), checked against a real OpenID Connect
provider on loopback (issuer.py): who a token stands for, its role, and every reason a token is refused."""

import asyncio
import time
from typing import Any

import jwt
import pytest
from httpx import AsyncClient, Response

from tests.conftest import GATESHEAD, LEICESTERSHIRE
from tests.oidc.issuer import Issuer, hs256_with, rsa_key, unsigned


async def me(client: AsyncClient, token: str) -> Response:
    return await client.get("/v1/me", headers={"Authorization": f"Bearer {token}"})


def assert_refused(response: Response, status: int, detail: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["type"] == {401: "/problems/unauthorized", 403: "/problems/forbidden"}[status]
    assert body["detail"] == detail
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"


# --- who the token stands for ----------------------------------------------------------------------------


async def test_a_person_signed_in_is_a_user_named_by_the_token(token_client: AsyncClient, issuer: Issuer) -> None:
    oid = "0b3e1f36-7d0c-4b8e-9d7c-2f5a8e1c9a01"

    response = await me(token_client, issuer.token(oid=oid, name="Jo Bloggs", roles=["inspectorate"]))

    assert response.status_code == 200
    assert response.json() == {
        "kind": "user",
        "id": oid,
        "name": "Jo Bloggs",
        "role": "inspectorate",
        "authority_code": None,
    }


async def test_a_client_credentials_token_is_a_service_named_by_its_client(
    token_client: AsyncClient, issuer: Issuer
) -> None:
    token = issuer.service_token("council-case-system", roles=["authority.E10000018"])

    body = (await me(token_client, token)).json()

    assert (body["kind"], body["name"], body["role"], body["authority_code"]) == (
        "service",
        "council-case-system",
        "authority",
        LEICESTERSHIRE,
    )
    assert body["id"] == (await me(token_client, issuer.service_token("council-case-system"))).json()["id"]


async def test_a_token_whose_subject_is_its_client_is_a_service_even_without_idtyp(
    token_client: AsyncClient, issuer: Issuer
) -> None:
    token = issuer.token(oid=None, sub="reporting-tool", azp="reporting-tool", name=None, preferred_username=None)

    assert (await me(token_client, token)).json() == {
        "kind": "service",
        "id": "reporting-tool",
        "name": "reporting-tool",
        "role": "reader",
        "authority_code": None,
    }


async def test_without_oid_the_id_is_sub_and_the_name_falls_back_in_order(
    token_client: AsyncClient, issuer: Issuer
) -> None:
    token = issuer.token(oid=None, sub="person-7", name=None, preferred_username=None, upn="jo@council.example")

    body = (await me(token_client, token)).json()

    assert (body["kind"], body["id"], body["name"]) == ("user", "person-7", "jo@council.example")


async def test_a_caller_that_was_never_issued_an_api_key_is_let_in(token_client: AsyncClient, issuer: Issuer) -> None:
    response = await token_client.get("/v1/authorities", params={"limit": 1}, headers=issuer.headers())

    assert response.status_code == 200
    assert len(response.json()["items"]) == 1


async def test_api_keys_keep_working_beside_tokens(token_client: AsyncClient, admin: dict[str, str]) -> None:
    assert (await token_client.get("/v1/me", headers=admin)).json()["kind"] == "api_key"


# --- the role claim ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("roles", "role", "authority_code"),
    [
        (["reader"], "reader", None),
        ([f"authority.{LEICESTERSHIRE}"], "authority", LEICESTERSHIRE),
        (["inspectorate"], "inspectorate", None),
        (["admin"], "admin", None),
        (["reader", f"authority.{GATESHEAD}"], "authority", GATESHEAD),
        (["reader", f"authority.{LEICESTERSHIRE}", "inspectorate"], "inspectorate", None),
        (["inspectorate", "admin"], "admin", None),
        ([f"authority.{LEICESTERSHIRE}", f"authority.{GATESHEAD}", "admin"], "admin", None),
        (["Directory.Read", "reader"], "reader", None),
    ],
)
async def test_the_highest_recognised_role_counts(
    token_client: AsyncClient, issuer: Issuer, roles: list[str], role: str, authority_code: str | None
) -> None:
    body = (await me(token_client, issuer.token(roles=roles))).json()

    assert (body["role"], body["authority_code"]) == (role, authority_code)


async def test_two_authorities_and_no_higher_role_is_forbidden(token_client: AsyncClient, issuer: Issuer) -> None:
    response = await me(
        token_client, issuer.token(roles=["reader", f"authority.{LEICESTERSHIRE}", f"authority.{GATESHEAD}"])
    )

    assert_refused(
        response,
        403,
        f"The token gives the authority role for more than one authority ({GATESHEAD}, {LEICESTERSHIRE}).",
    )


@pytest.mark.parametrize("roles", [["Reader"], ["authority.Leicestershire"], [], None, "admins", {"admin": True}])
async def test_a_token_without_a_recognised_role_is_forbidden(
    token_client: AsyncClient, issuer: Issuer, roles: object
) -> None:
    response = await me(token_client, issuer.token(roles=roles))

    assert_refused(
        response,
        403,
        "The token carries no role of this API (reader, authority.<GSS code>, inspectorate or admin); "
        "ask the council's administrator to assign one.",
    )


async def test_an_authority_token_sees_and_writes_only_its_own_authority(
    token_client: AsyncClient, issuer: Issuer
) -> None:
    leics = issuer.headers(roles=[f"authority.{LEICESTERSHIRE}"])
    plan = {"title": "Plan from a signed-in officer"}

    own = await token_client.post(
        "/v1/improvement-plans", json={**plan, "authority_code": LEICESTERSHIRE}, headers=leics
    )
    other = await token_client.post("/v1/improvement-plans", json={**plan, "authority_code": GATESHEAD}, headers=leics)

    assert own.status_code == 201
    assert_refused(
        other,
        403,
        f"An authority user of {LEICESTERSHIRE} may not change the action plans or self-evaluations of "
        f"authority {GATESHEAD} [rule own-authority-writes-plans]",
    )


# --- tokens refused ----------------------------------------------------------------------------------------


def _now() -> int:
    return int(time.time())


@pytest.mark.parametrize(
    ("claims", "detail"),
    [
        ({"exp": "past"}, "The access token has expired."),
        ({"nbf": "future"}, "The access token is not valid yet (nbf or iat in the future)."),
        ({"iat": "future"}, "The access token is not valid yet (nbf or iat in the future)."),
        ({"aud": "api://another-api"}, "The access token is not for this API (aud)."),
        (
            {"iss": "https://login.microsoftonline.com/another-tenant/v2.0"},
            "The access token is not from the configured identity provider (iss).",
        ),
        ({"exp": None}, "The access token lacks the exp claim."),
        ({"aud": None}, "The access token lacks the aud claim."),
        ({"oid": None, "sub": None}, "The access token names no subject (oid or sub)."),
    ],
    ids=[
        "expired",
        "not-yet-valid",
        "issued-in-the-future",
        "wrong-audience",
        "wrong-issuer",
        "no-exp",
        "no-aud",
        "no-subject",
    ],
)
async def test_a_token_failing_a_claim_check_is_refused(
    token_client: AsyncClient, issuer: Issuer, claims: dict[str, Any], detail: str
) -> None:
    times = {"past": _now() - 120, "future": _now() + 120}  # well past the 60 s leeway, however slow the run
    overrides = {k: times.get(v, v) if isinstance(v, str) else v for k, v in claims.items()}

    assert_refused(await me(token_client, issuer.token(**overrides)), 401, detail)


@pytest.mark.parametrize("claim", ["exp", "nbf", "iat"])
async def test_clocks_may_differ_by_up_to_a_minute(token_client: AsyncClient, issuer: Issuer, claim: str) -> None:
    skew = -50 if claim == "exp" else 50

    assert (await me(token_client, issuer.token(**{claim: _now() + skew}))).status_code == 200


@pytest.mark.parametrize(
    ("kid", "algorithm"), [("session-rsa", "RS256"), ("session-rsa", "PS256"), ("session-ec", "ES256")]
)
async def test_each_accepted_algorithm_verifies(
    token_client: AsyncClient, issuer: Issuer, kid: str, algorithm: str
) -> None:
    key = next(k for k in issuer.keys if k.kid == kid)

    assert (await me(token_client, issuer.token(key=key, algorithm=algorithm))).status_code == 200


async def test_alg_none_is_refused(token_client: AsyncClient, issuer: Issuer) -> None:
    token = unsigned({"alg": "none", "typ": "JWT", "kid": "session-rsa"}, issuer.claims(roles=["admin"]))

    assert_refused(await me(token_client, token), 401, "Access tokens must be signed with one of ES256, PS256, RS256.")


async def test_hs256_signed_with_the_providers_public_key_is_refused(token_client: AsyncClient, issuer: Issuer) -> None:
    key = issuer.keys[0]
    token = hs256_with(key.public_pem(), {"alg": "HS256", "typ": "JWT", "kid": key.kid}, issuer.claims(roles=["admin"]))

    assert_refused(await me(token_client, token), 401, "Access tokens must be signed with one of ES256, PS256, RS256.")


async def test_a_token_signed_by_another_key_under_the_providers_kid_is_refused(
    token_client: AsyncClient, issuer: Issuer
) -> None:
    impostor = rsa_key("session-rsa")  # the provider's kid, someone else's private key

    assert_refused(
        await me(token_client, issuer.token(key=impostor)), 401, "The access token's signature or claims are not valid."
    )


async def test_an_rs256_header_on_the_ec_key_is_refused(token_client: AsyncClient, issuer: Issuer) -> None:
    ec = next(k for k in issuer.keys if k.kid == "session-ec")
    rsa = next(k for k in issuer.keys if k.kid == "session-rsa")
    token = issuer.token(key=rsa)
    forged = unsigned({"alg": "RS256", "typ": "JWT", "kid": ec.kid}, issuer.claims()).rsplit(".", 1)[0]
    token = forged + "." + token.rsplit(".", 1)[1]

    assert_refused(await me(token_client, token), 401, "The access token's signature or claims are not valid.")


@pytest.mark.parametrize(
    ("token", "detail"),
    [
        ("eyJub3QganNvbg.e30.c2ln", "The access token is malformed."),  # header: not JSON
        ("eyJhbGciOiJSUzI1NiJ9.e30.", "The access token names no signing key (kid)."),
        ("eyJ" + "x" * 20_000 + ".a.b", "The access token is too long to be one."),
        ("a.b.c", "Unknown, expired or revoked API key."),  # not a JWT at all: taken for a key
    ],
    ids=["header-not-json", "no-kid", "too-long", "not-a-jwt"],
)
async def test_a_malformed_token_is_refused(token_client: AsyncClient, token: str, detail: str) -> None:
    assert_refused(await me(token_client, token), 401, detail)


async def test_without_sign_in_configured_a_token_is_an_unknown_key(client: AsyncClient, issuer: Issuer) -> None:
    assert_refused(await me(client, issuer.token(roles=["admin"])), 401, "Unknown, expired or revoked API key.")


# --- a token verified once is remembered, never past its expiry ---------------------------------------------


async def test_a_token_is_verified_once_while_it_is_reused(
    token_client: AsyncClient, issuer: Issuer, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    decode = jwt.decode
    monkeypatch.setattr(jwt, "decode", lambda token, *a, **kw: calls.append(token) or decode(token, *a, **kw))
    token, other = issuer.token(), issuer.token(oid="another-person")

    statuses = [(await me(token_client, t)).status_code for t in (token, token, token, other, other)]

    assert statuses == [200] * 5
    assert calls == [token, other]


async def test_a_remembered_token_is_refused_once_it_expires(token_client: AsyncClient, issuer: Issuer) -> None:
    token = issuer.token(exp=_now() - 57)  # within the minute's leeway for two or three seconds more
    assert (await me(token_client, token)).status_code == 200

    await asyncio.sleep(3.5)

    assert_refused(await me(token_client, token), 401, "The access token has expired.")
