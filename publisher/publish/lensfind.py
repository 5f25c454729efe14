"""Finding our lens in an account: by ARN when known, else by exact name, never by guessing.

Every list call loops over ``NextToken`` itself (the service ships no paginators).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from publisher.errors import Refused


def paginate(call: Any, result_key: str, **params: Any) -> Iterator[dict[str, Any]]:
    """Yield every item of a NextToken-paginated list operation."""
    token: str | None = None
    while True:
        page = call(**params, **({"NextToken": token} if token else {}))
        yield from page.get(result_key, [])
        token = page.get("NextToken")
        if not token:
            return


def normalised(name: str) -> str:
    """The service's uniqueness key for lens names: lower case, spaces removed."""
    return "".join(name.split()).lower()


@dataclass(frozen=True)
class LensState:
    """What the service says about our lens right now."""

    arn: str
    name: str
    published_version: str | None
    has_draft: bool


def _own_lenses(wa: Any, status: str) -> list[dict[str, Any]]:
    # PUBLISHED and DRAFT are asked separately: whether LensStatus=ALL lists a lens that has both
    # once or twice is not documented, and missing a draft would let an import overwrite it.
    return list(paginate(wa.list_lenses, "LensSummaries", LensType="CUSTOM_SELF", LensStatus=status,
                         MaxResults=50))


def find_lens(wa: Any, name: str, arn: str | None = None) -> LensState | None:
    """Our lens, or None when the account has none of that name (and no ARN was configured).

    Refuses when a lens with the same normalised name exists under another spelling: the
    service would reject a new import, and taking it over would be a guess.
    """
    published = _own_lenses(wa, "PUBLISHED")
    drafts = _own_lenses(wa, "DRAFT")
    if arn is None:
        exact = {s["LensArn"] for s in published + drafts if s.get("LensName") == name}
        if len(exact) > 1:
            raise Refused(f"{len(exact)} lenses are named {name!r}: {', '.join(sorted(exact))}; set lensArn "
                              "in walens.yaml")
        if not exact:
            clash = sorted({s["LensName"] for s in published + drafts
                            if normalised(s.get("LensName", "")) == normalised(name)})
            if clash:
                raise Refused(f"a lens named {clash[0]!r} exists, which the service treats as the same name as "
                                  f"{name!r}; rename the lens or set lensArn to that lens")
            return None
        arn = exact.pop()
    published_versions = [s.get("LensVersion") for s in published if s["LensArn"] == arn]
    has_draft = any(s["LensArn"] == arn for s in drafts)
    if not published_versions and not has_draft:
        raise Refused(f"configured lensArn {arn} is not a custom lens of this account")
    lens_name = next(s.get("LensName", name) for s in published + drafts if s["LensArn"] == arn)
    return LensState(arn=arn, name=lens_name, published_version=published_versions[0] if published_versions else None,
                     has_draft=has_draft)
