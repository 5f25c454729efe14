"""``walens init``: a new lens project that validates strictly and publishes into a sandbox as it stands.

The project holds the lens sources (the starter lens of ``publisher/templates/init/lens``, or a
shipped lens), the JSON Schemas its ``$schema`` comments point at (``schemas/``), ``walens.yaml``
aimed at a local sandbox, ``requirements.txt`` pinning this walens release, pre-commit, the GitHub
review and publish workflows, a ``.gitignore``, and ``build/<slug>.json`` compiled from the sources
(so ``walens build --check`` passes from the start).

Everything is worked out before the first write; then nothing is written if any file to write
exists, if a folder on the way is a file, or if any path below DIR is a symbolic link (init never
writes through a link, wherever it points). Files are created exclusively, never overwritten.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterable, Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

from publisher.distribution import pip_requirement
from publisher.errors import UsageError
from publisher.lensformat import ALLOWED_CHARACTERS, MAX_NAME_LENGTH, REJECTED_CHARACTER
from publisher.lensjson import dumps
from publisher.loader import load_sources
from publisher.safetext import clean
from publisher.schema_hints import PROJECT_SCHEMAS, aim
from publisher.shipped_lenses import SHIPPED, shipped_lens

#: The lens ``walens init`` writes unless ``--from`` names a shipped one.
STARTER = "starter"
#: template file -> where it goes in the new project (``{slug}``: the lens folder)
PROJECT_FILES = {
    "walens.yaml": "walens.yaml",
    "requirements.txt": "requirements.txt",
    "gitignore": ".gitignore",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "github/lens-review.yml": ".github/workflows/lens-review.yml",
    "github/lens-publish.yml": ".github/workflows/lens-publish.yml",
}
_TEMPLATES = resources.files("publisher") / "templates" / "init"


#: The schemas of what a project holds: the lens JSON and its sources (their ``$schema`` hints point here).
EDITOR_SCHEMAS = ("lens", "lens-source", "pillar-source", "question-source")


def lens_slug(text: str) -> str:
    """A folder name for the lens: lower case letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "lens"


def project_files(root: Path, name: str | None = None, lens: str = STARTER) -> dict[str, str]:
    """Every file of the new project: path relative to ``root`` (POSIX) -> text."""
    if lens == STARTER:
        folder_title = root.resolve().name.replace("-", " ").replace("_", " ").title() or "My Lens"
        title = folder_title if name is None else name
        _check_name(title, "--name" if name is not None else f"the folder name {root.resolve().name!r}")
        slug = lens_slug(title)
        sources = {path: _render(template, title, slug) for template, path in _starter_templates(slug)}
    else:
        slug, folder = lens, shipped_lens(lens)
        sources = {f"lens_src/{slug}/{path}": text for path, text in _tree(folder)}
        if name is not None:  # the organisation's own name for its copy (the shipped lens is no AWS lens)
            _check_name(name, "--name")
            lens_yaml = f"lens_src/{slug}/lens.yaml"
            sources[lens_yaml] = re.sub(r"(?m)^name: .*$", lambda _: f"name: {json.dumps(name)}",
                                        sources[lens_yaml], count=1)
    files = {path: aim(path, text, PROJECT_SCHEMAS) for path, text in sources.items()}
    files |= {f"{PROJECT_SCHEMAS}/{name}.schema.json":
              resources.files("publisher.schemas").joinpath(f"{name}.schema.json").read_text(encoding="utf-8")
              for name in EDITOR_SCHEMAS}
    files |= {target: _render(template, "", slug) for template, target in PROJECT_FILES.items()}
    files[f"build/{slug}.json"] = _compiled(files, slug)
    return files


def scaffold(root: Path, name: str | None = None, lens: str = STARTER) -> list[Path]:
    """Write the project into ``root`` and return the files written."""
    files = project_files(root, name, lens)
    refuse_unsafe(root, files)
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(path, "x", encoding="utf-8", newline="\n") as handle:  # exclusive: never through a link
                handle.write(text)
        except FileExistsError as exc:  # made since the checks above: another process is writing here
            raise UsageError(f"walens init: {path} appeared while init was writing; nothing written over it") from exc
    return [root / relative for relative in files]


def refuse_unsafe(root: Path, relatives: Iterable[str]) -> None:
    """Raise UsageError, before anything is written, when a file to write exists, a folder on its way
    is not a folder, or any path below ``root`` is a symbolic link (dangling or not)."""
    if root.is_symlink() and not root.exists():
        raise UsageError(f"walens init: {root} is a dangling symbolic link")
    if root.exists() and not root.is_dir():
        raise UsageError(f"walens init: {root} is not a folder")
    existing = []
    for relative in relatives:
        path = root
        parts = PurePosixPath(relative).parts
        for depth, part in enumerate(parts, start=1):
            path = path / part
            if path.is_symlink():
                raise UsageError(f"walens init: {path} is a symbolic link; init writes nothing through links")
            if depth < len(parts) and path.exists() and not path.is_dir():
                raise UsageError(f"walens init: {path} is not a folder, and {root / relative} goes in it")
        if path.exists():
            existing.append(str(path))
    if existing:
        raise UsageError(f"walens init never overwrites: {', '.join(sorted(existing))} already exist(s)")


def available_lenses() -> dict[str, str]:
    """``--from`` choices -> one line about each."""
    lines = {STARTER: "a one-pillar, one-question lens to start from (the default)"}
    for name in SHIPPED:
        document = load_sources(shipped_lens(name)).document()
        questions = sum(len(pillar["questions"]) for pillar in document["pillars"])
        lines[name] = f"{clean(document['name'])}: {len(document['pillars'])} pillars, {questions} questions"
    return lines


def _check_name(name: str, what: str) -> None:
    if not name.strip():
        raise UsageError(f"walens init: {what} is empty")
    if len(name) > MAX_NAME_LENGTH:
        raise UsageError(f"walens init: {what} has {len(name)} characters; a lens name has at most {MAX_NAME_LENGTH}")
    if clean(name) != name:
        raise UsageError(f"walens init: {what} holds control characters: {clean(name)}")
    rejected = sorted(set(REJECTED_CHARACTER.findall(name)))
    if rejected:
        raise UsageError(f"walens init: {what} holds {', '.join(map(repr, rejected))}, which ImportLens rejects in "
                         f"a lens name; allowed are {ALLOWED_CHARACTERS}")


def _starter_templates(slug: str) -> Iterator[tuple[str, str]]:
    for template, _text in _tree(_TEMPLATES / "lens"):
        yield f"lens/{template}", f"lens_src/{slug}/{template}"


def _tree(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(relative POSIX path, text) of every file below ``folder``, in name order."""
    for entry in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if entry.is_dir():
            yield from _tree(entry, f"{prefix}{entry.name}/")
        elif entry.is_file():
            yield f"{prefix}{entry.name}", entry.read_text(encoding="utf-8")


def _compiled(files: dict[str, str], slug: str) -> str:
    """``build/<slug>.json``: the lens sources compiled, in a scratch copy (nothing is written yet)."""
    with tempfile.TemporaryDirectory(prefix="walens-init-") as scratch:
        for relative, text in files.items():
            if relative.startswith("lens_src/"):
                path = Path(scratch, relative)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8", newline="\n")
        return dumps(load_sources(Path(scratch, "lens_src", slug)).document())


def _render(template: str, name: str, slug: str) -> str:
    text = (_TEMPLATES / template).read_text(encoding="utf-8")
    return (text.replace("{name}", json.dumps(name, ensure_ascii=False)).replace("{slug}", slug)
            .replace("{requirement}", pip_requirement()))

