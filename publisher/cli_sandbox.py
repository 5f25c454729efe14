"""``walens sandbox``: serve the emulated wellarchitected API in the foreground until Ctrl-C."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import click

from publisher.cli_params import LocalPath
from publisher.errors import UsageError
from publisher.extras import require_sandbox

if TYPE_CHECKING:
    from pathlib import Path

    from publisher.sandbox.org_spec import OrgSpec


@click.command("sandbox")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(0, 65535),
              help="TCP port to listen on (0 picks a free one).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--region", default="us-east-1", show_default=True, help="Region to print in the environment.")
@click.option("--access-log/--no-access-log", default=False, help="Print one line per HTTP request.")
@click.option("--org", "org_file", type=LocalPath(dir_okay=False),
              help="Create the AWS Organization, OUs, member accounts and roles this YAML file describes.")
@click.option("--max-connections", default=64, show_default=True, type=click.IntRange(1, 10_000),
              help="Connections served at a time; beyond, idle ones are closed or new ones answered 503.")
@click.option("--request-timeout", default=30.0, show_default=True, type=click.FloatRange(0.1, 3600),
              help="Seconds a request may take from its first byte to the end of its body.")
def sandbox(port: int, host: str, region: str, access_log: bool, org_file: Path | None, max_connections: int,
            request_timeout: float) -> None:
    """Run the local emulated wellarchitected API (moto server) in the foreground."""
    require_sandbox("sandbox")
    from publisher.sandbox import reset_sandbox
    from publisher.sandbox.harness import environment_for
    from publisher.sandbox.server import SandboxServer

    spec = None if org_file is None else _org_spec(org_file)
    reset_sandbox()  # an empty emulation, as in a process of its own, even when started inside another
    server = SandboxServer(host, port, access_log=access_log, roles_must_exist=True,
                           max_connections=max_connections, request_seconds=request_timeout)
    try:
        server.start()
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    endpoint = server.endpoint
    click.echo(f"walens sandbox: wellarchitected API at {endpoint}")
    click.echo("Use it from a shell with:")
    for name, value in environment_for(endpoint, region).items():
        click.echo(f"  export {name}={value}")
    if spec is not None:  # the organisation's APIs are served too
        for service in ("ORGANIZATIONS", "IAM"):
            click.echo(f"  export AWS_ENDPOINT_URL_{service}={endpoint}")
    click.echo(f"  export WALENS_SANDBOX_CONTROL_TOKEN={server.control_token}")
    click.echo(f"Control endpoint: {endpoint}/_walens/ (calls, faults, latency, clock, reset; send the token "
               "as X-Walens-Control-Token)")
    try:
        if spec is not None:
            _seed(endpoint, server.control_token, spec)
        click.echo("Press Ctrl-C to stop.", err=True)
        threading.Event().wait()
    except KeyboardInterrupt:
        click.echo("walens sandbox: stopping", err=True)
    finally:
        server.stop()


def _org_spec(path: Path) -> OrgSpec:
    """The organisation file, checked; every problem is printed on a line of its own."""
    from publisher.safetext import clean
    from publisher.sandbox.org_spec import OrgSpecError, load_org_spec

    try:
        return load_org_spec(path)
    except OrgSpecError as exc:
        for problem in exc.problems:
            click.echo(f"walens: error: {clean(problem)}", err=True)
        raise UsageError(f"{clean(str(path))}: {len(exc.problems)} problem(s) in the organisation file (listed "
                         "above)") from exc


def _seed(endpoint: str, control_token: str, spec: OrgSpec) -> None:
    from publisher.safetext import clean
    from publisher.sandbox.harness import Sandbox
    from publisher.sandbox.org_seed import seed_organisation

    click.echo("Organisation:")
    summary = seed_organisation(Sandbox(endpoint, control_token), spec).summary()  # names from the file
    click.echo("".join(f"{clean(line)}\n" for line in summary.splitlines()), nl=False)
