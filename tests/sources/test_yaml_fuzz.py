"""Fuzz: whatever is inserted into the base lens's YAML, compiling gives findings, never an exception.

Each example copies tests/bad_inputs/base_lens and inserts one to three fragments at random offsets
of its files: control characters, YAML tags, anchors and aliases, deep nesting, huge or special
numbers, dates, escapes of lone surrogates and arbitrary text. The compiled document must still be
strict JSON (no NaN, dates or bytes) that encodes as UTF-8.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher.lensjson import dumps
from publisher.sources import compile_lens

BASE = Path(__file__).resolve().parents[1] / "bad_inputs" / "base_lens"
FILES = ("lens.yaml", "pil/pillar.yaml", "pil/q_alpha.md", "pil/q_beta.md")

controls = st.sampled_from([chr(c) for c in (*range(0x20), 0x7F, 0x85, 0x9B, 0xFEFF, 0xFFFE, 0x2028)])
tags = st.sampled_from(["!!binary aGk= ", "!!set ", "!!omap ", "!!timestamp ", "!!int ", "!!float ", "!!bool ",
                        "!!python/name:os.system ", "!local ", "! ", "!!str ", "&a ", "*a ", "<<: ", "? ", "= "])
numbers = st.sampled_from(["9" * 5000, "0x" + "f" * 5000, "1.0e+999", "-.inf", ".nan", "0b1", "1:30",
                           "9223372036854775808", "2024-01-01", "2024-13-45", "2024-01-01T10:00:00Z"])
nesting = st.integers(1, 80).flatmap(lambda n: st.sampled_from(["[" * n + "1" + "]" * n, "{a: " * n + "1" + "}" * n,
                                                                "".join(f"\n{'  ' * i}k:" for i in range(n))]))
escapes = st.sampled_from(['"\\ud800"', '"\\udfff x"', '"\\0"', '"\\e"', '"\\x85"', "'", '"', "|\n", ">-\n"])
keys = st.sampled_from(["\n1: x\n", "\n~: x\n", "\ntrue: x\n", "\n? [a]\n: x\n", "\n2024-01-01: x\n",
                        "\nextra: {1: x}\n", "\nextra:\n  d: 2024-01-01\n"])
fragments = controls | tags | numbers | nesting | escapes | keys | st.text(max_size=20)
edits = st.lists(st.tuples(st.sampled_from(FILES), st.floats(0, 1), fragments), min_size=1, max_size=3)


def _insert(path: Path, where: float, fragment: str) -> None:
    text = path.read_text(encoding="utf-8")
    at = int(where * len(text))
    path.write_text(text[:at] + fragment + text[at:], encoding="utf-8", errors="surrogatepass")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits)
def test_mutated_sources_give_findings_never_exceptions(changes: list[tuple[str, float, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "lens"
        shutil.copytree(BASE, root)
        for file, where, fragment in changes:
            _insert(root / file, where, fragment)
        compiled = compile_lens(root)
        text = dumps(compiled.doc)  # strict JSON: raises on NaN, dates, bytes, non-string keys
    text.encode("utf-8")  # raises on a lone surrogate
    assert json.loads(text) == compiled.doc
    for finding in compiled.findings:
        assert finding.location.line >= 1 and finding.location.column >= 1
        finding.as_line().encode("utf-8")
