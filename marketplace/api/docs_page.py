"""The OpenAPI document made readable: the plain structures ``api/docs.html`` shows
(operations by tag, their parameters, bodies and answers; the schemas' fields)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class Field_:
    name: str
    type: str
    required: bool
    description: str = ""
    where: str = ""


@dataclass
class Answer:
    status: str
    description: str
    schema: str | None
    headers: list[str] = field(default_factory=list)


@dataclass
class Operation:
    method: str
    path: str
    operation_id: str
    summary: str
    description: str
    parameters: list[Field_] = field(default_factory=list)
    body: str | None = None
    answers: list[Answer] = field(default_factory=list)
    secured: bool = True

    @property
    def anchor(self) -> str:
        return f"op-{self.operation_id}"


@dataclass
class Schema:
    name: str
    description: str
    fields: list[Field_]


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def type_of(schema: dict[str, Any]) -> str:
    """A short type for a JSON Schema: ``string``, ``integer or null``, ``list of X``."""
    if "$ref" in schema:
        return _ref_name(schema["$ref"])
    if "anyOf" in schema:
        return " | ".join(type_of(part) for part in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(f'"{value}"' for value in schema["enum"])
    if "const" in schema:
        return f'"{schema["const"]}"'
    kind = schema.get("type", "any")
    if kind == "array":
        return f"[{type_of(schema.get('items', {}))}]"
    if schema.get("format"):
        return f"{kind} ({schema['format']})"
    return str(kind)


def _body_schema(content: dict[str, Any]) -> str | None:
    for media in content.values():
        ref = media.get("schema", {}).get("$ref")
        if ref:
            return _ref_name(ref)
    return None


def operations_by_tag(document: dict[str, Any]) -> list[tuple[str, list[Operation]]]:
    global_security = bool(document.get("security"))
    groups: dict[str, list[Operation]] = {}
    for path, item in sorted(document.get("paths", {}).items()):
        for method in _METHODS:
            raw = item.get(method)
            if raw is None:
                continue
            operation = Operation(
                method=method.upper(), path=path, operation_id=raw.get("operationId", ""),
                summary=raw.get("summary", ""), description=raw.get("description", ""),
                secured=bool(raw.get("security", global_security)),
                body=_body_schema(raw.get("requestBody", {}).get("content", {})),
            )
            for parameter in raw.get("parameters", []):
                operation.parameters.append(Field_(
                    name=parameter["name"], type=type_of(parameter.get("schema", {})),
                    required=bool(parameter.get("required")),
                    description=parameter.get("description", "")
                    or parameter.get("schema", {}).get("description", ""),
                    where=parameter.get("in", "")))
            for status, answer in sorted(raw.get("responses", {}).items()):
                operation.answers.append(Answer(status, answer.get("description", ""),
                                                _body_schema(answer.get("content", {})),
                                                list(answer.get("headers", {}))))
            for tag in raw.get("tags") or ["api"]:
                groups.setdefault(tag, []).append(operation)
    return sorted(groups.items())


def schemas(document: dict[str, Any]) -> list[Schema]:
    found = []
    for name, schema in sorted(document.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        found.append(Schema(name, schema.get("description", ""), [
            Field_(field_name, type_of(field_schema), field_name in required,
                   field_schema.get("description", ""))
            for field_name, field_schema in schema.get("properties", {}).items()
        ] if "properties" in schema else [Field_("", type_of(schema), True)]))
    return found
