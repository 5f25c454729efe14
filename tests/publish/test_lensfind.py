"""Finding the lens: NextToken pagination, exact names, normalised-name clashes, configured ARNs."""

from __future__ import annotations

from typing import Any

import pytest

from publisher.errors import WalensError
from publisher.publish.lensfind import find_lens, normalised, paginate

ARN = "arn:aws:wellarchitected:us-east-1:123456789012:lens/{}"


class PagedLenses:
    """A ``list_lenses`` that serves two summaries per page and records every request."""

    def __init__(self, summaries: list[dict[str, Any]]) -> None:
        self.summaries = summaries
        self.requests: list[dict[str, Any]] = []

    def list_lenses(self, **params: Any) -> dict[str, Any]:
        self.requests.append(params)
        wanted = [s for s in self.summaries if s["LensStatus"] == params["LensStatus"]]
        start = int(params.get("NextToken", 0))
        page: dict[str, Any] = {"LensSummaries": wanted[start:start + 2]}
        if start + 2 < len(wanted):
            page["NextToken"] = str(start + 2)
        return page


def summary(name: str, lens_id: str, status: str = "PUBLISHED", version: str | None = "1.0") -> dict[str, Any]:
    return {"LensArn": ARN.format(lens_id), "LensName": name, "LensStatus": status, "LensVersion": version}


def test_paginate_follows_next_token() -> None:
    lenses = PagedLenses([summary(f"Lens {i}", str(i)) for i in range(5)])
    names = [s["LensName"] for s in paginate(lenses.list_lenses, "LensSummaries", LensStatus="PUBLISHED")]
    assert names == [f"Lens {i}" for i in range(5)]
    assert [r.get("NextToken") for r in lenses.requests] == [None, "2", "4"]


def test_finds_the_exact_name_on_a_later_page_with_its_draft() -> None:
    lenses = PagedLenses([*(summary(f"Other {i}", f"o{i}") for i in range(4)), summary("EKS Lens", "a", version="1.2"),
                          summary("EKS Lens", "a", "DRAFT", None)])
    state = find_lens(lenses, "EKS Lens")
    assert state is not None
    assert (state.arn, state.published_version, state.has_draft) == (ARN.format("a"), "1.2", True)
    assert all(r["LensType"] == "CUSTOM_SELF" for r in lenses.requests)


def test_absent_lens_is_none() -> None:
    assert find_lens(PagedLenses([summary("Other", "o")]), "EKS Lens") is None


def test_a_normalised_name_clash_is_refused() -> None:
    with pytest.raises(WalensError, match="'eks lens' exists, which the service treats as the same name"):
        find_lens(PagedLenses([summary("eks lens", "x")]), "EKS Lens")
    assert normalised(" EKS  Lens ") == "ekslens"


def test_two_lenses_with_the_exact_name_are_refused() -> None:
    with pytest.raises(WalensError, match="2 lenses are named 'EKS Lens'"):
        find_lens(PagedLenses([summary("EKS Lens", "a"), summary("EKS Lens", "b", "DRAFT", None)]), "EKS Lens")


def test_configured_arn_wins_over_the_name() -> None:
    lenses = PagedLenses([summary("EKS Lens", "a"), summary("Renamed", "b", version="3")])
    state = find_lens(lenses, "EKS Lens", ARN.format("b"))
    assert state is not None and (state.name, state.published_version) == ("Renamed", "3")
    with pytest.raises(WalensError, match="is not a custom lens of this account"):
        find_lens(lenses, "EKS Lens", ARN.format("zzz"))
