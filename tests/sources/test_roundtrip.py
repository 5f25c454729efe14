"""decompile -> build gives back the same JSON text (only the ``number`` fields ExportLens adds are dropped)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher.errors import WalensError
from publisher.lensjson import canonical, dumps
from publisher.loader import load_path
from publisher.sources import compile_lens
from publisher.sources.decompiler import decompile
from publisher.sources.extra_keys import FORMAT_KEYS
from publisher.validate.engine import validate_path
from tests.corpus import CORPUS

from .conftest import GOOD_QUESTION

CORPUS_FILES = sorted(CORPUS.rglob("*.json"))
#: Corpus files that are not JSON at all; each must fail to load, and only these.
NOT_JSON = {"custom-lens-emr-spark-v1.0.json": "NaN is not valid JSON"}


def load(path: Path) -> Any:
    return load_path(path).document()


def round_trip(doc: Any, folder: Path) -> str:
    """The JSON text built from the sources ``doc`` decompiles to; the sources must have no errors."""
    decompile(doc, folder)
    compiled = compile_lens(folder)
    assert [f.as_line() for f in compiled.findings if f.is_error] == []
    return dumps(compiled.doc)


def corpus_params() -> list[Any]:
    """Every corpus file; those that are not JSON are skipped with the reason."""
    return [pytest.param(path, id=path.relative_to(CORPUS).as_posix(),
                         marks=[pytest.mark.skip(reason=f"not valid JSON: {NOT_JSON[path.name]}")]
                         if path.name in NOT_JSON else [])
            for path in CORPUS_FILES]


def test_corpus_is_present_and_only_the_known_files_are_not_json() -> None:
    assert len(CORPUS_FILES) >= 27, f"expected the real-lens corpus at {CORPUS}"
    for path in CORPUS_FILES:
        if path.name in NOT_JSON:
            with pytest.raises(WalensError, match=NOT_JSON[path.name]):
                load(path)
        else:
            load(path)


@pytest.mark.parametrize("path", corpus_params())
def test_real_lens_round_trips_exactly(path: Path, tmp_path: Path) -> None:
    doc = load(path)
    assert round_trip(doc, tmp_path / "src") == dumps(canonical(doc))


def test_service_number_fields_are_the_only_difference(tmp_path: Path) -> None:
    doc = load(CORPUS / "orr-history" / "orr-v1.3.6-PUBLISHED.json")
    numbered = copy.deepcopy(doc)
    for pillar in numbered["pillars"]:
        for index, question in enumerate(pillar["questions"], 1):
            question["number"] = index
            for number, choice in enumerate(question["choices"], 1):
                choice["number"] = number
    report = decompile(numbered, tmp_path / "src")
    assert report.dropped_service_keys > 50
    assert dumps(compile_lens(tmp_path / "src").doc) == dumps(doc)


def test_texts_markdown_cannot_express_stay_verbatim(tmp_path: Path) -> None:
    doc = {"schemaVersion": "2021-11-01", "name": "N", "description": "D", "pillars": [
        {"id": "pil", "name": "P", "questions": [
            {"id": "q1", "title": "T", "description": "  leading spaces", "choices": [
                {"id": "c_1", "title": "C", "helpfulResource": {"displayText": "ends with space "},
                 "improvementPlan": {"displayText": "*literal stars* and <b>", "url": "https://x.test/a b"}}],
             "riskRules": [{"condition": "default", "risk": "HIGH_RISK"}]}]}]}
    report = decompile(doc, tmp_path / "src")
    assert report.verbatim_texts == 3
    assert dumps(compile_lens(tmp_path / "src").doc) == dumps(doc)


# --- keys the source format has no field for -------------------------------------------------------

#: Each kind of object with an unknown key, the JSON pointer of that key, and the file it lands in.
UNKNOWN_KEYS = [
    ("/_version", "lens.yaml"),
    ("/pillars/0/owner", "pil/pillar.yaml"),
    ("/pillars/0/questions/0/url", "pil/q1.md"),
    ("/pillars/0/questions/0/helpfulResource/Url", "pil/q1.md"),
    ("/pillars/0/questions/0/choices/0/description", "pil/q1.md"),
    ("/pillars/0/questions/0/choices/0/improvementPlan/Url", "pil/q1.md"),
    ("/pillars/0/questions/0/choices/0/additionalResources/0/note", "pil/q1.md"),
    ("/pillars/0/questions/0/choices/0/additionalResources/0/content/0/Url", "pil/q1.md"),
    ("/pillars/0/questions/0/riskRules/0/comment", "pil/q1.md"),
]


def small_lens() -> dict[str, Any]:
    link = {"displayText": "Read this", "url": "https://example.com/a"}
    return {"schemaVersion": "2021-11-01", "name": "Small", "description": "A small lens.", "pillars": [
        {"id": "pil", "name": "Pillar", "questions": [
            {"id": "q1", "title": "Do you test?", "description": "Why it matters.", "helpfulResource": dict(link),
             "choices": [
                 {"id": "q1_a", "title": "We test", "helpfulResource": dict(link), "improvementPlan": dict(link),
                  "additionalResources": [{"type": "HELPFUL_RESOURCE", "content": [dict(link)]}]},
                 {"id": "q1_no", "title": "None of these"}],
             "riskRules": [{"condition": "q1_a && !q1_no", "risk": "NO_RISK"},
                           {"condition": "default", "risk": "HIGH_RISK"}]}]}]}


def with_unknown_keys() -> dict[str, Any]:
    doc = small_lens()
    for pointer, _ in UNKNOWN_KEYS:
        *parents, key = pointer.split("/")[1:]
        target: Any = doc
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        target[key] = f"kept {key}"
    return doc


def test_unknown_keys_at_every_level_round_trip_and_are_reported(tmp_path: Path) -> None:
    doc = with_unknown_keys()
    assert round_trip(doc, tmp_path / "src") == dumps(doc)
    findings = {f.location.pointer: f for f in validate_path(tmp_path / "src") if f.code in ("W1005", "E1004")}
    assert sorted(findings) == sorted(pointer for pointer, _ in UNKNOWN_KEYS)
    for pointer, file in UNKNOWN_KEYS:
        location = findings[pointer].location
        assert location.file == str(tmp_path / "src" / file)
        line = (tmp_path / "src" / file).read_text().splitlines()[location.line - 1]
        assert line.strip().startswith(pointer.rsplit("/", 1)[1] + ":"), (pointer, line)


def test_values_the_source_fields_cannot_hold_are_kept_under_extra(tmp_path: Path) -> None:
    doc = small_lens()
    question = doc["pillars"][0]["questions"][0]
    question["helpfulResource"] = "just a string"
    question["choices"][0]["additionalResources"][0]["type"] = "OTHER"
    question["choices"][1]["title"] = 42
    question["riskRules"] = {"condition": "default"}
    doc["schemaVersion"] = "1999-01-01"
    assert round_trip(doc, tmp_path / "src") == dumps(doc)
    text = (tmp_path / "src" / "pil" / "q1.md").read_text()
    assert "extra:\n  helpfulResource: just a string" in text and "extra:\n    title: 42" in text


LensFactory = Callable[..., Path]


def test_an_extra_key_that_is_also_a_field_is_an_error(lens_factory: LensFactory) -> None:
    root = lens_factory({"q_one": GOOD_QUESTION.replace("title: Do you test things?",
                                                        "title: Do you test things?\nextra: {title: again}")})
    problems = [f for f in compile_lens(root).findings if f.code == "E0903"]
    assert [(f.location.line, f.message) for f in problems] == [
        (3, "extra key 'title' is already a field of this object")]


def test_key_order_naming_an_absent_key_is_an_error(lens_factory: LensFactory) -> None:
    root = lens_factory(lens_yaml="name: L\ndescription: D\nversion: '1.0'\npillars: [pil]\n"
                                  "keyOrder: [pillars, nmae]\n")
    compiled = compile_lens(root)
    assert list(compiled.doc) == ["pillars", "schemaVersion", "name", "description"]
    assert [(f.code, f.location.line, f.message) for f in compiled.findings] == [
        ("E0903", 5, "keyOrder names 'nmae', which this object does not have")]


def _objects(doc: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str]]:
    """Every object of a lens with its kind."""
    yield doc, "lens"
    for pillar in doc["pillars"]:
        yield pillar, "pillar"
        for question in pillar["questions"]:
            yield question, "question"
            yield question["helpfulResource"], "link"
            yield from ((rule, "riskRule") for rule in question["riskRules"])
            for choice in question["choices"]:
                yield choice, "choice"
                yield from ((choice[key], "link") for key in ("helpfulResource", "improvementPlan") if key in choice)
                for resource in choice.get("additionalResources", []):
                    yield resource, "additionalResource"
                    yield from ((item, "link") for item in resource["content"])


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6)


def unknown_keys(kind: str) -> st.SearchStrategy[str]:
    """Key names that are not format keys of ``kind`` (nor the ``number`` ExportLens adds)."""
    reserved = {*FORMAT_KEYS[kind], "number"}
    return st.text(max_size=12).filter(lambda key: key not in reserved)


@given(data=st.data())
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_extra_keys_and_key_orders_round_trip(tmp_path_factory: pytest.TempPathFactory,
                                                     data: st.DataObject) -> None:
    doc = small_lens()
    for obj, kind in list(_objects(doc)):
        obj.update(data.draw(st.dictionaries(unknown_keys(kind), JSON_VALUES, max_size=2), label=kind))
        order = data.draw(st.permutations(list(obj)), label=f"{kind} key order")
        items = [(key, obj[key]) for key in order]
        obj.clear()
        obj.update(items)
    assert round_trip(doc, tmp_path_factory.mktemp("lens") / "src") == dumps(doc)
