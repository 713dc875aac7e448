"""Read a Web API call the way Slack does: token, encoding and arguments.

Slack takes the token from `Authorization: Bearer` or from a `token` form field (never from a
JSON body or, for apps created since 2021, the query string), arguments from the query string, a form body or a JSON body, and reads JSON
bodies only for the methods whose reference lists `application/json`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qsl

from sandbox.slack.api_error import ApiError

_TRUE = {"1", "true", "yes"}
_FALSE = {"0", "false", "no", ""}


class Args(dict):
    """The arguments of one call, with readers that apply Slack's lenient typing."""

    def text(self, name: str) -> str | None:
        value = self.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, (dict, list)):
            raise ApiError("invalid_arguments", messages=[f"[ERROR] expected a string: {name}"])
        return str(value)

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.get(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        lowered = str(value).strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ApiError("invalid_arguments", messages=[f"[ERROR] expected a boolean: {name}"])

    def integer(self, name: str, default: int | None = None) -> int | None:
        value = self.get(name)
        if value is None or value == "":
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ApiError(
                "invalid_arguments", messages=[f"[ERROR] expected an integer: {name}"]
            ) from None

    def structured(self, name: str, *, error: str) -> Any:
        """A JSON argument: a URL-encoded JSON string in forms, a value in JSON bodies."""
        value = self.get(name)
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            raise ApiError(error, messages=[f"[ERROR] {name} is not valid JSON"]) from None


@dataclass
class ApiRequest:
    token: str | None
    args: Args


def read_api_request(
    headers: dict[str, str], query: str, body: bytes, *, accepts_json: bool
) -> ApiRequest:
    """Token and arguments of a call; `headers` keys are lower case."""
    args = Args(parse_qsl(query, keep_blank_values=True))
    # Apps created since 2021 may not send the token in the query string; Slack ignores it there.
    args.pop("token", None)
    args.update(_body_args(headers, body, accepts_json))
    form_token = args.pop("token", None)
    token = _bearer(headers.get("authorization", "")) or form_token or None
    return ApiRequest(token=token, args=args)


def _bearer(value: str) -> str | None:
    scheme, _, credential = value.partition(" ")
    if scheme.lower() == "bearer" and credential.strip():
        return credential.strip()
    return None


def _body_args(headers: dict[str, str], body: bytes, accepts_json: bool) -> dict[str, Any]:
    if not body:
        return {}
    content_type = headers.get("content-type", "")
    media = content_type.split(";")[0].strip().lower()
    if not media:
        raise ApiError("missing_post_type")
    if media == "application/x-www-form-urlencoded":
        return _form(body)
    if media == "application/json":
        return _json_body(body) if accepts_json else {}
    if media == "multipart/form-data":
        return _multipart(content_type, body)
    raise ApiError("invalid_post_type")


def _form(body: bytes) -> dict[str, Any]:
    try:
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=True))
    except (UnicodeDecodeError, ValueError):
        raise ApiError("invalid_form_data") from None


def _json_body(body: bytes) -> dict[str, Any]:
    try:
        parsed = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ApiError("invalid_json") from None
    if not isinstance(parsed, dict):
        raise ApiError("json_not_object")
    # JSON bodies never carry the token: Slack reads it from the Authorization header only.
    parsed.pop("token", None)
    return parsed


def _multipart(content_type: str, body: bytes) -> dict[str, Any]:
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise ApiError("invalid_form_data")
    fields: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        payload = part.get_payload(decode=True) or b""
        is_file = part.get_filename() is not None
        fields[name] = payload if is_file else payload.decode("utf-8", "replace")
    return fields
