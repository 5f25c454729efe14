"""The lens one target holds, exported: ``walens diff published|draft`` and adoption (``decompile published``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from publisher.errors import OperationFailed, UsageError, WalensError
from publisher.lensjson import without_service_keys
from publisher.publish.awserrors import describe
from publisher.publish.config import WalensConfig, load_config
from publisher.publish.exports import export_lens
from publisher.publish.lensfind import find_lens
from publisher.publish.release import build_release
from publisher.publish.targets import Connector, Overrides, Target, TargetClients, resolve_targets

WHICH = ("published", "draft")


@dataclass(frozen=True)
class ExportedLens:
    """The exported document (without ``number`` fields), where it came from, and the clients that read it."""

    doc: dict[str, Any]
    arn: str
    version: str | None  # None: the draft
    target: Target
    aws: TargetClients


@contextmanager
def reading(which: str) -> Iterator[None]:
    """AWS failures while reading the lens (no credentials, access denied...) become OperationFailed."""
    try:
        yield
    except WalensError:
        raise
    except (BotoCoreError, ClientError) as exc:
        raise OperationFailed(f"cannot read the {which} lens: {describe(exc)}") from exc


def only_target(which: str, config: WalensConfig, overrides: Overrides) -> Target:
    """The one target and Region the config and ``overrides`` select, to read the ``which`` lens from."""
    if which not in WHICH:
        raise UsageError(f"unknown lens reference {which!r}; use one of {', '.join(WHICH)}")
    targets = resolve_targets(config, overrides)
    if len(targets) != 1:
        labels = ", ".join(target.label for target in targets)
        raise UsageError(f"{which!r} needs exactly one target and Region, the config selects {labels}; "
                         "select one with --target and --region where the command offers them, "
                         "or narrow walens.yaml")
    return targets[0]


def export_from(which: str, target: Target, *, name: str, arn: str | None = None,
                connector: Connector | None = None) -> ExportedLens:
    """The ``published`` or ``draft`` lens named ``name`` (or ``arn``) in ``target``."""
    aws = TargetClients(connector or Connector(), target)
    with reading(which):
        state = find_lens(aws.wa, name, arn or target.lens_arn)
        if state is None:
            raise UsageError(f"no lens named {name!r} in {target.label}: it does not exist there, or it is "
                             "another account's lens shared with this one")
        if which == "draft" and not state.has_draft:
            raise UsageError(f"lens {state.arn} has no draft")
        if which == "published" and state.published_version is None:
            raise UsageError(f"lens {state.arn} has no published version (only a draft)")
        version = state.published_version if which == "published" else None
        doc = dict(without_service_keys(export_lens(aws.wa, state.arn, version)))
    return ExportedLens(doc, state.arn, version, target, aws)


def make_exporter(config_path: Path | None = None, overrides: Overrides | None = None,
                  connector: Connector | None = None, lens_dir: Path | None = None) -> Callable[[str], dict[str, Any]]:
    """A callable mapping ``published`` or ``draft`` to that lens document, for the lens of the config
    (``lens_dir`` overrides its folder), in the single target/Region the config and ``overrides`` select."""

    def exporter(which: str) -> dict[str, Any]:
        config = load_config(config_path)
        if lens_dir is not None:
            config = config.with_lens_dir(lens_dir)
        target = only_target(which, config, overrides or Overrides())
        name = build_release(config.existing_lens_dir(), {}, validate=False).name
        return export_from(which, target, name=name, connector=connector).doc

    return exporter
