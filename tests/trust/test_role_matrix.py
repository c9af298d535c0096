"""Every operation of /v1 for every kind of caller, with an API key and with an access token of the same role
(DOMAIN.md: a signed-in caller has the rights of a key of its role), answers exactly the status the rules give (OWASP API1 broken
object level authorization, API3 property level, API5 function level).

The cells come from the app's own routes: an operation the matrix lacks fails here, so a new route cannot ship
without its row in tests/trust/role_matrix.py. Each cell runs in its own rolled-back transaction, on a world of
records built for it (matrix_support.py), with a valid body: a 2xx or 409 proves the caller was let through, a
401/403/404 that it was not.
"""

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from app.core.config import Settings
from app.core.database import Database
from app.main import create_app
from tests.conftest import MakeKey, signed_in_settings
from tests.oidc.issuer import Issuer
from tests.trust.matrix_support import (
    BODIES,
    app_operations,
    build_world,
    concrete_path,
    headers_of,
    token_headers_of,
)
from tests.trust.role_matrix import MATRIX, ROLES, Cell, operations_in_matrix

# The app's routes need no database to be listed; the matrix is checked against them at collection.
APP_OPERATIONS = app_operations(create_app(Settings(seed_on_empty=False)))
CELLS = [(cell, role) for cell in sorted(MATRIX) if (cell[0], cell[1]) in APP_OPERATIONS for role in ROLES]
CREDENTIALS = ("key", "token")
PROBLEM_SLUGS = {401: "unauthorized", 403: "forbidden", 404: "not-found", 409: "conflict"}


@pytest.fixture(scope="module")
def shared_app(settings: Settings, issuer: Issuer) -> FastAPI:
    """One app for the module: a fresh app builds its routing on its first request (~0.2 s a cell). Sign-in is
    configured, so it takes API keys and access tokens alike."""
    return create_app(signed_in_settings(settings, issuer))


@pytest.fixture
def app(shared_app: FastAPI, database: Database) -> FastAPI:
    """The standard ``client`` fixture's app, bound to this test's rolled-back transaction."""
    shared_app.state.db = database
    return shared_app


def _cell_id(value: object) -> str:
    if isinstance(value, tuple):
        method, path, target = value
        return f"{method} {path}" + (f" [{target}]" if target else "")
    return str(value)


def test_every_operation_of_the_app_has_a_row_in_the_matrix() -> None:
    assert sorted(APP_OPERATIONS - operations_in_matrix()) == []


def test_every_row_of_the_matrix_is_an_operation_of_the_app() -> None:
    assert sorted(operations_in_matrix() - APP_OPERATIONS) == []


def test_every_write_of_the_matrix_has_a_valid_body() -> None:
    writes = {(m, p) for m, p in APP_OPERATIONS if m in ("POST", "PUT", "PATCH")}
    assert sorted(writes ^ set(BODIES)) == []


@pytest.mark.parametrize("credential", CREDENTIALS)
@pytest.mark.parametrize(("cell", "role"), CELLS, ids=_cell_id)
async def test_role_gets_the_status_the_rules_give(
    client: AsyncClient, database: Database, make_key: MakeKey, issuer: Issuer, cell: Cell, role: str, credential: str
) -> None:
    world = await build_world(database)
    headers = await headers_of(role, make_key) if credential == "key" else token_headers_of(role, issuer)
    method, template, _ = cell
    body = BODIES[(method, template)](world) if (method, template) in BODIES else None
    expected = getattr(MATRIX[cell], role)

    if isinstance(body, tuple):
        content_type, content = body
        response = await client.request(
            method, concrete_path(cell, world), content=content, headers={**headers, "Content-Type": content_type}
        )
    else:
        response = await client.request(method, concrete_path(cell, world), json=body, headers=headers)

    assert response.status_code == expected, response.text
    if expected in PROBLEM_SLUGS:
        problem_type = response.json()["type"]
        assert problem_type == f"/problems/{PROBLEM_SLUGS[expected]}"
    if expected == 401:
        assert response.headers["www-authenticate"].startswith("Bearer")
