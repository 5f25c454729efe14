"""The ``published`` / ``draft`` lens references of ``walens diff``: ExportLens from one target."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from publisher.errors import OperationFailed, UsageError, WalensError
from publisher.lensjson import without_service_keys
from publisher.publish.awserrors import describe
from publisher.publish.config import load_config
from publisher.publish.exports import export_lens
from publisher.publish.lensfind import find_lens
from publisher.publish.release import build_release
from publisher.publish.targets import Connector, Overrides, TargetClients, resolve_targets

WHICH = ("published", "draft")


def make_exporter(config_path: Path | None = None, overrides: Overrides | None = None,
                  connector: Connector | None = None, lens_dir: Path | None = None) -> Callable[[str], dict[str, Any]]:
    """A callable mapping ``published`` or ``draft`` to that lens document (without ``number`` fields)
    in the single target/Region the config and ``overrides`` select."""

    def exporter(which: str) -> dict[str, Any]:
        """The lens document; AWS failures (no credentials, access denied...) become OperationFailed."""
        try:
            return export(which)
        except WalensError:
            raise
        except (BotoCoreError, ClientError) as exc:
            raise OperationFailed(f"cannot read the {which} lens: {describe(exc)}") from exc

    def export(which: str) -> dict[str, Any]:
        if which not in WHICH:
            raise UsageError(f"unknown lens reference {which!r}; use one of {', '.join(WHICH)}")
        config = load_config(config_path)
        if lens_dir is not None:
            config = config.with_lens_dir(lens_dir)
        targets = resolve_targets(config, overrides or Overrides())
        if len(targets) != 1:
            labels = ", ".join(target.label for target in targets)
            raise UsageError(f"{which!r} needs exactly one target and Region, the config selects {labels}; "
                              "select one with --target and --region where the command offers them, "
                              "or narrow walens.yaml")
        aws = TargetClients(connector or Connector(), targets[0])
        name = build_release(config.existing_lens_dir(), {}, validate=False).name
        state = find_lens(aws.wa, name, targets[0].lens_arn)
        if state is None:
            raise UsageError(f"lens {name!r} does not exist in {targets[0].label}")
        if which == "draft" and not state.has_draft:
            raise UsageError(f"lens {state.arn} has no draft")
        if which == "published" and state.published_version is None:
            raise UsageError(f"lens {state.arn} has no published version")
        version = state.published_version if which == "published" else None
        return dict(without_service_keys(export_lens(aws.wa, state.arn, version)))

    return exporter
