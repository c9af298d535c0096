"""RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset on every /v1 answer, Retry-After on 429 (API.md)."""

from httpx import Response

from app.core.openapi_headers import RATE_LIMIT_HEADERS
from tests.trust.conftest import LiveApp
from tests.trust.test_rate_limit import WINDOW_START, Clock, limit, new_key


def quota(response: Response) -> tuple[str | None, str | None, str | None]:
    h = response.headers
    return h.get("ratelimit-limit"), h.get("ratelimit-remaining"), h.get("ratelimit-reset")


async def test_each_answer_tells_the_key_what_is_left_of_its_quota(live_app: LiveApp) -> None:
    limit(live_app, 3, Clock(WINDOW_START + 15))
    _, headers = await new_key(live_app.engine)
    answers = [await live_app.client.get("/v1/authorities", params={"limit": 1}, headers=headers) for _ in range(3)]
    assert [(a.status_code, quota(a)) for a in answers] == [
        (200, ("3", "2", "45")),
        (200, ("3", "1", "45")),
        (200, ("3", "0", "45")),
    ]


async def test_the_429_carries_the_spent_quota_and_retry_after(live_app: LiveApp) -> None:
    limit(live_app, 1, Clock(WINDOW_START + 50))
    _, headers = await new_key(live_app.engine)
    await live_app.client.get("/v1/authorities", headers=headers)
    refused = await live_app.client.get("/v1/authorities", headers=headers)
    assert refused.status_code == 429
    assert quota(refused) == ("1", "0", "10")
    assert refused.headers["retry-after"] == "10"
    assert refused.headers.get_list("ratelimit-limit") == ["1"]  # once, not once more by the middleware


async def test_a_request_without_a_key_spends_nothing_and_is_told_the_whole_quota(live_app: LiveApp) -> None:
    limit(live_app, 5, Clock(WINDOW_START + 1))
    response = await live_app.client.get("/v1/authorities")
    assert response.status_code == 401
    assert quota(response) == ("5", "5", "59")


async def test_errors_unknown_paths_and_head_carry_them_too(live_app: LiveApp) -> None:
    limit(live_app, 5, Clock(WINDOW_START))
    _, headers = await new_key(live_app.engine)
    invalid = await live_app.client.get("/v1/authorities", params={"limit": 0}, headers=headers)
    unknown = await live_app.client.get("/v1/nowhere", headers=headers)
    head = await live_app.client.head("/v1/authorities", headers=headers)
    assert [(r.status_code, quota(r)) for r in (invalid, unknown, head)] == [
        (422, ("5", "4", "60")),
        (404, ("5", "5", "60")),  # no route: no key was checked, nothing spent
        (200, ("5", "3", "60")),
    ]


async def test_answers_outside_v1_carry_none(live_app: LiveApp) -> None:
    limit(live_app, 5, Clock(WINDOW_START))
    response = await live_app.client.get("/health/live")
    assert quota(response) == (None, None, None)


async def test_none_when_the_operator_turns_the_limit_off(live_app: LiveApp) -> None:
    limit(live_app, 0, Clock(WINDOW_START))
    _, headers = await new_key(live_app.engine)
    response = await live_app.client.get("/v1/authorities", headers=headers)
    assert response.status_code == 200
    assert quota(response) == (None, None, None)


def test_the_openapi_documents_them_on_every_v1_response_and_retry_after_on_every_429(live_app: LiveApp) -> None:
    spec = live_app.app.openapi()
    undocumented = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                names = set(response.get("headers", {}))
                wanted = set(RATE_LIMIT_HEADERS) if path.startswith("/v1") else set()
                wanted |= {"Retry-After"} if status == "429" else set()
                if not wanted <= names:
                    undocumented.append(f"{method.upper()} {path} {status}: {sorted(wanted - names)}")
    assert undocumented == []
