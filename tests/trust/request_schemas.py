"""Walk every input of the app's OpenAPI (request bodies, query and header parameters) for unbounded sizes."""

import re
from collections.abc import Iterator
from typing import Any

Schema = dict[str, Any]
# Formats whose parser refuses anything long: a date, a time, a UUID.
BOUNDED_FORMATS = frozenset({"date", "date-time", "time", "uuid"})
_UNBOUNDED_QUANTIFIER = re.compile(r"(?<!\\)[*+]|\{\d+,\}")


def _bounded_pattern(pattern: str) -> bool:
    """An anchored pattern with no unbounded repetition matches only strings of bounded length."""
    return pattern.startswith("^") and pattern.endswith("$") and not _UNBOUNDED_QUANTIFIER.search(pattern)


class SchemaWalker:
    def __init__(self, spec: Schema) -> None:
        self.components: Schema = spec.get("components", {}).get("schemas", {})

    def problems(self, schema: Schema, where: str, seen: frozenset[str] = frozenset()) -> Iterator[str]:
        """Every string without maxLength, array without maxItems or open map without maxProperties."""
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                yield from self.problems(self.components[name], f"{where}<{name}>", seen | {name})
            return
        for combinator in ("anyOf", "oneOf", "allOf"):
            for option in schema.get(combinator, []):
                yield from self.problems(option, where, seen)
        kind = schema.get("type")
        if kind == "string" and not self._string_bounded(schema):
            yield f"{where}: string without maxLength"
        elif kind == "array":
            if "maxItems" not in schema:
                yield f"{where}: array without maxItems"
            yield from self.problems(schema.get("items", {}), f"{where}[]", seen)
        elif kind == "object" or "properties" in schema:
            for name, sub in schema.get("properties", {}).items():
                yield from self.problems(sub, f"{where}.{name}", seen)
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict):
                if "maxProperties" not in schema:
                    yield f"{where}: map without maxProperties"
                yield from self.problems(extra, f"{where}{{}}", seen)

    @staticmethod
    def _string_bounded(schema: Schema) -> bool:
        return (
            "maxLength" in schema
            or "enum" in schema
            or "const" in schema
            or schema.get("format") in BOUNDED_FORMATS
            or _bounded_pattern(schema.get("pattern", ""))
        )


def unbounded_inputs(spec: Schema) -> list[str]:
    """Each input of each operation that a client could make arbitrarily large."""
    walker = SchemaWalker(spec)
    found: list[str] = []
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            where = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                if parameter["in"] in ("query", "header"):
                    found += walker.problems(parameter.get("schema", {}), f"{where} {parameter['name']}")
            for media in operation.get("requestBody", {}).get("content", {}).values():
                found += walker.problems(media.get("schema", {}), f"{where} body")
    return found
