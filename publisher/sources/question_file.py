"""One question file (front matter + Markdown body) compiled to a custom-lens question object."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeGuard

from publisher.findings import Finding, pointer_join
from publisher.lensformat import NONE_OF_THESE_SUFFIX
from publisher.sources.extra_keys import EXTRA, KEY_ORDER, finish
from publisher.sources.markdown_text import Block, parse_blocks, to_text
from publisher.sources.problems import SourceError, source_finding
from publisher.sources.risk_shorthand import compile_risk
from publisher.sources.schema_check import check_source
from publisher.sources.yamlpos import Path_, Positions, load_yaml

IMPROVEMENT_HEADING = "improvement plan"
#: Source-only field: choices a review must never mark not applicable (left out of the JSON).
NEVER_NOT_APPLICABLE = "neverNotApplicable"
Position = tuple[int, int]


@dataclass
class TextPart:
    """Plain text with an optional URL taken from a trailing ``<url>`` paragraph."""

    text: str
    line: int
    url: str | None = None
    url_line: int = 0

    def resource(self) -> dict[str, str]:
        out = {"displayText": self.text} if self.text else {}
        if self.url is not None:
            out["url"] = self.url
        return out


@dataclass
class ChoiceBody:
    helpful: TextPart | None = None
    plan: TextPart | None = None
    line: int = 0


@dataclass
class Body:
    description: TextPart | None = None
    choices: dict[str, ChoiceBody] = field(default_factory=dict)


@dataclass
class CompiledQuestion:
    data: dict[str, Any]
    # relative JSON pointer inside the question -> (line, column)
    positions: dict[str, Position]
    findings: list[Finding]
    #: the ``neverNotApplicable`` choice ids, in source order (strings only: the schema check reports others)
    never_not_applicable: list[str] = field(default_factory=list)
    #: the front matter as parsed, with its positions, for the source-only fields read elsewhere (``evidence:``)
    front_matter: FrontMatter | None = None


@dataclass(frozen=True)
class FrontMatter:
    """A question file's parsed front matter: ``meta`` and the ``positions`` of its values."""

    file: str
    question_id: str
    meta: dict[str, Any]
    positions: Positions


