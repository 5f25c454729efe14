"""Markdown to plain text, and plain text back to Markdown."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.sources.markdown_text import from_text, parse_blocks, to_text


def test_flattening_rules() -> None:
    markdown = ("Intro *em* **strong** `code` [docs](https://d.test/x) <https://a.test>\nwrapped\\\nhard\n\n"
                "- one\n- two\n  - nested\n\n3. three\n4. four\n\n> quoted\n\n```\nverbatim  code\n```")
    assert to_text(markdown) == (
        "Intro em strong code docs (https://d.test/x) https://a.test wrapped\nhard\n\n"
        "- one\n- two\n  - nested\n\n3. three\n4. four\n\nquoted\n\nverbatim  code")


def test_trailing_autolink_paragraph_is_marked() -> None:
    blocks = parse_blocks("Text.\n\n<https://docs.test/page?a=1>\n")
    assert blocks[-1].autolink == "https://docs.test/page?a=1"
    assert parse_blocks("See <https://x.test> here")[0].autolink is None


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=80))
@settings(max_examples=300)
def test_from_text_round_trips_or_declines(text: str) -> None:
    markdown = from_text(text)
    if markdown is not None:
        assert to_text(markdown) == text


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)


@st.composite
def inline(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        word = draw(WORD)
        style = draw(st.sampled_from(["plain", "em", "strong", "code", "link"]))
        parts.append({"plain": word, "em": f"*{word}*", "strong": f"**{word}**", "code": f"`{word}`",
                      "link": f"[{word}](https://{word}.test/p)"}[style])
    return " ".join(parts)


@st.composite
def markdown_documents(draw: st.DrawFn) -> str:
    blocks = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["para", "list", "olist"]))
        if kind == "para":
            blocks.append(draw(inline()))
        else:
            items = draw(st.lists(inline(), min_size=1, max_size=3))
            marker = "- " if kind == "list" else "1. "
            blocks.append("\n".join(marker + item for item in items))
    return "\n\n".join(blocks)


@given(markdown_documents())
def test_conversion_is_idempotent_on_its_own_output(markdown: str) -> None:
    once = to_text(markdown)
    assert to_text(once) == once


# --- lists: plain-text lines starting with "- ", separated by "\n" --------------------------------

def test_list_items_are_lines_starting_with_a_dash() -> None:
    assert to_text("Intro.\n\n- one\n- two\n* three\n+ four") == "Intro.\n\n- one\n- two\n\n- three\n\n- four"
    assert to_text("- one\n- two\n\n  - nested\n- three") == "- one\n- two\n  - nested\n- three"


def test_list_directly_under_its_lead_in_stays_attached() -> None:
    markdown = "Write policies that:\n- require requests,\n- allow GPUs only where approved."
    assert to_text(markdown) == "Write policies that:\n- require requests,\n- allow GPUs only where approved."
    assert len(parse_blocks(markdown)) == 1
    # a blank line keeps them separate paragraphs
    assert to_text("Lead in:\n\n- one") == "Lead in:\n\n- one"


def test_unindented_line_after_an_item_starts_a_new_line() -> None:
    markdown = ("Write policies that:\n- require requests,\n- warn on do-not-disrupt.\n"
                "Start in audit mode,\nthen enforce.")
    assert to_text(markdown) == ("Write policies that:\n- require requests,\n- warn on do-not-disrupt.\n"
                                 "Start in audit mode, then enforce.")


def test_indented_continuation_stays_in_the_item() -> None:
    assert to_text("- one\n  continued\n- two") == "- one continued\n- two"
    assert to_text("1. one\n   continued\n2. two") == "1. one continued\n2. two"
    assert to_text("- outer\n  - inner\n    more\n- next") == "- outer\n  - inner more\n- next"


def test_lazy_line_in_a_middle_item_is_kept_on_its_own_line() -> None:
    assert to_text("- one\nlazy words\n- two") == "- one\nlazy words\n- two"


def test_cost_gov_policy_shape_round_trips_through_the_decompiler() -> None:
    text = "Write admission policies that:\n- require requests,\n- warn on annotations.\nStart in audit mode."
    assert to_text(text) == text
    assert from_text(text) == text


@st.composite
def documents_with_lists(draw: st.DrawFn) -> str:
    blocks = []
    for _ in range(draw(st.integers(1, 4))):
        lead = draw(inline())
        items = draw(st.lists(inline(), min_size=1, max_size=3))
        tail = draw(st.one_of(st.none(), inline()))
        block = lead + "\n" + "\n".join("- " + item for item in items)
        if tail is not None:
            block += "\n" + tail
        blocks.append(block)
    return "\n\n".join(blocks)


@given(documents_with_lists())
def test_lists_with_lead_ins_and_lazy_lines_are_idempotent(markdown: str) -> None:
    once = to_text(markdown)
    assert to_text(once) == once
