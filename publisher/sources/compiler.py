"""Compile a lens source folder (lens.yaml, pillar folders, question files) into custom-lens JSON."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher.findings import Finding, SourceMap, pointer_join
from publisher.lensformat import SCHEMA_VERSION
from publisher.sources.extra_keys import EXTRA, finish
from publisher.sources.files import display_path, read_source
from publisher.sources.problems import SourceError, source_finding
from publisher.sources.question_file import FrontMatter, compile_question
from publisher.sources.schema_check import check_source
from publisher.sources.yamlpos import Positions, load_yaml

LENS_FILE = "lens.yaml"
PILLAR_FILE = "pillar.yaml"


@dataclass
class CompiledLens:
    """The result of compiling one lens folder."""

    lens_dir: Path
    doc: dict[str, Any]
    source_map: SourceMap
    findings: list[Finding] = field(default_factory=list)
    suppress: frozenset[str] = frozenset()
    version: str = ""
    tags: dict[str, str] = field(default_factory=dict)
    #: False when lens.yaml itself could not be read: ``doc`` is then only a skeleton not worth checking.
    complete: bool = False
    #: question id -> the choices its ``neverNotApplicable`` field lists (source-only, not in ``doc``)
    never_not_applicable: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: JSON pointer of each compiled question -> its parsed front matter (source-only fields: ``evidence:``)
    front_matter: dict[str, FrontMatter] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.doc.get("name", ""))

    @property
    def has_errors(self) -> bool:
        return any(f.is_error for f in self.findings)


def is_lens_dir(path: Path) -> bool:
    return os.path.lexists(path / LENS_FILE)  # a lens.yaml that is not a regular file is reported, not ignored


def compile_lens(lens_dir: Path) -> CompiledLens:
    """Compile ``lens_dir``; problems in the sources are returned as findings, not raised."""
    return _Compiler(Path(lens_dir)).run()


class _Compiler:
    def __init__(self, lens_dir: Path) -> None:
        self.root = lens_dir
        self.findings: list[Finding] = []
        self.source_map = SourceMap(display_path(lens_dir / LENS_FILE))
        self.never_not_applicable: dict[str, tuple[str, ...]] = {}
        self.front_matter: dict[str, FrontMatter] = {}

    def _read_yaml(self, path: Path, schema: str) -> tuple[Any, Positions, str] | None:
        shown = display_path(path)
        try:
            warnings: list[SourceError] = []
            text = read_source(path, self.root, warnings)
            self.findings.extend(w.finding for w in warnings)
            data, positions = load_yaml(text, shown)
        except SourceError as exc:
            self.findings.append(exc.finding)
            return None
        self.findings.extend(check_source(data, schema, positions, shown))
        return data, positions, shown

    def _map(self, pointer: str, file: str, positions: Positions, path: tuple[str | int, ...]) -> None:
        line, column = positions.get(path, (1, 1))
        self.source_map.add(pointer, file, line, column)

    def _finish(self, obj: dict[str, Any], meta: dict[str, Any], pointer: str, positions: Positions,
                shown: str) -> dict[str, Any]:
        """``obj`` with the keys of ``meta.extra`` and in the order of ``meta.keyOrder``."""
        done = finish(obj, meta, (), positions)
        for relative, (line, column) in done.positions.items():
            self.source_map.add(pointer + relative, shown, line, column)
        self.findings.extend(source_finding("E0903", message, shown, *position) for message, position in done.problems)
        return done.value

    def run(self) -> CompiledLens:
        lens_path = self.root / LENS_FILE
        doc: dict[str, Any] = {"schemaVersion": SCHEMA_VERSION}
        result = CompiledLens(self.root, doc, self.source_map, self.findings,
                              never_not_applicable=self.never_not_applicable, front_matter=self.front_matter)
        if not os.path.lexists(lens_path):
            self.findings.append(source_finding("E0902", f"no {LENS_FILE} in this folder", display_path(lens_path)))
            return result
        loaded = self._read_yaml(lens_path, "lens-source")
        if loaded is None or not isinstance(loaded[0], dict):
            return result
        meta, positions, shown = loaded
        result.complete = True
        self._map("", shown, positions, ())
        extra = meta.get(EXTRA)
        if isinstance(extra, dict) and "schemaVersion" in extra:
            del doc["schemaVersion"]  # a decompiled lens with another schema version keeps it there
        for key in ("name", "description"):
            if key in meta:
                doc[key] = meta[key]
                self._map(f"/{key}", shown, positions, (key,))
        pillars = meta.get("pillars") if isinstance(meta.get("pillars"), list) else []
        doc["pillars"] = [self._pillar(index, pid, positions, shown) for index, pid in enumerate(pillars)]
        result.doc = self._finish(doc, meta, "", positions, shown)
        result.version = str(meta.get("version", ""))
        result.tags = {str(k): str(v) for k, v in meta.get("tags", {}).items()} if isinstance(
            meta.get("tags"), dict) else {}
        suppress = meta.get("suppress")
        result.suppress = frozenset(str(c) for c in suppress) if isinstance(suppress, list) else frozenset()
        return result

    def _pillar(self, index: int, pillar_id: Any, lens_positions: Positions, lens_file: str) -> dict[str, Any]:
        pointer = f"/pillars/{index}"
        self._map(pointer, lens_file, lens_positions, ("pillars", index))
        self._map(f"{pointer}/id", lens_file, lens_positions, ("pillars", index))
        pillar: dict[str, Any] = {"id": pillar_id}
        folder = self.root / str(pillar_id)
        if not isinstance(pillar_id, str):
            return pillar  # the schema check reports the type, at the same place
        if not pillar_id or "/" in pillar_id or not os.path.lexists(folder / PILLAR_FILE):
            line, column = lens_positions.get(("pillars", index), (1, 1))
            self.findings.append(source_finding(
                "E0902", f"pillar {pillar_id!r}: no folder with {PILLAR_FILE}", lens_file, line, column))
            return pillar
        loaded = self._read_yaml(folder / PILLAR_FILE, "pillar-source")
        if loaded is None or not isinstance(loaded[0], dict):
            return pillar
        meta, positions, shown = loaded
        self._map(pointer, shown, positions, ())
        if "name" in meta:
            pillar["name"] = meta["name"]
            self._map(f"{pointer}/name", shown, positions, ("name",))
        pillar["questions"] = self._questions(folder, meta, positions, shown, pointer)
        return self._finish(pillar, meta, pointer, positions, shown)

    def _question_order(self, folder: Path, meta: dict[str, Any], positions: Positions, shown: str) -> list[str]:
        on_disk = sorted(p.stem for p in folder.glob("*.md"))
        listed = meta.get("questions")
        if not isinstance(listed, list):
            return on_disk
        order = [q for q in listed if isinstance(q, str)]
        for index, qid in enumerate(order):
            if order.index(qid) != index:
                line, column = positions.get(("questions", index), (1, 1))
                self.findings.append(source_finding("E0904", f"question {qid!r} is listed twice", shown, line,
                                                    column))
        for stem in on_disk:
            if stem not in order:
                self.findings.append(source_finding(
                    "E0904", f"{stem}.md is not listed under 'questions' in {PILLAR_FILE}",
                    display_path(folder / f"{stem}.md")))
        return order

    def _questions(self, folder: Path, meta: dict[str, Any], positions: Positions, shown: str,
                   pillar_pointer: str) -> list[dict[str, Any]]:
        questions: list[dict[str, Any]] = []
        for qid in self._question_order(folder, meta, positions, shown):
            pointer = pointer_join(pillar_pointer, "questions", len(questions))
            path = folder / f"{qid}.md"
            file = display_path(path)
            if not os.path.lexists(path):
                index = meta["questions"].index(qid)
                line, column = positions.get(("questions", index), (1, 1))
                self.findings.append(source_finding("E0902", f"question file {qid}.md does not exist", shown,
                                                    line, column))
                continue
            warnings: list[SourceError] = []
            try:
                compiled = compile_question(read_source(path, self.root, warnings), qid, file)
            except SourceError as exc:
                self.findings.append(exc.finding)
                continue
            finally:
                self.findings.extend(w.finding for w in warnings)
            self.findings.extend(compiled.findings)
            for relative, (line, column) in compiled.positions.items():
                self.source_map.add(pointer + relative, file, line, column)
            if compiled.front_matter is not None:
                self.front_matter[pointer] = compiled.front_matter
            questions.append(compiled.data)
            if compiled.never_not_applicable:
                self.never_not_applicable[qid] = tuple(compiled.never_not_applicable)
        return questions


def never_not_applicable(lens_dir: Path) -> dict[str, frozenset[str]]:
    """Question id -> the choices a review must never mark not applicable, read from a source folder
    (the source-only ``neverNotApplicable`` field; lens JSON does not carry it)."""
    return {qid: frozenset(ids) for qid, ids in compile_lens(lens_dir).never_not_applicable.items()}
