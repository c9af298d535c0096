"""The limits the OpenAPI document states for every value (OWASP API4), completed in one pass over the document.

Limits are declared where a value is declared (the ``Annotated`` types of ``app/core/schemas.py``, ``Query`` and
``Path``); this pass adds only what follows from a declaration or what every value of a kind shares, and each of
those is enforced by the same rule it documents:

- a string with a ``format`` or a bounded ``pattern`` gets the ``maxLength`` that the format or pattern implies
  (its parser or the pattern refuses anything longer);
- any other string of a schema gets ``MAX_TEXT``, the cap ``RequestModel`` enforces on every string of a body
  (answers hold what bodies and the bundled data put there);
- an integer gets ``format: int32`` and the int32 range where it declares no narrower bounds (``RequestModel``
  refuses other integers in bodies; PostgreSQL's ``integer`` holds no more);
- an array gets ``MAX_ITEMS`` (``RequestModel`` refuses longer lists in bodies).

Parameters get only what their format or pattern implies: a query or path parameter must declare its own limit
(``Query(max_length=...)``, ``Path(...)``), and the contract checks (Spectral, ``tests/trust/test_abuse_limits.py``)
fail on one that does not.
"""

import importlib
import re
from typing import Any

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
MAX_TEXT = 20_000
MAX_ITEMS = 1_000
# Longest text each format's parser accepts: 2026-01-31, 2026-01-31T09:00:00.123456+00:00, a hyphenated UUID.
FORMAT_MAX_LENGTH = {"date": 10, "date-time": 32, "time": 21, "uuid": 36, "email": 254, "uri": 2048}

Schema = dict[str, Any]
# The standard library's own regular-expression parser, which knows each pattern's longest match (no stub types).
regex_parser: Any = importlib.import_module("re._parser")


def pattern_max_length(pattern: str) -> int | None:
    """The longest string an anchored ``pattern`` can match, or None when it has no bound (``*``, ``+``, ``{n,}``)."""
    if not (pattern.startswith("^") and pattern.endswith("$")):
        return None
    try:
        _, longest = regex_parser.parse(pattern).getwidth()
    except re.error:
        return None
    return longest if longest < regex_parser.MAXREPEAT else None


def _limit_string(schema: Schema, in_parameter: bool) -> None:
    if {"maxLength", "enum", "const"} & schema.keys():
        return
    implied = FORMAT_MAX_LENGTH.get(schema.get("format", ""))
    if implied is None and "pattern" in schema:
        implied = pattern_max_length(schema["pattern"])
    if implied is not None:
        schema["maxLength"] = implied
    elif not in_parameter:
        schema["maxLength"] = MAX_TEXT


def _limit_integer(schema: Schema) -> None:
    if "minimum" not in schema and "exclusiveMinimum" not in schema:
        schema["minimum"] = INT32_MIN
    if "maximum" not in schema and "exclusiveMaximum" not in schema:
        schema["maximum"] = INT32_MAX
    if "format" not in schema:
        low = int(schema.get("minimum", schema.get("exclusiveMinimum")) or 0)
        high = int(schema.get("maximum", schema.get("exclusiveMaximum")) or 0)
        schema["format"] = "int32" if low >= INT32_MIN and high <= INT32_MAX else "int64"


def complete_limits(node: Any, in_parameter: bool = False) -> None:
    """Add the implied and shared limits to every schema under ``node`` (in place)."""
    if isinstance(node, list):
        for item in node:
            complete_limits(item, in_parameter)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    if kind == "string":
        _limit_string(node, in_parameter)
    elif kind == "integer":
        if not in_parameter or {"minimum", "maximum"} <= node.keys():
            _limit_integer(node)
    elif kind == "array" and "maxItems" not in node and not in_parameter:
        node["maxItems"] = MAX_ITEMS
    for key, value in node.items():
        if key not in ("examples", "example", "default", "const", "enum"):
            complete_limits(value, in_parameter)


def without_null(schema: Schema) -> Schema:
    """A query parameter is absent or has a value; it is never JSON null. ``X | None`` becomes ``X``."""
    options = schema.get("anyOf")
    if not isinstance(options, list):
        return schema
    present = [option for option in options if option.get("type") != "null"]
    if len(present) != 1 or len(present) == len(options):
        return schema
    merged = {key: value for key, value in schema.items() if key != "anyOf"}
    return {**present[0], **merged}


def limit_document(spec: Schema) -> None:
    """Apply the limits to the whole document: component schemas, bodies, answers, headers and parameters."""
    complete_limits(spec.get("components", {}).get("schemas", {}))
    for path_item in spec.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []):
                parameter["schema"] = without_null(parameter.get("schema", {}))
                complete_limits(parameter["schema"], in_parameter=True)
            complete_limits(operation.get("requestBody", {}))
            complete_limits(operation.get("responses", {}))
