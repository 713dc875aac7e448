"""Google's discovery document for Sheets v4, read as Google's JSON parser reads a request.

The document (``google/sheets.v4.json``, vendored from google-api-python-client; see
``google/SOURCE.md``) names every method's parameters, request body and response. The stand-in
parses each request against it before anything runs: an unknown field, a wrong type or an
unknown enum value is Google's 400, worded as Google words it. The same walk checks every
answer the stand-in gives (``conformance``), so a shape the real API would never send is caught
where it is made rather than trusted by the bot.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any, NamedTuple

DOCUMENT = Path(__file__).with_name("google") / "sheets.v4.json"

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")
_INT = re.compile(r"^-?\d+$")
_FLOAT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_TYPE_NAMES = {
    ("string", None): "TYPE_STRING",
    ("integer", "int32"): "TYPE_INT32",
    ("integer", "uint32"): "TYPE_UINT32",
    ("string", "int64"): "TYPE_INT64",
    ("number", "double"): "TYPE_DOUBLE",
    ("number", "float"): "TYPE_FLOAT",
    ("boolean", None): "TYPE_BOOL",
}
# The proto enum a field's values come from, where its name is not the field's own.
_ENUM_NAMES = {"majorDimension": "Dimension", "responseValueRenderOption": "ValueRenderOption",
               "responseDateTimeRenderOption": "DateTimeRenderOption", "valueRenderOption":
               "ValueRenderOption", "dateTimeRenderOption": "DateTimeRenderOption"}  # fmt: skip


class Method(NamedTuple):
    id: str
    http: str
    request: str | None  # the schema of its body, if it takes one
    response: str | None
    parameters: dict[str, dict]  # query parameters, the document's global ones included


@functools.cache
def document() -> dict[str, Any]:
    return json.loads(DOCUMENT.read_text(encoding="utf-8"))


def schema(name: str) -> dict[str, Any]:
    return document()["schemas"][name]


def fields(name: str) -> dict[str, dict]:
    """The properties of one message, by their JSON names."""
    return schema(name).get("properties", {})


def child_message(spec: dict) -> str | None:
    """The message a property holds (itself, or as the items of a list or map), if any."""
    while True:
        if "$ref" in spec:
            return spec["$ref"]
        if spec.get("type") == "array":
            spec = spec["items"]
        elif spec.get("type") == "object" and "additionalProperties" in spec:
            spec = spec["additionalProperties"]
        else:
            return None


@functools.cache
def method(name: str) -> Method:
    """``spreadsheets.values.batchGet`` and the like: the stand-in's route names."""
    parts = name.split(".")
    node: dict[str, Any] = document()
    for part in parts[:-1]:
        node = node["resources"][part]
    spec = node["methods"][parts[-1]]
    query = {k: v for k, v in spec.get("parameters", {}).items() if v.get("location") == "query"}
    return Method(
        spec["id"],
        spec["httpMethod"],
        (spec.get("request") or {}).get("$ref"),
        (spec.get("response") or {}).get("$ref"),
        {**document()["parameters"], **query},
    )


def snake(name: str) -> str:
    return _CAMEL.sub("_", name).lower()


def type_url(name: str) -> str:
    return f"type.googleapis.com/google.apps.sheets.v4.{name}"


# --- bodies ---------------------------------------------------------------------------------


