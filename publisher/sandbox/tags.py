"""Resource tags, kept in moto's ``TaggingService``: at most 50 per lens or workload."""

from __future__ import annotations

from moto.utilities.tagging_service import TaggingService

from .exceptions import ValidationException

MAX_TAGS = 50


class ResourceTags(TaggingService):
    """moto's tag store with the service's per-resource limit, addressed with tag maps."""

    def check(self, arn: str, tags: dict[str, str] | None) -> None:
        """Refuse ``tags`` when ``arn`` would then hold more than 50 tags."""
        merged = {**self.get_tag_dict_for_resource(arn), **(tags or {})}
        if len(merged) > MAX_TAGS:
            raise ValidationException(
                f"Resource {arn} would have {len(merged)} tags; the maximum is {MAX_TAGS}.",
                fields=[{"Name": "Tags", "Message": f"at most {MAX_TAGS} tags per resource"}])

    def add(self, arn: str, tags: dict[str, str] | None) -> None:
        """Tag ``arn`` (within the limit)."""
        self.check(arn, tags)
        self.tag_resource(arn, self.convert_dict_to_tags_input(tags))
