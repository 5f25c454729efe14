"""The YAML subset lens sources may use: JSON values only, no anchors or aliases, bounded nesting.

Whatever falls outside it raises ``Rejected`` with the finding code to report, at the offending
node, before any Python object is built for it: dates, ``!!binary``, sets, non-string keys,
NaN, infinities, integers beyond 64 bits and lone surrogates never reach JSON serialisation.
"""

from __future__ import annotations

import math
import re
from typing import Any, ClassVar

import yaml

MAX_DEPTH = 32
#: JSON lenses hold 64-bit integers at most; a longer one could even exceed Python's int-to-text limit.
INT_RANGE = range(-(2**63), 2**63)
_CORE = "tag:yaml.org,2002:"
_STR = _CORE + "str"
#: Scalars JSON can hold; YAML's other implicit types (dates, ``<<``, ``=``) are refused.
_JSON_SCALARS = frozenset(_CORE + name for name in ("str", "int", "float", "bool", "null"))
_SURROGATE = re.compile("[\ud800-\udfff]")


class Rejected(yaml.MarkedYAMLError):
    """A YAML construct lens sources do not allow; ``code`` is the finding code to report."""

    def __init__(self, code: str, problem: str, mark: Any) -> None:
        super().__init__(problem=problem, problem_mark=mark)
        self.code = code


class Unplaced(yaml.MarkedYAMLError):
    """Raised by the libyaml loader for what it reads alike but places differently: parse it again in Python."""

    def __init__(self, problem: str, mark: Any) -> None:
        super().__init__(problem=problem, problem_mark=mark)


def _short_tag(tag: str) -> str:
    return _clip("!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag)


def _clip(text: str, limit: int = 40) -> str:
    """``text`` shortened for a message: a 5,000-digit number is not worth quoting in full."""
    return text if len(text) <= limit else text[:limit] + "…"


def _check_node(node: yaml.Node) -> None:
    """Refuse a composed node whose value JSON cannot hold."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _JSON_SCALARS:
            kind = "date" if node.tag == _CORE + "timestamp" else _short_tag(node.tag)
            raise Rejected("E0903", f"{_clip(node.value)!r} reads as a YAML {kind}, not text: quote it",
                           node.start_mark)
        if _SURROGATE.search(node.value):
            raise Rejected("E0901", "a \\u escape gives a lone surrogate, which is not a character", node.start_mark)
    elif isinstance(node, yaml.MappingNode):
        for key, _ in node.value:
            if key.tag == _STR:
                continue
            scalar = isinstance(key, yaml.ScalarNode)
            problem = (f"mapping key {_clip(key.value)!r} is not a string: quote it" if scalar
                       else "a mapping key must be a string, not a list or mapping")
            raise Rejected("E0903", problem, key.start_mark)


class _StrictComposer(yaml.composer.Composer):
    """Composes nodes of the lens-source subset only: no anchors, aliases, tags or deep nesting."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise Rejected("E0907", "anchors and aliases are not allowed", event.start_mark)
        tag = getattr(event, "tag", None)
        if tag not in (None, "!", _STR):
            raise Rejected("E0907", f"tag {_short_tag(tag)} is not allowed (only !!str)", event.start_mark)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise Rejected("E0907", f"nesting deeper than {MAX_DEPTH} levels", event.start_mark)
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if node is not None:
            _check_node(node)
        return node


class _JsonNumbers:
    """Constructor mixin (before ``SafeConstructor``): JSON numbers only, 64-bit integers and finite floats."""

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        try:
            value = yaml.constructor.SafeConstructor.construct_yaml_int(self, node)  # type: ignore[arg-type]
        except ValueError:  # more digits than Python converts to int
            value = INT_RANGE.stop
        if value not in INT_RANGE:
            raise Rejected("E0903", f"integer of {len(node.value)} characters is beyond 64 bits", node.start_mark)
        return value

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        value = yaml.constructor.SafeConstructor.construct_yaml_float(self, node)  # type: ignore[arg-type]
        if not math.isfinite(value):
            raise Rejected("E0903", f"{_clip(node.value)!r} is not a finite number (JSON has none)", node.start_mark)
        return value

    yaml_constructors: ClassVar[dict[Any, Any]] = {**yaml.constructor.SafeConstructor.yaml_constructors,
                         _CORE + "int": construct_yaml_int, _CORE + "float": construct_yaml_float}


class StrictLoader(_StrictComposer, _JsonNumbers, yaml.SafeLoader):
    """SafeLoader restricted to the JSON data model, on PyYAML's pure-Python parser: the reference,
    whose errors walens words (E0901, E0903, E0907)."""


#: The same loader on libyaml's parser (events from C, composed and checked as above), about ten
#: times faster; None when PyYAML was built without libyaml.
CStrictLoader: type | None = None
if yaml.__with_libyaml__:
    class _CStrictLoader(_StrictComposer, _JsonNumbers, yaml.CSafeLoader):
        def __init__(self, stream: str) -> None:
            yaml.CSafeLoader.__init__(self, stream)
            yaml.composer.Composer.__init__(self)  # libyaml composes in C: its Python composer needs this

        def compose_scalar_node(self, anchor: Any) -> Any:
            node = super().compose_scalar_node(anchor)
            if not node.value and not node.style:
                raise Unplaced("an empty value: libyaml places it elsewhere than PyYAML", node.start_mark)
            return node

    CStrictLoader = _CStrictLoader