def split_front_matter(text: str, file: str) -> tuple[str, str, int]:
    """(front matter, body, 1-based line where the body starts)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise SourceError("E0903", "a question file must start with YAML front matter between '---' lines", file)
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    raise SourceError("E0901", "front matter is not closed by a '---' line", file, len(lines), 1)


def _text_part(blocks: list[Block], body_line: int) -> TextPart | None:
    if not blocks:
        return None
    url = url_line = None
    if blocks[-1].autolink is not None:
        url, url_line = blocks[-1].autolink, blocks[-1].line + body_line
        blocks = blocks[:-1]
    texts = [to_text(b.text) if b.heading_level else b.text for b in blocks]
    line = (blocks[0].line if blocks else 0) + body_line
    return TextPart("\n\n".join(texts), line, url, url_line or 0)


def parse_body(body: str, body_line: int, file: str, findings: list[Finding]) -> Body:
    """Split the body into the description and per-choice sections."""
    result = Body()
    current: list[Block] = []
    section: ChoiceBody | None = None
    in_plan = False

    def flush() -> None:
        part = _text_part(current, body_line)
        if section is None:
            result.description = part
        elif in_plan:
            section.plan = part or TextPart("", body_line)
        else:
            section.helpful = part
        current.clear()

    for block in parse_blocks(body):
        if block.heading_level == 2:
            flush()
            if block.text in result.choices:
                findings.append(source_finding("E0908", f"second section for choice {block.text!r}", file,
                                               block.line + body_line))
            section = ChoiceBody(line=block.line + body_line)
            result.choices[block.text] = section
            in_plan = False
        elif block.heading_level == 3 and block.text.lower() == IMPROVEMENT_HEADING and section is not None:
            flush()
            in_plan = True
        else:
            current.append(block)
    flush()
    return result


def compile_question(text: str, stem: str, file: str) -> CompiledQuestion:
    """Compile one question file; problems become findings, never exceptions (except unreadable input)."""
    fm_text, body_text, body_line = split_front_matter(text, file)
    meta, positions = load_yaml(fm_text, file, line_offset=1)
    if meta is None:
        meta = {}
    findings = check_source(meta, "question-source", positions, file)
    if not isinstance(meta, dict):
        return CompiledQuestion({"id": stem}, {"": (1, 1)}, findings)
    body = parse_body(body_text, body_line, file, findings)
    builder = _QuestionBuilder(meta, positions, body, file, findings)
    return CompiledQuestion(builder.build(stem), builder.out_positions, findings, builder.never_not_applicable,
                            FrontMatter(file, stem, meta, positions))


class _QuestionBuilder:
    def __init__(self, meta: dict[str, Any], positions: Positions, body: Body, file: str,
                 findings: list[Finding]) -> None:
        self.meta = meta
        self.positions = positions
        self.body = body
        self.file = file
        self.findings = findings
        self.out_positions: dict[str, Position] = {"": (1, 1)}
        self.never_not_applicable = self._never_not_applicable()

    def _at(self, pointer: str, path: tuple[str | int, ...]) -> None:
        if path in self.positions:
            self.out_positions[pointer] = self.positions[path]

    def _problem(self, code: str, message: str, position: Position) -> None:
        self.findings.append(source_finding(code, message, self.file, *position))

    def _finish(self, obj: dict[str, Any], spec: dict[str, Any], pointer: str, path: Path_) -> dict[str, Any]:
        """``obj`` with the keys of ``spec.extra`` and in the order of ``spec.keyOrder``."""
        done = finish(obj, spec, path, self.positions)
        for relative, position in done.positions.items():
            self.out_positions[pointer + relative] = position
        for message, position in done.problems:
            self._problem("E0903", message, position)
        return done.value

    def _verbatim(self, value: Any, pointer: str, path: Path_, nested: str = "") -> Any:
        """A front-matter object copied to the JSON (keys in YAML order, then ``extra``).

        The items of the list under ``nested`` are such objects too.
        """
        self._at(pointer, path)
        if not isinstance(value, dict):
            return value
        obj: dict[str, Any] = {}
        for key, item in value.items():
            if key in (EXTRA, KEY_ORDER):
                continue
            self._at(pointer_join(pointer, key), (*path, key))
            obj[key] = self._verbatim_list(item, pointer_join(pointer, key), (*path, key)) if key == nested else item
        return self._finish(obj, value, pointer, path)

    def _never_not_applicable(self) -> list[str]:
        """The source-only ``neverNotApplicable`` ids (none when the schema check reports the field);
        their positions go to the source map under ``/neverNotApplicable/<i>``, a pointer with no
        JSON value, so that checks can locate them."""
        listed = self.meta.get(NEVER_NOT_APPLICABLE)
        if not isinstance(listed, list) or not all(isinstance(item, str) for item in listed):
            return []
        for index in range(len(listed)):
            self._at(f"/{NEVER_NOT_APPLICABLE}/{index}", (NEVER_NOT_APPLICABLE, index))
        return list(listed)

    def build(self, stem: str) -> dict[str, Any]:
        meta = self.meta
        if "id" in meta and meta["id"] != stem:
            self._problem("E0911", f"front matter id {meta['id']!r} differs from the file name {stem!r}",
                          self.positions.get(("id",), (1, 1)))
        question: dict[str, Any] = {"id": stem}
        if "title" in meta:
            question["title"] = meta["title"]
            self._at("/title", ("title",))
        self._description(question)
        if "helpfulResource" in meta:
            question["helpfulResource"] = self._verbatim(meta["helpfulResource"], "/helpfulResource",
                                                         ("helpfulResource",))
        choices = meta.get("choices")
        if isinstance(choices, list):
            question["choices"] = [self._choice(index, choice) for index, choice in enumerate(choices)]
            self._orphan_sections({c["id"] for c in choices if isinstance(c, dict) and isinstance(c.get("id"), str)})
        self._risk(question)
        return self._finish(question, meta, "", ())

    def _description(self, question: dict[str, Any]) -> None:
        verbatim = "description" in self.meta
        part = self.body.description
        if verbatim and part is not None:
            self._problem("E0908", "description given both in front matter and in the body", (part.line, 1))
        if verbatim:
            question["description"] = self.meta["description"]
            self._at("/description", ("description",))
        elif part is not None:
            if part.url is not None:
                self._problem("E0908", "a question description has no url field: move the link to "
                              "helpfulResource", (part.url_line, 1))
            question["description"] = part.text
            self.out_positions["/description"] = (part.line, 1)

    def _choice(self, index: int, spec: Any) -> Any:
        pointer = f"/choices/{index}"
        self._at(pointer, ("choices", index))
        if not isinstance(spec, dict):
            return spec
        for key in ("id", "title"):
            self._at(f"{pointer}/{key}", ("choices", index, key))
        choice_id = spec.get("id")
        section = self.body.choices.get(choice_id) if isinstance(choice_id, str) else None
        choice: dict[str, Any] = {k: spec[k] for k in ("id", "title") if k in spec}
        for key, part in (("helpfulResource", section.helpful if section else None),
                          ("improvementPlan", section.plan if section else None)):
            if key in spec:
                if part is not None:
                    self._problem("E0908", f"choice {spec.get('id')!r}: {key} given both in front matter "
                                  "and in the body", (part.line, 1))
                choice[key] = self._verbatim(spec[key], f"{pointer}/{key}", ("choices", index, key))
            elif part is not None:
                choice[key] = part.resource()
                self.out_positions[f"{pointer}/{key}"] = (part.line, 1)
                self.out_positions[f"{pointer}/{key}/displayText"] = (part.line, 1)
                if part.url is not None:
                    self.out_positions[f"{pointer}/{key}/url"] = (part.url_line, 2)
        if "additionalResources" in spec:
            key = "additionalResources"
            choice[key] = self._verbatim_list(spec[key], f"{pointer}/{key}", ("choices", index, key), nested="content")
        return self._finish(choice, spec, pointer, ("choices", index))

    def _verbatim_list(self, value: Any, pointer: str, path: Path_, nested: str = "") -> Any:
        """A front-matter list of objects copied to the JSON, each as ``_verbatim`` does."""
        self._at(pointer, path)
        if not isinstance(value, list):
            return value
        return [self._verbatim(item, f"{pointer}/{index}", (*path, index), nested) for index, item in enumerate(value)]

    def _orphan_sections(self, choice_ids: set[str]) -> None:
        for choice_id, section in self.body.choices.items():
            if choice_id not in choice_ids:
                self._problem("E0908", f"section '## {choice_id}' names no choice of this question",
                              (section.line, 1))

    def _risk(self, question: dict[str, Any]) -> None:
        meta = self.meta
        if "riskRules" in meta:
            question["riskRules"] = self._verbatim_list(meta["riskRules"], "/riskRules", ("riskRules",))
            return
        risk = meta.get("risk")
        if not _well_formed_risk(risk):
            return  # the schema check has reported what is wrong
        none_ids = [c["id"] for c in question.get("choices", [])
                    if isinstance(c, dict) and isinstance(c.get("id"), str) and c["id"].endswith(NONE_OF_THESE_SUFFIX)]
        rules = compile_risk(risk, none_ids[0] if len(none_ids) == 1 else None, self.never_not_applicable)
        question["riskRules"] = rules
        self._at("/riskRules", ("risk",))
        for index, rule in enumerate(rules):
            level = "default" if rule["condition"] == "default" else rule["risk"]
            self._at(f"/riskRules/{index}", ("risk", level))
            self._at(f"/riskRules/{index}/condition", ("risk", level))
            self._at(f"/riskRules/{index}/risk", ("risk", level))


def _well_formed_risk(risk: Any) -> TypeGuard[dict[str, Any]]:
    if not isinstance(risk, dict) or not isinstance(risk.get("default"), str):
        return False
    for level, spec in risk.items():
        if level == "default" or isinstance(spec, str):
            continue
        if not isinstance(spec, dict) or len(spec) != 1:
            return False
        ids = spec.get("all", spec.get("any"))
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
            return False
    return True
