"""The rendered page in headless Chromium: live risk badges follow the service's semantics exactly.

The page's JavaScript evaluator is compared with ``publisher.riskexpr`` (the validator's truth
tables) by ticking checkboxes through every selection of several EKS questions, and by calling the
page's evaluator on every question of the lenses (also against the sandbox's scoring of answers)
and on generated conditions.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from publisher import riskexpr
from publisher.lensformat import RISK_LEVELS
from publisher.render import render_html
from publisher.sandbox.reviews import RISK_OF_RULE as SANDBOX_RISK
from publisher.sandbox.reviews import AnswerState
from publisher.sandbox.reviews import risk_of as sandbox_risk_of
from publisher.sources import compile_lens

from .conftest import EKS, EXAMPLE, REPO, hostile_lens

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = REPO / "test-artifacts"
CLICKED_QUESTIONS = ("eks_sec_cluster_access", "eks_cost_allocation", "eks_sec_workload_hardening")


def _unavailable(reason: str) -> None:
    """Skip, or fail where the browser test must run (WALENS_REQUIRE_BROWSER=1, as .ci/run sets)."""
    if os.environ.get("WALENS_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's /usr/bin/chromium when present, else Playwright's own build (GitHub's runners)."""
    try:
        from playwright import sync_api
    except ImportError:
        _unavailable("playwright is not installed (pip install -e .[dev])")
    with sync_api.sync_playwright() as playwright:
        executable = CHROMIUM if CHROMIUM.exists() else Path(playwright.chromium.executable_path)
        if not executable.exists():
            _unavailable(f"no Chromium at {CHROMIUM} nor Playwright's own (run .ci/browser-setup)")
        chromium = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Page:
    """A rendered lens opened from a file, recording script errors, dialogs and network requests."""

    def __init__(self, browser: Any, doc: dict[str, Any], folder: Path) -> None:
        path = folder / "lens.html"
        path.write_text(render_html(doc), encoding="utf-8")
        self.url = path.as_uri()
        self.page = browser.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.reload()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def reload(self) -> None:
        """Open the page afresh: nothing ticked, no request recorded but the page itself."""
        self.requests.clear()
        self.page.goto(self.url)

    def badge(self, question_id: str) -> str:
        return str(self.question(question_id).locator(".risk").get_attribute("data-risk"))

    def question(self, question_id: str) -> Any:
        return self.page.locator(f'article[data-question="{question_id}"]')

    def js_risks(self, rules: list[dict[str, str]], selections: list[list[str]]) -> list[str]:
        return list(self.page.evaluate(
            "([rules, selections]) => selections.map((ids) => window.walensRisk.riskOf(rules, ids))",
            [rules, selections]))


@pytest.fixture(scope="module")
def eks_doc() -> dict[str, Any]:
    return compile_lens(EKS).doc


