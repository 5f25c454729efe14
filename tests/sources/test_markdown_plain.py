"""The plain-Markdown reader and markdown-it split lens bodies into the same blocks.

``parse_blocks`` reads a body in the plain subset without markdown-it (``markdown_plain``). These
tests hold the two readers to the same blocks on every question body of the shipped and test
lenses, on generated Markdown built from the pieces that make CommonMark differ (hypothesis), and
on cases written at the edges of the subset; and check that every body of the shipped EKS lens is
read by the plain reader, which is what keeps markdown-it out of building and publishing it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher.sources.markdown_plain import Block, plain_blocks
from publisher.sources.markdown_text import _markdown_it_blocks
from publisher.sources.problems import SourceError
from publisher.sources.question_file import split_front_matter

REPO = Path(__file__).resolve().parents[2]


def _bodies(*folders: str) -> dict[str, str]:
    """The Markdown body of every question file (front matter first) under ``folders``."""
    bodies = {}
    for folder in folders:
        for path in sorted((REPO / folder).rglob("*.md")):
            try:
                text = path.read_text(encoding="utf-8")
                bodies[str(path.relative_to(REPO))] = split_front_matter(text, path.name)[1]
            except (UnicodeDecodeError, SourceError):
                continue  # not a question file
    return bodies


EKS = _bodies("lens_src/eks")
ALL = _bodies("lens_src", "tests")


def test_there_are_bodies_to_compare() -> None:
    assert len(EKS) >= 39 and len(ALL) > len(EKS)


@pytest.mark.parametrize("name", sorted(EKS))
def test_every_eks_body_is_read_without_markdown_it(name: str) -> None:
    assert plain_blocks(EKS[name]) is not None


def assert_split_alike(markdown: str) -> None:
    """The plain reader declines ``markdown`` or gives exactly markdown-it's blocks."""
    plain = plain_blocks(markdown)
    assert plain is None or plain == _markdown_it_blocks(markdown)


@pytest.mark.parametrize("name", sorted(ALL))
def test_bodies_split_alike(name: str) -> None:
    assert_split_alike(ALL[name])


#: Pieces that make CommonMark differ: markup characters, block starts, spaces, link forms.
PIECES = ("word", "Word", "é", "x1", " ", "  ", "\n", "\n\n", "\n\n\n", "- ", "-", "--", "---", "+ ", "* ", "1. ",
          "2) ", "# ", "## ", "### ", "####### ", "#", " #", "=", "===", "> ", "_", "a_b", "_a", "a_", "__", "*", "**",
          "`", "[", "](", ")", "!", "\\", "&amp;", "&", "<", ">", "<https://docs.aws.amazon.com/eks/latest/a.html>",
          "<https://example.com/a_b?x=1&y=(2)>", "<http://a.b:8080/>", "<HTTPS://A.B/>", "<https://xn--a.b/>",
          "<https://a.b/%41>", "<https://a.b/ c>", "<mailto:a@b.c>", "<div>", "</p>", "<!-- c -->", "    ", "\t", "\r",
          "\u00a0", "\u2003", "\x00", "\x0b", "\ufeff", "😀", ":", "https://a.b", "(", ".", "|", "~")
#: Whole lines in every order: lists under lead-ins, lazy lines, headings between items, link lines.
LINES = ("Text line.", "Another line with a_b.", "- item", "- item two", "## heading", "### Improvement plan", "",
         "<https://docs.aws.amazon.com/eks/latest/userguide/automode.html>", "-x", "1. one", "## ", "#h", "# h #",
         "- ## h", "- - x", "  indented", "tail ", "===", "---", "- <https://a.b/>", "See <https://a.b/> here.")
#: Lines of the subset only, so that most cases are read by the plain reader (about 9 in 10).
PLAIN_LINES = ("Text line.", "Lead-in:", "More a_b text.", "- item", "- item two", "## heading", "### Improvement plan",
               "", "", "<https://docs.aws.amazon.com/eks/latest/userguide/automode.html>", "<https://a.b/x?y=1&z=(2)>")
GENERATED = settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@GENERATED
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_generated_markdown_splits_alike(markdown: str) -> None:
    assert_split_alike(markdown)


@GENERATED
@given(st.lists(st.sampled_from(LINES), max_size=14).map("\n".join))
def test_generated_line_structures_split_alike(markdown: str) -> None:
    assert_split_alike(markdown)


@GENERATED
@given(st.lists(st.sampled_from(PLAIN_LINES), max_size=16).map("\n".join))
def test_generated_plain_structures_split_alike(markdown: str) -> None:
    assert_split_alike(markdown)


@pytest.mark.parametrize(("markdown", "expected"), [
    ("Lead-in:\n- one\n- two\n\nAfter.", [Block("Lead-in:\n- one\n- two", 0), Block("After.", 4)]),
    ("- one\n\n- two\n\n\n- three", [Block("- one\n- two\n- three", 0)]),
    ("Para one\ncontinues.\n## id\n<https://a.b/c>", [Block("Para one continues.", 0),
                                                      Block("id", 2, heading_level=2),
                                                      Block("https://a.b/c", 3, autolink="https://a.b/c")]),
    ("<https://a.b/c>\n- item", [Block("https://a.b/c\n- item", 0)]),
    ("Policies that:\n- require a,\n- warn on b.\nStart in audit\nmode.\n- next", [
        Block("Policies that:\n- require a,\n- warn on b.\nStart in audit mode.\n- next", 0)]),
])
def test_hand_written_cases(markdown: str, expected: list[Block]) -> None:
    assert plain_blocks(markdown) == expected == _markdown_it_blocks(markdown)


@pytest.mark.parametrize("markdown", [
    "- item\n-lazy", "Text\n===", "Text\n---", "a _b_ c", "*em*", "`code`", "[l](https://a.b)", "- 1. x",
    "1. one", "> quote", "    code", "tab\there", "hard  \nbreak", "# closing #", "<https://a.b/>\nmore text",
    "text\n<https://a.b/>", "x &amp; y", "<https://a.b/%20>", "nbsp\u00a0here",
])
def test_outside_the_subset_markdown_it_reads_it(markdown: str) -> None:
    assert plain_blocks(markdown) is None


def test_building_the_eks_lens_does_not_import_markdown_it() -> None:
    """What the plain reader is for: compiling and validating the shipped lens (every build, plan and
    publish) never pays for markdown-it's import or parser."""
    probe = ("import sys\nfrom pathlib import Path\nfrom publisher.publish.release import build_release\n"
             "build_release(Path(sys.argv[1]), {})\nprint('markdown_it' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe, str(REPO / "lens_src" / "eks")], capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == "False"
