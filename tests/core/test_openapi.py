"""The committed openapi.json is what the app serves, and every operation documents problems and security."""

from httpx import AsyncClient

from app.openapi_file import OPENAPI_PATH, render_openapi


def test_committed_openapi_matches_the_app() -> None:
    assert OPENAPI_PATH.read_text(encoding="utf-8") == render_openapi(), "run `ilacs openapi`"


async def test_served_openapi_is_the_committed_one(client: AsyncClient) -> None:
    import json

    assert (await client.get("/openapi.json")).json() == json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))


def test_every_v1_operation_documents_its_problems_and_security() -> None:
    import json

    spec = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))
    for path, operations in spec["paths"].items():
        if not path.startswith("/v1"):
            continue
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            assert operation.get("security") == [{"HTTPBearer": []}, {"OIDCAccessToken": []}], where
            for status in ("401", "403", "422", "500", "503"):
                assert "application/problem+json" in operation["responses"][status]["content"], where


def test_both_credentials_are_described_as_bearer_schemes() -> None:
    import json

    schemes = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))["components"]["securitySchemes"]

    assert {name: (s["type"], s["scheme"], s["bearerFormat"]) for name, s in schemes.items()} == {
        "HTTPBearer": ("http", "bearer", "API key"),
        "OIDCAccessToken": ("http", "bearer", "JWT"),
    }
