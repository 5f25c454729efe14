"""Pagination of the EKS list operations this package adds, for moto's ``@paginate``.

EKS pages with ``maxResults`` (1-100) and ``nextToken``; a request without ``maxResults`` gets up
to 100 items (the modeled maximum).  ``unique_attribute`` names what identifies an item, so a
token survives items added or removed between calls.
"""

from __future__ import annotations

from typing import Any

PAGE_LIMIT = 100


def _model(*unique: str) -> dict[str, Any]:
    return {"input_token": "next_token", "limit_key": "max_results", "limit_default": PAGE_LIMIT,
            "unique_attribute": list(unique)}


PAGINATION_MODEL: dict[str, dict[str, Any]] = {
    "list_addons": _model("addonName"),
    "describe_addon_versions": _model("addonName"),
    "list_access_entries": _model("principalArn"),
    "list_associated_access_policies": _model("policyArn"),
    "list_access_policies": _model("arn"),
    "list_pod_identity_associations": _model("associationId"),
    "list_insights": _model("id"),
    "describe_cluster_versions": _model("clusterVersion"),
}