class Walk:
    """One pass over a JSON value against a message, collecting Google-worded errors.

    ``coerce`` does what Google's parser does to a request: numeric strings become numbers and
    JSON nulls leave a field unset (both in place). ``sample`` bounds the items looked at in a
    long list (its first ``sample`` and its last): the stand-in's answers are made by one piece
    of code per shape, so a 50,000-row read need not be walked cell by cell to be checked.
    """

    def __init__(self, coerce: bool = False, sample: int | None = None):
        self.coerce = coerce
        self.sample = sample
        self.errors: list[str] = []

    def message(self, obj: Any, name: str, path: str = "") -> None:
        if not isinstance(obj, dict):
            self.errors.append(f"Invalid value at '{path}' ({type_url(name)}), {show(obj)}")
            return
        known = fields(name)
        for key, value in list(obj.items()):
            if value is None:
                if self.coerce:
                    del obj[key]  # JSON null leaves a field unset, as in proto3 JSON
                continue
            spec = known.get(key)
            if spec is None:
                where = f" at '{path}'" if path else ""
                self.errors.append(
                    f'Invalid JSON payload received. Unknown name "{key}"{where}: Cannot find field.'
                )
                continue
            child = f"{path}.{snake(key)}" if path else snake(key)
            self.value(obj, key, value, spec, child)

    def value(self, parent: Any, key: Any, value: Any, spec: dict, path: str) -> None:
        if "$ref" in spec:
            self.message(value, spec["$ref"], path)
            return
        kind = spec.get("type")
        if kind == "any":
            return
        if kind == "array":
            self._list(value, spec, path, key)
        elif kind == "object":
            self._map(value, spec, path)
        elif "enum" in spec:
            if value not in spec["enum"]:
                enum = _ENUM_NAMES.get(str(key), str(key)[:1].upper() + str(key)[1:])
                self.errors.append(f"Invalid value at '{path}' ({type_url(enum)}), {show(value)}")
        else:
            self._scalar(parent, key, value, spec, path)

    def _list(self, value: Any, spec: dict, path: str, key: Any) -> None:
        items = spec["items"]
        if not isinstance(value, list):
            self.errors.append(f"Invalid value at '{path}' ({describe(items)}), {show(value)}")
            return
        indexes: Any = range(len(value))
        if self.sample is not None and len(value) > self.sample + 1:
            indexes = [*range(self.sample), len(value) - 1]
        for i in indexes:
            self.value(value, key if "enum" in items else i, value[i], items, f"{path}[{i}]")

    def _map(self, value: Any, spec: dict, path: str) -> None:
        if not isinstance(value, dict):
            self.errors.append(f"Invalid value at '{path}' (map), {show(value)}")
            return
        items = spec.get("additionalProperties", {"type": "any"})
        for k in list(value):
            self.value(value, k, value[k], items, f"{path}[{k}]")

    def _scalar(self, parent: Any, key: Any, value: Any, spec: dict, path: str) -> None:
        kind, fmt = spec.get("type"), spec.get("format")
        if kind == "string" and fmt == "int64":
            ok = (isinstance(value, int) and not isinstance(value, bool)) or (
                isinstance(value, str) and bool(_INT.match(value))
            )
        elif kind == "string":
            ok = isinstance(value, str)
        elif kind == "boolean":
            ok = isinstance(value, bool)
        elif kind == "integer":
            ok = isinstance(value, int) and not isinstance(value, bool)
            if not ok and self.coerce and isinstance(value, str) and _INT.match(value):
                parent[key], ok = int(value), True
        elif kind == "number":
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            if not ok and self.coerce and isinstance(value, str) and _FLOAT.match(value):
                parent[key], ok = float(value), True
        else:
            ok = False
        if not ok:
            self.errors.append(f"Invalid value at '{path}' ({describe(spec)}), {show(value)}")


def describe(spec: dict) -> str:
    if "$ref" in spec:
        return type_url(spec["$ref"])
    fmt = (
        spec.get("format")
        if spec.get("format") in ("int32", "uint32", "int64", "double", "float")
        else None
    )
    return _TYPE_NAMES.get((spec.get("type"), fmt), "TYPE_STRING")


def show(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value)[:80]
    return str(value)


def body_errors(obj: Any, name: str, coerce: bool = False, sample: int | None = None) -> list[str]:
    walk = Walk(coerce, sample)
    walk.message(obj, name)
    return walk.errors


# --- query strings --------------------------------------------------------------------------

_BOOLEANS = ("true", "false", "True", "False", "1", "0")


def query_errors(found: Method, query: dict[str, list[str]]) -> list[str]:
    """Google's query binding: every name a parameter of the method, every value of its type."""
    errors = []
    for name, values in query.items():
        spec = found.parameters.get(name)
        if spec is None:
            errors.append(
                f'Invalid JSON payload received. Unknown name "{name}": Cannot bind query parameter. '
                f"Field '{name}' could not be found in request message."
            )
            continue
        for value in values:
            bad = (
                ("enum" in spec and value not in spec["enum"])
                or (spec.get("type") == "boolean" and value not in _BOOLEANS)
                or (spec.get("type") == "integer" and not _INT.match(value))
            )
            if bad:
                kind = (
                    type_url(_ENUM_NAMES.get(name, name[:1].upper() + name[1:]))
                    if "enum" in spec
                    else describe(spec)
                )
                errors.append(f"Invalid value at '{snake(name)}' ({kind}), \"{value}\"")
    return errors


# --- Google's error body (google.rpc.Status, not in the document) ------------------------------

_STATUSES = {
    "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
    "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
    "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
}  # fmt: skip


def error_body_errors(body: Any, status: int) -> list[str]:
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict) or set(body) != {"error"}:
        return [f"an error answer is not {{'error': {{...}}}}: {show(body)}"]
    problems = []
    if error.get("code") != status:
        problems.append(f"error.code {error.get('code')!r} is not the HTTP status {status}")
    if not isinstance(error.get("message"), str):
        problems.append("error.message is not a string")
    if error.get("status") not in _STATUSES:
        problems.append(f"error.status {error.get('status')!r} is not a google.rpc.Code")
    if set(error) - {"code", "message", "status", "details"}:
        problems.append(
            f"error has fields Google never sends: {sorted(set(error) - {'code', 'message', 'status', 'details'})}"
        )
    if "details" in error and not isinstance(error["details"], list):
        problems.append("error.details is not a list")
    return problems
