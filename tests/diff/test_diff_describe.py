"""Word diffs and value summaries used by the text and Markdown reports."""

from __future__ import annotations

from publisher.diff.describe import TERMINAL_MARKERS, show_value, word_diff
from publisher.diff.render_markdown import HTML_MARKERS, escape


def test_word_diff_keeps_context_around_each_change() -> None:
    before = ("Known hard failure scenarios should have runbooks built that on-call engineers can leverage "
              "in the event of occurance. Links to the runbooks belong in the notes.")
    after = before.replace("runbooks built", "playbooks built").replace("occurance", "occurrence")
    assert word_diff(before, after, TERMINAL_MARKERS, context=3) == (
        "… scenarios should have[- runbooks-]{+ playbooks+} built that on-call… the event of"
        "[- occurance.-]{+ occurrence.+} Links to the…")


def test_word_diff_of_whitespace_only_changes() -> None:
    assert word_diff("weigh traffic  out", "weigh traffic out", TERMINAL_MARKERS) == "(only whitespace changed)"


def test_markdown_word_diff_escapes_text_but_not_its_markers() -> None:
    assert word_diff("use a|b", "use a|c", HTML_MARKERS, escape) == "use<del> a\\|b</del><ins> a\\|c</ins>"


def test_show_value() -> None:
    assert show_value(None) == "(absent)"
    assert show_value(["a", "b"]) == "a, b"
    assert show_value([{"condition": "a && b", "risk": "NO_RISK"}, {"condition": "default", "risk": "HIGH_RISK"}]) \
        == "NO_RISK: a && b; HIGH_RISK: default"
    assert show_value("x" * 200).endswith("…") and len(show_value("x" * 200)) == 160
