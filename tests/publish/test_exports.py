"""Exports compared with the release by fingerprint, each distinct text worked out once."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

from publisher.lensjson import canonical
from publisher.publish.once import computed_once
from publisher.publish.plan import classify
from publisher.publish.release import Release

DOC = {"name": "L", "pillars": [{"id": "p", "questions": [{"id": "q", "choices": [{"id": "c", "title": "C"}]}]}]}


def exported(doc: dict, number: int = 1) -> str:
    """``doc`` as ExportLens returns it: ``number`` fields added, keys in another order."""
    pillars = [{**pillar, "questions": [{"number": number, **question,
                                         "choices": [{**choice, "number": number} for choice in question["choices"]]}
                                        for question in pillar["questions"]]} for pillar in doc["pillars"]]
    return json.dumps({"pillars": pillars, "name": doc["name"]}, indent=4)


def test_an_export_holds_the_release_whatever_its_numbers_and_key_order() -> None:
    release = Release(doc=DOC, declared_version="1.0")
    assert release.holds(exported(DOC)) and release.holds(exported(DOC, number=7))
    changed = {**DOC, "name": "M"}
    assert not release.holds(exported(changed))
    assert classify(exported(DOC), release) == "none"
    assert classify(exported(changed), release) != "none"
    assert release.doc == DOC and canonical(release.doc) == DOC  # nothing was changed in place


def test_threads_asking_for_the_same_value_at_once_compute_it_once() -> None:
    calls: list[str] = []
    everyone_asks = threading.Barrier(8)

    @computed_once(maxsize=4)
    def work(text: str) -> str:
        calls.append(text)
        return text.upper()

    def ask(_: int) -> str:
        everyone_asks.wait()
        return work("lens")

    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(ask, range(8))) == {"LENS"}
    assert calls == ["lens"]
