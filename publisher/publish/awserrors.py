"""Turning AWS and walens exceptions into one line a user can act on."""

from __future__ import annotations

from typing import Any


def error_code(exc: BaseException) -> str | None:
    """The service error code of a botocore ClientError, else None."""
    response: Any = getattr(exc, "response", None)
    return response.get("Error", {}).get("Code") if isinstance(response, dict) else None


def is_not_found(exc: BaseException) -> bool:
    return error_code(exc) == "ResourceNotFoundException"


def describe(exc: BaseException) -> str:
    """One line: the operation and service message for AWS errors, the message for ours."""
    message = getattr(exc, "message", None)
    code = error_code(exc)
    if code is not None:
        response: Any = getattr(exc, "response", {})
        operation = getattr(exc, "operation_name", "call")
        return f"{operation} failed: {code}: {response.get('Error', {}).get('Message', '')}".rstrip(": ")
    if isinstance(message, str) and message:
        return message
    text = str(exc) or type(exc).__name__
    return text if type(exc).__module__.startswith("botocore") else f"{type(exc).__name__}: {text}"
