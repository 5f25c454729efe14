"""Safe YAML loading that remembers where every value came from.

Text is parsed by libyaml when PyYAML has it and the text holds nothing on which the two parsers
are known to count lines or columns differently; anything libyaml or the checks refuse is parsed
again by PyYAML's pure-Python parser, which finds and words the problem (and its position) exactly
as it always has. Both give the same values and positions for everything the fast path accepts
(``tests/sources/test_yaml_parsers.py``).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from publisher.sources.problems import SourceError
from publisher.sources.strict_yaml import CStrictLoader, Rejected, StrictLoader
from publisher.sources.yaml_wording import explain

Path_ = tuple[str | int, ...]
Positions = dict[Path_, tuple[int, int]]
#: Appended to a value's path to address the position of its key instead: ``(*path, key, KEY)``.
KEY = "\x00key"
#: What sends text straight to the pure-Python parser: characters PyYAML refuses (its reader's test),
#: line breaks other than LF, tab and byte order mark (counted or skipped differently), and a block
#: scalar indicator followed by ``#`` (which libyaml accepts and PyYAML does not).
_NOT_FOR_LIBYAML = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
                              "|[|>][-+0-9]*#")


def load_yaml(text: str, file: str, line_offset: int = 0) -> tuple[Any, Positions]:
    """Parse one YAML document; positions are 1-based (line, column) keyed by path of keys/indexes."""
    if CStrictLoader is not None and not _NOT_FOR_LIBYAML.search(text):
        try:
            return compose(CStrictLoader(text), line_offset)
        except yaml.YAMLError:
            pass  # the pure-Python parser says what is wrong, and where
    try:
        loader = StrictLoader(text)
    except yaml.reader.ReaderError as exc:  # raised at once for a character YAML does not allow
        line = text.count("\n", 0, exc.position) + 1 + line_offset
        column = exc.position - text.rfind("\n", 0, exc.position)
        raise SourceError("E0901", f"YAML: control character U+{exc.character:04X} is not allowed", file,
                          line, column) from exc
    try:
        return compose(loader, line_offset)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        column = mark.column + 1 if mark else 1
        started = exc.context_mark
        opened = None
        if exc.context and started is not None and started is not mark:
            opened = (started.line + 1 + line_offset, started.column + 1)
        if isinstance(exc, Rejected):
            raise SourceError(exc.code, f"YAML: {exc.problem}", file, line, column) from exc
        raise SourceError("E0901", explain(exc.problem or exc.context or "", opened), file, line, column) from exc
    except yaml.YAMLError as exc:
        raise SourceError("E0901", f"YAML: {exc}", file, 1 + line_offset, 1) from exc


def compose(loader: Any, line_offset: int) -> tuple[Any, Positions]:
    """The document ``loader`` reads and the position of each of its values; disposes of the loader."""
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    positions: Positions = {}
    if node is not None:
        _record(node, (), positions, line_offset)
    return data, positions


def _record(node: yaml.Node, path: Path_, positions: Positions, line_offset: int) -> None:
    positions[path] = (node.start_mark.line + 1 + line_offset, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key_path = (*path, str(key_node.value))
            key_at: Path_ = (*key_path, KEY)
            positions[key_at] = (key_node.start_mark.line + 1 + line_offset, key_node.start_mark.column + 1)
            _record(value_node, key_path, positions, line_offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record(item, (*path, index), positions, line_offset)
