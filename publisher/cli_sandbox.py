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
@click.option("--max-connections", default=64, show_default=True, type=click.IntRange(1, 10_000),
              help="Connections served at a time; beyond, idle ones are closed or new ones answered 503.")
@click.option("--request-timeout", default=30.0, show_default=True, type=click.FloatRange(0.1, 3600),
              help="Seconds a request may take from its first byte to the end of its body.")
def sandbox(port: int, host: str, region: str, access_log: bool, max_connections: int,
            request_timeout: float) -> None:
    """Run the local emulated wellarchitected API (moto server) in the foreground."""
    require_sandbox("sandbox")
    from publisher.sandbox.harness import environment_for
    from publisher.sandbox.server import SandboxServer

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
