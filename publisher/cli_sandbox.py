"""``walens sandbox``: serve the emulated wellarchitected API in the foreground until Ctrl-C."""

from __future__ import annotations

import threading

import click

from publisher.errors import UsageError
from publisher.extras import require_sandbox


@click.command("sandbox")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(0, 65535),
              help="TCP port to listen on (0 picks a free one).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--region", default="us-east-1", show_default=True, help="Region to print in the environment.")
@click.option("--access-log/--no-access-log", default=False, help="Print one line per HTTP request.")
def sandbox(port: int, host: str, region: str, access_log: bool) -> None:
    """Run the local emulated wellarchitected API (moto server) in the foreground."""
    require_sandbox("sandbox")
    from publisher.sandbox.harness import environment_for
    from publisher.sandbox.server import SandboxServer

    server = SandboxServer(host, port, access_log=access_log, roles_must_exist=True)
    try:
        server.start()
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    endpoint = server.endpoint
    click.echo(f"walens sandbox: wellarchitected API at {endpoint}")
    click.echo("Use it from a shell with:")
    for name, value in environment_for(endpoint, region).items():
        click.echo(f"  export {name}={value}")
    click.echo(f"  export WALENS_SANDBOX_CONTROL_TOKEN={server.control_token}")
    click.echo(f"Control endpoint: {endpoint}/_walens/ (calls, faults, latency, clock, reset; send the token "
               "as X-Walens-Control-Token)")
    click.echo("Press Ctrl-C to stop.", err=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        click.echo("walens sandbox: stopping", err=True)
    finally:
        server.stop()
