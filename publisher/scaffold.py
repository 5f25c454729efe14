"""``walens init``: a new lens project that validates strictly and publishes into a sandbox as it stands.

The files come from ``publisher/templates/init``; ``{name}`` and ``{slug}`` in them are replaced,
and ``build/<slug>.json`` is compiled from them, so ``walens build --check`` passes from the start.
Nothing is ever overwritten: if any file to write exists, nothing is written.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

from publisher.errors import UsageError
from publisher.lensjson import dumps
from publisher.loader import load_sources

#: template file -> where it goes in the new project
LAYOUT = {
    "lens/lens.yaml": "lens_src/{slug}/lens.yaml",
    "lens/operations/pillar.yaml": "lens_src/{slug}/operations/pillar.yaml",
    "lens/operations/ops_ownership.md": "lens_src/{slug}/operations/ops_ownership.md",
    "walens.yaml": "walens.yaml",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "github/lens-review.yml": ".github/workflows/lens-review.yml",
}


def lens_slug(text: str) -> str:
    """A folder name for the lens: lower case letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "lens"


def scaffold(root: Path, name: str | None = None) -> list[Path]:
    """Write the project into ``root`` and return the files written."""
    slug = lens_slug(name or root.resolve().name)
    title = name or root.resolve().name.replace("-", " ").replace("_", " ").title() or "My Lens"
    files = {root / target.format(slug=slug): _render(template, title, slug) for template, target in LAYOUT.items()}
    build = root / "build" / f"{slug}.json"
    existing = sorted(str(path) for path in [*files, build] if path.exists() or path.is_symlink())
    if existing:
        raise UsageError(f"walens init never overwrites: {', '.join(existing)} already exist(s)")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    build.parent.mkdir(parents=True, exist_ok=True)
    build.write_text(dumps(load_sources(root / "lens_src" / slug).document()), encoding="utf-8", newline="\n")
    return [*files, build]


def _render(template: str, name: str, slug: str) -> str:
    text = resources.files("publisher").joinpath("templates", "init", template).read_text(encoding="utf-8")
    return text.replace("{name}", json.dumps(name, ensure_ascii=False)).replace("{slug}", slug)
