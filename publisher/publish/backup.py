"""Local backups of a published version, written before walens imports over it."""

from __future__ import annotations

import os
import re
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from publisher.lensjson import dumps


def lens_slug(name: str) -> str:
    """A file-name-safe form of a lens name: ``Amazon EKS Lens`` -> ``amazon-eks-lens``."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "lens"


def save_backup(root: Path, account: str, region: str, lens_name: str, version: str, doc: dict[str, Any],
                now: datetime | None = None) -> Path:
    """Write ``doc`` to ``root/<account>/<region>/<lens>-<version>-<UTC timestamp>.json`` atomically."""
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%S%fZ")
    folder = root / account / region
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{lens_slug(lens_name)}-{version}-{stamp}.json"
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(dumps(doc))
    os.replace(temporary, path)
    return path
