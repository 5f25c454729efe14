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
