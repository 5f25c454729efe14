"""Safe YAML loading that remembers where every value came from."""

from __future__ import annotations

from typing import Any

import yaml

from publisher.sources.problems import SourceError
from publisher.sources.strict_yaml import Rejected, StrictLoader
from publisher.sources.yaml_wording import explain

Path_ = tuple[str | int, ...]
Positions = dict[Path_, tuple[int, int]]
#: Appended to a value's path to address the position of its key instead: ``(*path, key, KEY)``.
KEY = "\x00key"


def load_yaml(text: str, file: str, line_offset: int = 0) -> tuple[Any, Positions]:
    """Parse one YAML document; positions are 1-based (line, column) keyed by path of keys/indexes."""
    try:
        loader = StrictLoader(text)
    except yaml.reader.ReaderError as exc:  # raised at once for a character YAML does not allow
        line = text.count("\n", 0, exc.position) + 1 + line_offset
        column = exc.position - text.rfind("\n", 0, exc.position)
        raise SourceError("E0901", f"YAML: control character U+{exc.character:04X} is not allowed", file,
                          line, column) from exc
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
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