@pytest.fixture(scope="module")
def eks_page_once(browser: Any, eks_doc: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    page = Page(browser, eks_doc, tmp_path_factory.mktemp("eks"))
    yield page
    page.page.close()


@pytest.fixture
def eks_page(eks_page_once: Page) -> Iterator[Page]:
    """The EKS page, freshly loaded for each test; no script error may happen during the test."""
    eks_page_once.reload()
    yield eks_page_once
    assert eks_page_once.errors == []


def _questions(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {q["id"]: q for p in doc["pillars"] for q in p["questions"]}


def expected(table: list[str | None], mask: int) -> str:
    """The badge for a selection: Unanswered with nothing ticked, else the truth table's risk."""
    if mask == 0:
        return "UNANSWERED"
    return table[mask] or "NO_RULE"


def gray_code(bits: int) -> Iterator[tuple[int, int]]:
    """(bit to flip, selection after the flip) visiting every non-empty selection once."""
    previous = 0
    for step in range(1, 1 << bits):
        current = step ^ (step >> 1)
        yield (previous ^ current).bit_length() - 1, current
        previous = current


@pytest.mark.parametrize("question_id", CLICKED_QUESTIONS)
def test_ticking_every_selection_matches_the_truth_table(eks_page: Page, eks_doc: dict[str, Any],
                                                         question_id: str) -> None:
    question = _questions(eks_doc)[question_id]
    choice_ids = [choice["id"] for choice in question["choices"]]
    table = riskexpr.truth_table(question["riskRules"], choice_ids)
    article = eks_page.question(question_id)
    assert eks_page.badge(question_id) == "UNANSWERED"
    seen = set()
    for bit, mask in gray_code(len(choice_ids)):
        article.locator(f'input[value="{choice_ids[bit]}"]').click(force=True)  # real clicks, no waiting
        badge = eks_page.badge(question_id)
        assert badge == expected(table, mask), f"{question_id}: selection {mask:b} shows {badge}"
        seen.add(badge)
    assert {"NO_RISK", "MEDIUM_RISK", "HIGH_RISK"} <= seen  # the walk really exercised every level
    if question_id == CLICKED_QUESTIONS[0]:
        ARTIFACTS.mkdir(exist_ok=True)
        article.scroll_into_view_if_needed()
        eks_page.page.screenshot(path=str(ARTIFACTS / "render-eks.png"))


def test_the_none_of_these_choice_counts_as_selected(eks_page: Page, eks_doc: dict[str, Any]) -> None:
    question = _questions(eks_doc)["eks_sec_cluster_access"]
    ids = [choice["id"] for choice in question["choices"]]
    article = eks_page.question("eks_sec_cluster_access")
    practices = ids[:-1]  # every choice but "None of these": the question's NO_RISK selection
    for choice_id in practices:
        article.locator(f'input[value="{choice_id}"]').check()
    assert eks_page.badge("eks_sec_cluster_access") == "NO_RISK"
    article.locator('input[value="sec_acc_no"]').check()
    assert eks_page.badge("eks_sec_cluster_access") == riskexpr.risk_of(question["riskRules"],
                                                                      frozenset([*practices, "sec_acc_no"]))


def test_page_evaluator_matches_riskexpr_and_the_sandbox_on_every_question(browser: Any, eks_page: Page,
                                                              eks_doc: dict[str, Any]) -> None:
    questions = [*_questions(eks_doc).values(), *_questions(compile_lens(EXAMPLE).doc).values()]
    assert len(questions) >= 20
    for question in questions:
        ids = [choice["id"] for choice in question["choices"]]
        table = riskexpr.truth_table(question["riskRules"], ids)
        selections = [[ids[i] for i in range(len(ids)) if mask >> i & 1] for mask in range(1 << len(ids))]
        got = eks_page.js_risks(question["riskRules"], selections)
        assert got == [expected(table, mask) for mask in range(1 << len(ids))], question["id"]
        answers = [sandbox_risk_of(question, AnswerState(selected=selection)) for selection in selections]
        assert [SANDBOX_RISK.get(risk, risk) for risk in got] == answers, question["id"]


def _random_condition(rng: random.Random, ids: list[str], depth: int = 0) -> str:
    roll = rng.random()
    if depth > 3 or roll < 0.35:
        return rng.choice(ids)
    if roll < 0.5:
        return f"!{_random_condition(rng, ids, depth + 1)}"
    if roll < 0.65:
        return f"( {_random_condition(rng, ids, depth + 1)} )"
    operator = rng.choice(["&&", "||", " && ", "\t||\n"])
    return f"{_random_condition(rng, ids, depth + 1)}{operator}{_random_condition(rng, ids, depth + 1)}"


def test_page_evaluator_matches_riskexpr_on_generated_rules(eks_page: Page) -> None:
    rng = random.Random(20261125)
    ids = ["a", "b", "c_no", "d1"]
    selections = [[ids[i] for i in range(4) if mask >> i & 1] for mask in range(16)]
    for _ in range(150):
        rules = [{"condition": _random_condition(rng, ids), "risk": risk}
                 for risk in rng.sample(RISK_LEVELS, rng.randint(1, 3))]
        if rng.random() < 0.5:
            rules.append({"condition": rng.choice(["default", " default "]), "risk": "HIGH_RISK"})
        table = riskexpr.truth_table(rules, ids)
        assert eks_page.js_risks(rules, selections) == [expected(table, m) for m in range(16)], rules


def test_page_and_riskexpr_agree_on_which_conditions_parse(eks_page: Page) -> None:
    conditions = ["a &", "a | b", "(a", "a)", "a b", "", "  ", "a && default", "default || a", "!", "a && (b ||)",
                  "a-b", "a é", "((a))", "!!a", "a&&!b", " default", "DEFAULT", "a\u00a0&& b",
                  "(" * riskexpr.MAX_DEPTH + "a" + ")" * riskexpr.MAX_DEPTH,
                  "(" * (riskexpr.MAX_DEPTH + 1) + "a" + ")" * (riskexpr.MAX_DEPTH + 1)]
    for condition in conditions:
        rules = [{"condition": condition, "risk": "NO_RISK"}, {"condition": "default", "risk": "HIGH_RISK"}]
        try:
            riskexpr.parse(condition)
            parses = True
        except riskexpr.ConditionError:
            parses = False
        [risk] = eks_page.js_risks(rules, [["a"]])
        assert (risk != "INVALID_RULE") == parses, repr(condition)


def test_navigation_and_pillar_tallies(eks_page: Page, eks_doc: dict[str, Any]) -> None:
    page = eks_page.page
    pillar = eks_doc["pillars"][2]
    page.locator(f'nav a[href="#pillar-{pillar["id"]}"]').click()
    assert page.evaluate("location.hash") == f"#pillar-{pillar['id']}"
    assert page.locator(f'section[id="pillar-{pillar["id"]}"] h2').is_visible()
    tally = page.locator(f'[data-tally-for="pillar-{pillar["id"]}"]')
    count = len(pillar["questions"])
    assert tally.inner_text() == f"0/{count} answered, 0 high, 0 medium"
    first = pillar["questions"][0]
    none_id = next(c["id"] for c in first["choices"] if c["id"].endswith("_no"))
    eks_page.question(first["id"]).locator(f'input[value="{none_id}"]').check()
    assert tally.inner_text() == f"1/{count} answered, 1 high, 0 medium"


def test_page_makes_no_request_besides_itself(eks_page: Page) -> None:
    eks_page.page.locator("article.question input").first.check()
    assert eks_page.requests == [eks_page.url]


def test_hostile_lens_text_never_runs_or_becomes_markup(browser: Any, tmp_path: Path) -> None:
    page = Page(browser, hostile_lens(), tmp_path)
    try:
        dom = page.page
        assert dom.evaluate("window.__pwned") is None
        assert dom.locator("img, svg").count() == 0
        assert dom.locator("script").count() == 2
        assert "<script>window.__pwned = 1</script>" in dom.locator("h1").inner_text()
        dom.locator("article.question input").first.check()
        dom.locator("details").first.evaluate("(element) => { element.open = true; }")
        assert dom.evaluate("window.__pwned") is None
        assert page.dialogs == [] and page.errors == []
        assert page.requests == [page.url]
    finally:
        page.page.close()


def _states(choice_ids: list[str]) -> Iterator[tuple[list[str], list[str]]]:
    """Every (ticked, not applicable) pair: each choice unticked, ticked or (but "None of these") not applicable."""
    def walk(index: int, ticked: list[str], na: list[str]) -> Iterator[tuple[list[str], list[str]]]:
        if index == len(choice_ids):
            yield ticked, na
            return
        choice = choice_ids[index]
        yield from walk(index + 1, ticked, na)
        yield from walk(index + 1, [*ticked, choice], na)
        if not choice.endswith("_no"):
            yield from walk(index + 1, ticked, [*na, choice])
    yield from walk(0, [], [])


def test_not_applicable_choices_score_as_the_sandbox_does(eks_page: Page, eks_doc: dict[str, Any]) -> None:
    questions = [*_questions(eks_doc).values(), *_questions(compile_lens(EXAMPLE).doc).values()]
    for question in questions:
        ids = [choice["id"] for choice in question["choices"]]
        if len(ids) > 6:
            continue
        ordinary = [choice for choice in ids if not choice.endswith("_no")]
        states = list(_states(ids))
        got = eks_page.page.evaluate(
            "([rules, states, ordinary]) => states.map(([t, n]) => window.walensRisk.riskOf(rules, t, n, ordinary))",
            [question["riskRules"], states, ordinary])
        want = [sandbox_risk_of(question, AnswerState(selected=t, not_applicable={c: {} for c in n}))
                for t, n in states]
        assert [SANDBOX_RISK.get(risk, "UNANSWERED" if risk == "NO_RULE" else risk) for risk in got] == want, \
            question["id"]


def test_marking_a_choice_not_applicable_unticks_it_and_the_risk_follows(eks_page: Page,
                                                                         eks_doc: dict[str, Any]) -> None:
    question = _questions(eks_doc)["eks_sec_cluster_access"]
    ordinary = [c["id"] for c in question["choices"] if not c["id"].endswith("_no")]
    article = eks_page.question(question["id"])
    article.locator(f'input[value="{ordinary[0]}"]').check()
    article.locator(f'input[data-na-for="{ordinary[0]}"]').check()
    assert not article.locator(f'input[value="{ordinary[0]}"]').is_checked()
    assert article.locator(f'input[value="{ordinary[0]}"]').is_disabled()
    assert eks_page.badge(question["id"]) == sandbox_expected(question, [], [ordinary[0]])
    for choice in ordinary:
        article.locator(f'input[data-na-for="{choice}"]').check()
    assert eks_page.badge(question["id"]) == "NO_RISK"  # every ordinary choice not applicable, nothing ticked
    assert article.locator("input[data-na-for$='_no']").count() == 0  # "None of these" cannot be not applicable


def sandbox_expected(question: dict[str, Any], ticked: list[str], na: list[str]) -> str:
    risk = sandbox_risk_of(question, AnswerState(selected=ticked, not_applicable={c: {} for c in na}))
    return {value: key for key, value in SANDBOX_RISK.items()}.get(risk, risk)


def test_answers_survive_a_reload_and_a_shared_link(browser: Any, eks_page: Page, eks_doc: dict[str, Any]) -> None:
    question = _questions(eks_doc)["eks_sec_cluster_access"]
    ids = [c["id"] for c in question["choices"]]
    article = eks_page.question(question["id"])
    article.locator(f'input[value="{ids[0]}"]').check()
    article.locator(f'input[value="{ids[1]}"]').check()
    article.locator(f'input[data-na-for="{ids[2]}"]').check()
    badge = eks_page.badge(question["id"])
    url = eks_page.page.url
    assert "#state=" in url
    eks_page.page.reload()
    assert article.locator(f'input[value="{ids[0]}"]').is_checked()
    assert article.locator(f'input[data-na-for="{ids[2]}"]').is_checked()
    assert eks_page.badge(question["id"]) == badge
    pillar = eks_doc["pillars"][0]
    eks_page.page.locator(f'nav a[href="#pillar-{pillar["id"]}"]').click()  # navigating keeps the answers
    assert eks_page.page.url == url
    shared = browser.new_page()
    try:
        shared.goto(url)
        assert shared.locator(f'article[data-question="{question["id"]}"] .risk').get_attribute("data-risk") == badge
    finally:
        shared.close()
    article.locator(f'input[value="{ids[0]}"]').uncheck()
    article.locator(f'input[value="{ids[1]}"]').uncheck()
    article.locator(f'input[data-na-for="{ids[2]}"]').uncheck()
    assert "#state=" not in eks_page.page.url


def test_phone_layout_folds_the_contents_and_keeps_the_risk_in_view(browser: Any, eks_doc: dict[str, Any],
                                                                    tmp_path: Path) -> None:
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        path = tmp_path / "lens.html"
        path.write_text(render_html(eks_doc), encoding="utf-8")
        phone.goto(path.as_uri())
        assert phone.locator("details.toc").evaluate("(toc) => toc.open") is False
        first = phone.locator("article.question").first
        assert first.bounding_box()["y"] < 844  # content on the first screen, not 34 links
        question = _questions(eks_doc)["eks_sec_cluster_access"]
        article = phone.locator(f'article[data-question="{question["id"]}"]')
        last = article.locator("label.tick").last
        last.scroll_into_view_if_needed()
        phone.evaluate("window.scrollBy(0, 0)")
        last.click()
        badge = article.locator(".risk").bounding_box()
        assert badge["y"] >= 0 and badge["y"] + badge["height"] <= 844  # the badge is on screen while ticking
        assert article.locator(".risk").get_attribute("data-risk") != "UNANSWERED"
        ARTIFACTS.mkdir(exist_ok=True)
        phone.screenshot(path=str(ARTIFACTS / "render-eks-phone.png"))
    finally:
        phone.close()


def test_only_resource_titles_are_links(eks_page: Page) -> None:
    texts = eks_page.page.locator("main a").all_inner_texts()
    assert texts and max(len(text) for text in texts) <= 80
    guidance = eks_page.page.locator(".choice details p").first.text_content() or ""
    assert len(guidance) > 80  # the guidance itself is plain text, its source a short link after it


def test_lens_ids_cannot_clobber_the_pages_own_elements(browser: Any, tmp_path: Path) -> None:
    doc = compile_lens(EXAMPLE).doc
    doc["pillars"][0]["id"] = "risk-rules"
    doc["pillars"][0]["questions"][0]["id"] = "risk-rules"
    page = Page(browser, doc, tmp_path)
    try:
        question = page.question("risk-rules")
        question.locator("label.tick input").first.check()
        assert page.badge("risk-rules") != "UNANSWERED"
        assert page.errors == []
    finally:
        page.page.close()
