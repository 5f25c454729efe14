"""``walens build`` and ``walens decompile``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from publisher.cli_exit import EXIT_FINDINGS
from publisher.cli_params import LocalPath, target_options
from publisher.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path

    from publisher.findings import Finding

DEFAULT_SOURCES = "lens_src"
DEFAULT_OUT = "build"
DIFF_LINES = 40


def find_lens_dirs(paths: tuple[Path, ...]) -> list[Path]:
    """The lens folders named by ``paths``; with none, every lens under ``lens_src/``."""
    from pathlib import Path

    from publisher.sources import is_lens_dir

    if paths:
        missing = [p for p in paths if not is_lens_dir(p)]
        if missing:
            raise UsageError(f"{missing[0]} is not a lens source folder (no lens.yaml)")
        return list(paths)
    found = sorted(p for p in Path(DEFAULT_SOURCES).glob("*") if is_lens_dir(p))
    if not found:
        raise UsageError(f"no lens source folders under {DEFAULT_SOURCES}/ (each needs a lens.yaml)")
    return found


def _print_findings(findings: list[Finding]) -> None:
    from publisher.findings import Finding

    for finding in sorted(findings, key=Finding.sort_key):
        click.echo(finding.as_line(), err=True)


def _stale_summary(path: Path, fresh: str) -> str:
    import difflib

    from publisher.safetext import clean

    if not path.exists():
        return f"{clean(path)} is missing"
    old = path.read_text(encoding="utf-8").splitlines()
    lines = [clean(line) for line in difflib.unified_diff(old, fresh.splitlines(), str(path), "fresh build",
                                                          lineterm="", n=1)]
    changed = sum(1 for line in lines[2:] if line[:1] in "+-")
    shown = "\n".join(lines[:DIFF_LINES])
    more = f"\n... ({len(lines) - DIFF_LINES} more diff lines)" if len(lines) > DIFF_LINES else ""
    return f"{clean(path)} differs from a fresh build ({changed} lines changed):\n{shown}{more}"


@click.command()
@click.argument("lens_dirs", nargs=-1, type=LocalPath(file_okay=False))
@click.option("--out", "out_dir", type=LocalPath(file_okay=False), default=DEFAULT_OUT,
              show_default=True, help="Folder for <lens>.json files.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when a committed build file is stale.")
def build(lens_dirs: tuple[Path, ...], out_dir: Path, check: bool) -> None:
    """Compile LENS_DIRS (default: every lens under lens_src/) into custom-lens JSON."""
    from publisher.lensjson import dumps
    from publisher.loader import load_sources
    from publisher.safetext import clean

    failed = False
    for lens_dir in find_lens_dirs(lens_dirs):
        lens = load_sources(lens_dir)
        _print_findings(lens.findings)
        if lens.errors:
            click.echo(f"{clean(lens_dir)}: not built: the sources have errors", err=True)
            failed = True
            continue
        text = dumps(lens.document())
        target = out_dir / f"{lens_dir.resolve().name}.json"
        if check:
            current = target.read_text(encoding="utf-8") if target.exists() else None
            if current != text:
                click.echo(_stale_summary(target, text), err=True)
                click.echo("run 'walens build' and commit the result", err=True)
                failed = True
            else:
                click.echo(f"{clean(target)} is up to date")
            continue
        out_dir.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
        click.echo(f"{clean(lens_dir)} -> {clean(target)} ({len(text.encode('utf-8'))} bytes)")
    if failed:
        raise click.exceptions.Exit(EXIT_FINDINGS)


@click.command()
@click.argument("source")
@click.argument("out_dir", type=LocalPath(file_okay=False))
@click.option("--version", "lens_version", default=None,
              help="Version to record in lens.yaml (the JSON format carries none). Default: 1.0, or the "
                   "published version when SOURCE is published.")
@click.option("--lens-name", help="With published/draft: the name of the lens to adopt.")
@click.option("--lens-arn", help="With published/draft: the ARN of the lens to adopt.")
@target_options
def decompile(source: str, out_dir: Path, lens_version: str | None, lens_name: str | None, lens_arn: str | None,
              config: Path | None, targets: tuple[str, ...], profile: str | None, regions: tuple[str, ...],
              endpoint_url: str | None) -> None:
    """Turn SOURCE into lens sources in OUT_DIR.

    SOURCE is a custom-lens JSON file (e.g. an ExportLens result), or published / draft: the lens
    named by --lens-name or --lens-arn in the one target the config and flags select, which is then
    adopted: walens.yaml gets the lens folder and the lens ARN, so the next plan has nothing to do.
    """
    from publisher.sources.decompiler import decompile as run_decompile

    if source in ("published", "draft"):
        from publisher.publish.adopt import export_existing, record_in_config
        from publisher.publish.targets import Overrides

        adopted = export_existing(source, lens_name=lens_name, lens_arn=lens_arn, config_path=config,
                                  overrides=Overrides(targets, profile, regions, endpoint_url))
        report = run_decompile(adopted.doc, out_dir, lens_version or adopted.version, adopted.tags)
        written = record_in_config(config, out_dir, adopted)
        click.echo(f"adopted {adopted.arn} ({source} {adopted.version}) from {adopted.target.label}; "
                   f"{written} now points at {out_dir}")
    else:
        from publisher.cli_lens import read_document

        if lens_name or lens_arn:
            raise UsageError("--lens-name and --lens-arn go with published or draft")
        report = run_decompile(read_document(source), out_dir, lens_version or "1.0")
    click.echo(f"wrote {report.files} files to {out_dir}")
    if report.verbatim_texts:
        click.echo(f"{report.verbatim_texts} texts kept verbatim in front matter (not expressible as Markdown)")
    if report.kept_extra_keys:
        click.echo(f"kept {len(report.kept_extra_keys)} keys the format does not define under 'extra': "
                   + ", ".join(sorted(set(report.kept_extra_keys))))
    if report.dropped_service_keys:
        click.echo(f"dropped {report.dropped_service_keys} 'number' fields added by ExportLens")
