"""The limits the OpenAPI states for every value of a kind, and RequestModel enforcing them on bodies."""

import pytest
from pydantic import ValidationError

from app.core.openapi_limits import INT32_MAX, MAX_ITEMS, MAX_TEXT, complete_limits, pattern_max_length, without_null
from app.core.schemas import AUTHORITY_CODE_PATTERN, SLUG_PATTERN, RequestModel


class Probe(RequestModel):
    note: str
    count: int
    tags: list[str]


def test_a_bounded_pattern_implies_its_longest_match_and_an_open_one_none() -> None:
    assert pattern_max_length(AUTHORITY_CODE_PATTERN) == 9
    assert pattern_max_length(r"^[0-9]{1,10}$") == 10
    assert pattern_max_length(SLUG_PATTERN) is None
    assert pattern_max_length(r"E\d{6}") is None  # unanchored: it matches inside longer strings


def test_every_string_integer_and_array_of_a_schema_gets_a_limit() -> None:
    schema = {
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "code": {"type": "string", "pattern": AUTHORITY_CODE_PATTERN},
            "text": {"type": "string"},
            "kind": {"type": "string", "enum": ["a", "b"]},
            "score": {"type": "integer", "minimum": 1},
            "items": {"type": "array", "items": {"type": "string", "maxLength": 5}},
        }
    }
    complete_limits(schema)
    assert schema["properties"] == {
        "id": {"type": "string", "format": "uuid", "maxLength": 36},
        "code": {"type": "string", "pattern": AUTHORITY_CODE_PATTERN, "maxLength": 9},
        "text": {"type": "string", "maxLength": MAX_TEXT},
        "kind": {"type": "string", "enum": ["a", "b"]},
        "score": {"type": "integer", "minimum": 1, "maximum": INT32_MAX, "format": "int32"},
        "items": {"type": "array", "items": {"type": "string", "maxLength": 5}, "maxItems": MAX_ITEMS},
    }


def test_a_parameter_gets_only_what_its_format_or_pattern_implies() -> None:
    free, dated = {"type": "string"}, {"type": "string", "format": "date"}
    complete_limits([free, dated], in_parameter=True)
    assert (free, dated) == ({"type": "string"}, {"type": "string", "format": "date", "maxLength": 10})


def test_an_optional_query_parameter_is_documented_without_null() -> None:
    optional = {"anyOf": [{"type": "string", "format": "uuid"}, {"type": "null"}], "title": "Plan Id"}
    assert without_null(optional) == {"type": "string", "format": "uuid", "title": "Plan Id"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"note": "x" * (MAX_TEXT + 1), "count": 1, "tags": []}, "note"),
        ({"note": "x", "count": INT32_MAX + 1, "tags": []}, "count"),
        ({"note": "x", "count": 1, "tags": ["t"] * (MAX_ITEMS + 1)}, "tags"),
    ],
)
def test_a_body_over_the_shared_limits_is_refused(body: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Probe.model_validate(body)
    assert [e["loc"] for e in refused.value.errors()] == [(field,)]


def test_a_body_at_the_shared_limits_is_taken() -> None:
    probe = Probe.model_validate({"note": "x" * MAX_TEXT, "count": INT32_MAX, "tags": ["t"] * MAX_ITEMS})
    assert (len(probe.note), probe.count, len(probe.tags)) == (MAX_TEXT, INT32_MAX, MAX_ITEMS)
