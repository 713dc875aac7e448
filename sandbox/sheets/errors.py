"""Google-shaped API errors: ``{"error": {"code", "message", "status"}}``."""

from __future__ import annotations

from typing import Any

STATUS_BY_CODE = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    408: "DEADLINE_EXCEEDED",
    409: "ABORTED",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    502: "UNAVAILABLE",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}

DEFAULT_MESSAGE = {
    400: "Request contains an invalid argument.",
    401: "Request is missing required authentication credential.",
    403: "The caller does not have permission",
    404: "Requested entity was not found.",
    408: "Deadline expired before operation could complete.",
    409: "The operation was aborted.",
    500: "Internal error encountered.",
    501: "Operation is not implemented, or supported, or enabled.",
    502: "Bad gateway.",
    503: "The service is currently unavailable.",
    504: "Deadline expired before operation could complete.",
}


class ApiError(Exception):
    """An error the stand-in answers with, in Google's JSON error shape."""

    def __init__(self, code: int, message: str | None = None, details: list | None = None):
        self.code = code
        self.message = message or DEFAULT_MESSAGE.get(code, "Error")
        self.details = details
        super().__init__(f"{code} {self.message}")

    @property
    def status(self) -> str:
        return STATUS_BY_CODE.get(self.code, "UNKNOWN")

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message, "status": self.status}
        if self.details:
            error["details"] = self.details
        return {"error": error}


def invalid(message: str) -> ApiError:
    """400 INVALID_ARGUMENT, the answer to anything Google would refuse."""
    return ApiError(400, message)


def not_found() -> ApiError:
    return ApiError(404, "Requested entity was not found.")


def unsupported(what: str) -> ApiError:
    """A real Sheets feature this stand-in does not model: refused loudly, never ignored."""
    return ApiError(400, f"{what} is not supported by the Sheets stand-in.")
