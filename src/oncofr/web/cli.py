"""The `oncofr serve` command: the web application and REST API (docs/web.md)."""

from __future__ import annotations

import ipaddress
import threading
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    db: Annotated[
        str | None,
        typer.Option(help="The store (a DuckDB file or postgresql://…) for the cohort pages."),
    ] = None,
    host: Annotated[str, typer.Option(help="Address to listen on (local only by default).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(envvar="ONCOFR_TOKEN", help="Bearer token required by every request "
                     "but /health (or set ONCOFR_TOKEN)."),
    ] = None,
    max_upload: Annotated[
        int, typer.Option(help="Largest request body accepted, in bytes.")
    ] = 5 * 1024 * 1024,
) -> None:
    """Start the web application: paste-and-extract, document and cohort pages, /v1 API."""
    try:
        import uvicorn

        from oncofr.web.app import create_app
        from oncofr.web.extraction import warm_up
    except ImportError as error:
        typer.secho(f"error: {error}; install the web extra: pip install 'oncofr[web]'",
                    err=True, fg="red")
        raise typer.Exit(2) from error
    if db:
        _check_store(db)
    if _loopback(host) is None and not token:
        typer.secho(f"warning: listening on {host} without --token: anyone who can reach it "
                    "can read the store", err=True, fg="yellow")
    app = create_app(db, token, max_upload, allowed_hosts=_local_names(host))
    threading.Thread(target=warm_up, daemon=True, name="oncofr-warm-up").start()
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"OncoFR is at http://{shown}:{port}  (Ctrl+C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _check_store(db: str) -> None:
    from oncofr.store import open_store
    from oncofr.store.connect import redact

    try:
        open_store(db, read_only=True).close()
    except Exception as error:
        where = "" if redact(db) in str(error) else f"{redact(db)}: "
        typer.secho(f"error: {where}{error}", err=True, fg="red")
        raise typer.Exit(2) from error


def _loopback(host: str) -> int | None:
    """4 or 6 for a loopback address (`localhost` is 4), None for any other."""
    if host == "localhost":
        return 4
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None
    return address.version if address.is_loopback else None


def _local_names(host: str) -> list[str] | None:
    """The Host names an IPv4 loopback server answers, against DNS rebinding (None: any)."""
    return sorted({"127.0.0.1", "localhost", host}) if _loopback(host) == 4 else None
