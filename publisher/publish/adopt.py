"""Adopting a lens that was published by hand: export it, write its sources, point walens.yaml at it.

``walens decompile published OUT_DIR --lens-name NAME`` (or ``--lens-arn``, or ``draft``) reads the
lens from the one target the config and flags select, writes sources whose build equals the
export (the version and the lens's own tags go to ``lens.yaml``), and records the lens folder and
the lens ARN for that Region in ``walens.yaml``, so that the next ``walens plan`` has nothing to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from publisher.errors import ConfigError, UsageError
from publisher.publish.config import DEFAULT_CONFIG, load_config
from publisher.publish.exporter import export_from, only_target, reading
from publisher.publish.plan import current_tags
from publisher.publish.targets import Connector, Overrides, Target

WALENS_TAG_PREFIX = "walens:"


@dataclass(frozen=True)
class AdoptedLens:
    doc: dict[str, Any]
    arn: str
    version: str
    tags: dict[str, str]
    target: Target


def export_existing(which: str, *, lens_name: str | None, lens_arn: str | None, config_path: Path | None,
                    overrides: Overrides, connector: Connector | None = None) -> AdoptedLens:
    """The ``published`` (or ``draft``) lens named by ``lens_name`` or ``lens_arn`` in the one selected
    target, with its own tags (walens's left out)."""
    if (lens_name is None) == (lens_arn is None):
        raise UsageError(f"decompile {which} needs exactly one of --lens-name and --lens-arn")

    target = only_target(which, load_config(config_path), overrides)
    exported = export_from(which, target, name=lens_name or "", arn=lens_arn, connector=connector)
    with reading(which):
        tags = current_tags(exported.aws.wa, exported.arn)
    own = {key: value for key, value in tags.items() if not key.startswith(WALENS_TAG_PREFIX)}
    return AdoptedLens(exported.doc, exported.arn, exported.version or "1.0", own, exported.target)


def record_in_config(config_path: Path | None, lens_dir: Path, adopted: AdoptedLens) -> Path:
    """Write (or update) walens.yaml: ``lens`` is ``lens_dir``, the target knows the lens ARN for its Region."""
    path = config_path or Path(DEFAULT_CONFIG)
    target = adopted.target
    data: dict[str, Any] = {}
    if path.is_file():
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        data = loaded if isinstance(loaded, dict) else {}
    data["lens"] = _relative(lens_dir, path.resolve().parent)
    entries = data.setdefault("targets", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: targets: expected a list", key="targets")
    entry = next((e for e in entries if isinstance(e, dict) and e.get("name") == target.name), None)
    if entry is None:
        entry = {"name": target.name, "regions": [target.region]}
        entry |= {"endpointUrl": target.endpoint_url} if target.endpoint_url else {}
        entry |= {"profile": target.profile} if target.profile else {}
        entry |= {"roleArn": target.role_arn} if target.role_arn else {}
        entries.append(entry)
    entry.setdefault("lensArn", {})[target.region] = adopted.arn
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _relative(folder: Path, base: Path) -> str:
    try:
        return folder.resolve().relative_to(base).as_posix()
    except ValueError:
        return str(folder.resolve())
