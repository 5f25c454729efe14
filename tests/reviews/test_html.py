"""``walens reviews --format html``: one self-contained page with inline SVG charts, everything escaped."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.review.test_render_browser import browser  # noqa: F401  (the fixture: skips, or fails under WALENS_REQUIRE_BROWSER=1)
from tests.reviews.conftest import OWNER_ACCOUNT, Fleet, walens

HOSTILE = "<img src=x onerror=alert(1)>"

IN_PROCESS = pytest.mark.parametrize("sandbox", ["in-process"], indirect=True)


@pytest.fixture
def page(fleet: Fleet, capsys: pytest.CaptureFixture[str]) -> Path:
    """The page of three workloads in two accounts, one of them named with markup."""
    a, b = fleet.members["a"], fleet.members["b"]
    fleet.workload(a, HOSTILE, {"gov_encryption": ["gov_enc_kms"], "gov_ownership": ["gov_own_no"]})
    fleet.workload(b, "search", {"gov_ownership": ["gov_own_tags", "gov_own_policy"]}, region="eu-west-1")
    fleet.workload(OWNER_ACCOUNT, "platform", {})
    out = fleet.project / "adoption.html"
    assert walens("reviews", "--format", "html", "--out", str(out)) == 0
    assert capsys.readouterr().out == ""
    return out


@IN_PROCESS
def test_page_is_self_contained_and_escaped(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert HOSTILE not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert not re.search(r"<script|<link|<img|<[^>]*\b(src|href)=|url\(|@import", html)
    assert "default-src 'none'" in html
    titles = re.findall(r"<svg[^>]*><title>([^<]+)</title>", html)
    assert titles == ["Risk by pillar", "Risk by question", "Workloads per lens version"]


@IN_PROCESS
@pytest.mark.browser
def test_page_in_chromium_draws_the_charts_and_loads_nothing(page: Path, browser: Any) -> None:  # noqa: F811
    tab = browser.new_page()
    errors: list[str] = []
    requests: list[str] = []
    dialogs: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("request", lambda request: requests.append(request.url))
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.goto(page.as_uri())
    assert (errors, dialogs, requests) == ([], [], [page.as_uri()])
    charts = tab.locator("svg")
    assert charts.count() == 3
    for index in range(3):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 0
    # risk by pillar: one pillar, stacked from the three workloads' six answers
    bars = charts.nth(0).locator("rect")
    pillar_bars = [bars.nth(i).text_content() for i in range(bars.count())]
    assert pillar_bars == [f"Data Governance (governance): {count}" for count in
                           ("1 high", "1 medium", "1 none", "3 unanswered")]  # the pillar's name first
    assert charts.nth(2).locator("rect").text_content() == "version 1.0: 3 workload(s)"
    assert tab.locator("td", has_text=HOSTILE).count() == 1  # shown as text, not markup
    tab.close()


@pytest.mark.slow
def test_the_chromium_test_never_skips_where_the_browser_is_required() -> None:
    """Under WALENS_REQUIRE_BROWSER=1 (as CI sets) the test above passes or fails, whatever is installed."""
    env = {**os.environ, "WALENS_REQUIRE_BROWSER": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "-p", "no:xdist",
         f"{Path(__file__)}::test_page_in_chromium_draws_the_charts_and_loads_nothing"],
        env=env, capture_output=True, text=True, timeout=300, check=False)
    summary = result.stdout.strip().splitlines()[-1]
    assert re.search(r"\b1 (passed|failed|error)\b", summary) and "skipped" not in summary, result.stdout
