"""Modeled ``wellarchitected`` errors.

Each class is a moto ``ServiceException`` whose ``code`` is the error shape name in botocore's
service model, so moto's serializer emits the modeled HTTP status and members and botocore raises
``client.exceptions.<code>`` on the client side.
"""

from __future__ import annotations

from moto.core.exceptions import ServiceException

SERVICE_CODE = "wellarchitected"


class ValidationException(ServiceException):
    """HTTP 400; ``Reason`` and ``Fields`` say which input field failed and why."""

    code = "ValidationException"

    def __init__(self, message: str, *, reason: str = "FIELD_VALIDATION_FAILED",
                 fields: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.fields = fields or []


class ResourceNotFoundException(ServiceException):
    """HTTP 404 for a lens, share, invitation, workload or answer that does not exist."""

    code = "ResourceNotFoundException"

    def __init__(self, message: str, resource_id: str, resource_type: str) -> None:
        super().__init__(message)
        self.resource_id = resource_id
        self.resource_type = resource_type


class ConflictException(ServiceException):
    """HTTP 409: the request conflicts with the current state of the resource."""

    code = "ConflictException"

    def __init__(self, message: str, resource_id: str, resource_type: str) -> None:
        super().__init__(message)
        self.resource_id = resource_id
        self.resource_type = resource_type


class ServiceQuotaExceededException(ServiceException):
    """HTTP 402: an account or lens quota is used up."""

    code = "ServiceQuotaExceededException"

    def __init__(self, message: str, quota_code: str, resource_type: str) -> None:
        super().__init__(message)
        self.quota_code = quota_code
        self.service_code = SERVICE_CODE
        self.resource_type = resource_type


class AccessDeniedException(ServiceException):
    """HTTP 403: the caller's account may not perform this operation on the resource."""

    code = "AccessDeniedException"


class ThrottlingException(ServiceException):
    """HTTP 429; only raised by fault injection."""

    code = "ThrottlingException"

    def __init__(self, message: str = "Rate exceeded") -> None:
        super().__init__(message)
        self.service_code = SERVICE_CODE


class InternalServerException(ServiceException):
    """HTTP 500; only raised by fault injection."""

    code = "InternalServerException"

    def __init__(self, message: str = "Internal server error (injected fault)") -> None:
        super().__init__(message)
