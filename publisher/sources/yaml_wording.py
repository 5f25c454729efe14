"""PyYAML's parser messages said as sentences an author can act on (finding E0901).

PyYAML words a syntax error in terms of its own tokens (``expected <block end>, but found
'<block sequence start>'``). Each known problem gets a sentence saying what is wrong in the source
and how to fix it; an unknown one keeps PyYAML's words. Either way the position is the caller's.
"""

from __future__ import annotations

import re

#: (pattern over PyYAML's problem text, sentence): ``{opened}`` says where the enclosing block started
#: (`` at line L, column C``), ``{line}`` names its line (``line L``, or ``this line``).
_SENTENCES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(pattern), sentence) for pattern, sentence in (
    (r"^mapping values are not allowed here",
     "a second ':' on this line: quote the value if the colon belongs to the text (title: \"a: b\"), "
     "or put the nested key on its own, indented line"),
    (r"^expected ',' or '\]', but got",
     "the list opened with '['{opened} is not closed: end it with ']', or quote the value if the text "
     "starts with '['"),
    (r"^expected ',' or '\}', but got",
     "the mapping opened with '{{'{opened} is not closed: end it with '}}', or quote the value if the text "
     "starts with '{{'"),
    (r"^expected <block end>, but found",
     "this line is indented differently from the block it belongs to (which starts{opened}): indent "
     "the items of one list or mapping by the same number of spaces"),
    (r"^found character '\\t' that cannot start any token|^found a tab character",
     "a tab character: YAML indents with spaces only"),
    (r"^could not find expected ':'",
     "{line} is neither 'key: value' nor a list item: add ':' after the key, or indent the "
     "line to continue the value above it"),
    (r"^found unexpected end of stream",
     "a quoted value{opened} is never closed: add the closing quote"),
    (r"^found unknown escape character",
     "an unknown backslash escape in a double-quoted value: write '\\\\' for a backslash, or use single quotes"),
    (r"^but found another document",
     "a second YAML document ('---'): a source file holds one; remove the '---' line"),
    (r"^expected alphabetic or numeric character",
     "'&' or '*' starts an anchor or alias here: quote the value if the character is text"),
    (r"^(block )?sequence entries are not allowed here",
     "a '- ' list item where a value was expected: put the list on the next line, indented"),
))


def explain(problem: str, opened: tuple[int, int] | None) -> str:
    """``YAML syntax: <sentence>``; ``opened`` is the (line, column) where the enclosing block started."""
    where = f" at line {opened[0]}, column {opened[1]}" if opened else ""
    for pattern, sentence in _SENTENCES:
        if pattern.search(problem):
            return f"YAML syntax: {sentence.format(opened=where, line=f'line {opened[0]}' if opened else 'this line')}"
    return f"YAML: {problem}" + (f" (in the block started{where})" if where else "")
