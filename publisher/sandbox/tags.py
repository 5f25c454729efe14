"""Resource tags: at most 50 per lens or workload."""

from __future__ import annotations

from .exceptions import ValidationException

MAX_TAGS = 50


def merged_tags(current: dict[str, str], tags: dict[str, str], arn: str) -> dict[str, str]:
    """``current`` updated with ``tags``, refused when the resource would hold more than 50."""
    merged = {**current, **tags}
    if len(merged) > MAX_TAGS:
        raise ValidationException(
            f"Resource {arn} would have {len(merged)} tags; the maximum is {MAX_TAGS}.",
            fields=[{"Name": "Tags", "Message": f"at most {MAX_TAGS} tags per resource"}])
    return merged
