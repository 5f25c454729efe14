"""E0901 says what is wrong in the author's terms, at PyYAML's position, never in PyYAML's tokens."""

from __future__ import annotations

import pytest

from publisher.sources.problems import SourceError
from publisher.sources.yaml_wording import explain
from publisher.sources.yamlpos import load_yaml

#: PyYAML's own vocabulary, which an author cannot act on.
TOKEN_WORDS = ("<block end>", "<block sequence start>", "<scalar>", "but got", "but found", "simple key",
               "cannot start any token", "while parsing", "while scanning")


@pytest.mark.parametrize(("text", "position", "sentence"), [
    ("title: [How do we\n", (2, 1), "the list opened with '[' at line 1, column 8 is not closed"),
    ("risk: {NO_RISK: a\nx: 1\n", (2, 2), "the mapping opened with '{' at line 1, column 7 is not closed"),
    ("choices:\n  - id: a\n - id: b\n", (3, 2), "indented differently from the block it belongs to (which starts "
                                                "at line 1, column 1)"),
    ("title: a: b\n", (1, 9), "a second ':' on this line: quote the value"),
    ("pillars:\n\t- ops\n", (2, 1), "a tab character: YAML indents with spaces only"),
    ('name: "unclosed\n', (2, 1), "a quoted value at line 1, column 7 is never closed"),
    ("title: a\nno colon here\nnext: b\n", (3, 1), "line 2 is neither 'key: value' nor a list item"),
    ('title: "a \\q b"\n', (1, 12), "an unknown backslash escape"),
    ("a: 1\n---\nb: 2\n", (2, 1), "a second YAML document ('---')"),
    ("title: & x\n", (1, 9), "'&' or '*' starts an anchor or alias here"),
    ("- a\n- b\nc: d\n", (3, 1), "this line is indented differently"),
    ("a: - b\n", (1, 4), "a '- ' list item where a value was expected"),
])
def test_syntax_errors_are_sentences_at_the_parser_position(text: str, position: tuple[int, int],
                                                           sentence: str) -> None:
    with pytest.raises(SourceError) as raised:
        load_yaml(text, "q.md")
    finding = raised.value.finding
    assert finding.code == "E0901"
    assert (finding.location.line, finding.location.column) == position
    assert finding.message.startswith("YAML syntax: ") and sentence in finding.message
    assert not any(word in finding.message for word in TOKEN_WORDS), finding.message


def test_an_unknown_problem_keeps_pyyaml_words() -> None:
    expected = "YAML: found something new (in the block started at line 4, column 2)"
    assert explain("found something new", (4, 2)) == expected
    assert explain("found something new", None) == "YAML: found something new"


def test_front_matter_line_offset_reaches_the_sentence() -> None:
    with pytest.raises(SourceError) as raised:
        load_yaml("title: [How\n", "q.md", line_offset=1)
    finding = raised.value.finding
    assert finding.location.line == 3 and "opened with '[' at line 2, column 8" in finding.message
