"""Pagination model of the list operations, for moto's ``@paginate`` (moto layout: ``<service>/utils.py``).

``limit_default`` is the operation's modeled maximum ``MaxResults``, used when a request sends none.
``unique_attribute`` names the members that identify an item, so a page token survives items
added or removed between calls.
"""

from __future__ import annotations

from typing import Any


def _model(limit: int, *unique: str) -> dict[str, Any]:
    return {"input_token": "next_token", "limit_key": "max_results", "limit_default": limit,
            "unique_attribute": list(unique)}


PAGINATION_MODEL: dict[str, dict[str, Any]] = {
    "list_lenses": _model(50, "LensArn", "LensStatus"),
    "list_lens_shares": _model(50, "ShareId"),
    "list_share_invitations": _model(50, "ShareInvitationId"),
    "list_notifications": _model(50, "ResourceArn", "LensArn"),
    "list_workloads": _model(50, "WorkloadId"),
    "list_lens_reviews": _model(50, "LensArn"),
    "list_answers": _model(50, "QuestionId"),
    "list_lens_review_improvements": _model(100, "QuestionId"),
    "list_milestones": _model(50, "MilestoneNumber"),
    "consolidated_metrics": _model(15, "WorkloadId"),
}
