"""The ``ilacs`` command line."""

import asyncio
import os
import signal
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from app.core.config import get_settings

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from app.core.context import Context

T = TypeVar("T")

cli = typer.Typer(
    help="ilacs-api: the system of record for ILACS inspections.", no_args_is_help=True, pretty_exceptions_enable=False
)
keys_cli = typer.Typer(help="Manage API keys.", no_args_is_help=True)
cli.add_typer(keys_cli, name="keys")


def _database_url() -> str:
    from app.core.database import resolve_database_url

    return resolve_database_url(get_settings())


def _run_with_session(fn: "Callable[[AsyncSession], Awaitable[T]]") -> T:
    """Run ``await fn(session)`` in one transaction against the configured database."""
    from app.core.database import Database, make_command_engine

    url = _database_url()

    async def main() -> T:
        db = Database(make_command_engine(url, get_settings(), pool_size=2))
        try:
            async with db.session() as session:
                result = await fn(session)
                await session.commit()
                return result
        finally:
            await db.dispose()

    return asyncio.run(main())


def _cli_context(session: "AsyncSession") -> "Context":
    """Changes made from the command line are audited under the actor ``ilacs-cli``."""
    from app.core.context import Context
    from app.core.security import local_principal

    return Context(session=session, principal=local_principal("ilacs-cli"))


@cli.command()
def migrate() -> None:
    """Upgrade the database to the latest schema."""
    from app.core.migrations import upgrade

    upgrade(_database_url())
    typer.echo("database migrated")


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
) -> None:
    """Migrate, fill an empty database with the national record and a demo, then serve."""
    import uvicorn

    from app.core.http_server import raise_descriptor_limit
    from app.core.logging import configure_logging
    from app.core.migrations import upgrade
    from app.core.supervision import prepare_workers
    from app.seed import seed_if_empty

    started = time.perf_counter()
    settings = get_settings()
    configure_logging(settings.log_level)
    url = _database_url()
    os.environ["ILACS_DATABASE_URL"] = url  # workers share the one server this process resolved
    get_settings.cache_clear()
    upgrade(url)
    seeded = seed_if_empty(url)
    typer.echo(
        f"ilacs: database ready in {time.perf_counter() - started:.2f}s" + (" (seeded)" if seeded else ""), err=True
    )
    if settings.bootstrap_admin_key is None:
        typer.echo(
            "ilacs: get an admin key with `ilacs keys create --name me --role admin` "
            "(or set ILACS_BOOTSTRAP_ADMIN_KEY)",
            err=True,
        )
    typer.echo(f"ilacs: serving on http://{host}:{port} (docs at /docs)", err=True)
    # After its graceful shutdown uvicorn raises the SIGTERM it caught again; exit normally on it, so that
    # atexit stops the embedded PostgreSQL this process started instead of leaving it running.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    raise_descriptor_limit()
    prepare_workers(workers)
    uvicorn.run(
        "app.asgi:app",
        host=host,
        port=port,
        workers=workers,
        log_config=None,
        access_log=False,
        proxy_headers=False,
        server_header=False,
        date_header=True,
        # Deadlines on headers and bodies, a cap on connections, problem documents for malformed HTTP.
        http="app.core.http_server:DeadlineProtocol",
        timeout_keep_alive=settings.http_keep_alive_seconds,  # type: ignore[arg-type]
    )


def _exit_on_signal(signum: int, _frame: object) -> None:
    sys.exit(128 + signum)


@cli.command()
def openapi(check: Annotated[bool, typer.Option("--check", help="Fail if openapi.json differs.")] = False) -> None:
    """Write the app's OpenAPI document to openapi.json (or check it)."""
    from app.openapi_file import OPENAPI_PATH, render_openapi

    rendered = render_openapi()
    if check:
        current = OPENAPI_PATH.read_text(encoding="utf-8") if OPENAPI_PATH.exists() else ""
        if current != rendered:
            typer.echo("openapi.json is out of date: run `ilacs openapi`", err=True)
            raise typer.Exit(1)
        typer.echo("openapi.json is up to date")
        return
    OPENAPI_PATH.write_text(rendered, encoding="utf-8")
    typer.echo(f"wrote {OPENAPI_PATH}")


@keys_cli.command("create")
def keys_create(
    name: Annotated[str, typer.Option(help="A name for the key's holder.")],
    role: Annotated[str, typer.Option(help="reader, authority, inspectorate or admin.")],
    authority: Annotated[str | None, typer.Option(help="Authority code, for authority keys.")] = None,
) -> None:
    """Create a key and print its secret (shown this once)."""
    from pydantic import ValidationError

    from app.api_keys.schemas import ApiKeyCreate
    from app.api_keys.service import create
    from app.core.errors import ProblemError

    try:
        data = ApiKeyCreate.model_validate({"name": name, "role": role, "authority_code": authority})
        key, secret = _run_with_session(lambda s: create(_cli_context(s), data))
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        typer.echo(f"error: {problems}", err=True)
        raise typer.Exit(2) from exc
    except ProblemError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"id:     {key.id}\nrole:   {key.role}\nsecret: {secret}\n(the secret is shown this once)")


@keys_cli.command("list")
def keys_list() -> None:
    """List keys (never their secrets)."""
    import sqlalchemy as sa

    from app.models import ApiKey

    async def fetch(session: "AsyncSession") -> "Sequence[ApiKey]":
        return (await session.scalars(sa.select(ApiKey).order_by(ApiKey.created_at))).all()

    for key in _run_with_session(fetch):
        state = "revoked" if key.revoked_at else "active"
        typer.echo(f"{key.id}  {key.prefix}…  {key.role:<12} {key.authority_code or '-':<10} {state:<8} {key.name}")


@keys_cli.command("revoke")
def keys_revoke(key_id: str) -> None:
    """Revoke a key at once."""
    from app.api_keys.service import revoke
    from app.core.errors import ProblemError

    try:
        _run_with_session(lambda s: revoke(_cli_context(s), uuid.UUID(key_id)))
    except (ValueError, ProblemError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"revoked {key_id}")


@cli.command("import")
def import_file(
    file: Annotated[
        list[Path],
        typer.Argument(
            help="The file: an official edition (ODS), the report-scrape CSV or a report PDF; kind told from content."
        ),
    ],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Read and check everything, store nothing.")] = False,
    authority_code: Annotated[
        str | None, typer.Option(help="Report PDF: the authority, where the title does not name one.")
    ] = None,
    published_on: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Report PDF: publication date (needed when the inspection is new)."),
    ] = None,
    report_url: Annotated[str | None, typer.Option(help="Report PDF: where the report is published.")] = None,
) -> None:
    """Import a file into the record; idempotent. (`ilacs import ofsted-outcomes FILE` still works.)"""
    from app.imports.command import run_import_command

    paths = file[1:] if len(file) == 2 and str(file[0]) == "ofsted-outcomes" else file
    if len(paths) != 1:
        typer.echo("usage: ilacs import FILE [--dry-run]", err=True)
        raise typer.Exit(2)
    given = {
        "authority_code": authority_code,
        "published_on": published_on.date().isoformat() if published_on else None,
        "report_url": report_url,
    }
    options = {name: value for name, value in given.items() if value is not None}
    raise typer.Exit(run_import_command(_database_url(), paths[0], dry_run=dry_run, options=options))


@cli.command()
def dispatch() -> None:
    """Run the webhook dispatcher alone (one per database: a second one waits to take over)."""
    from app.core.database import Database, make_engine
    from app.core.logging import configure_logging
    from app.webhooks.dispatcher import Dispatcher

    settings = get_settings()
    configure_logging(settings.log_level)
    url = _database_url()

    async def main() -> None:
        db = Database(make_engine(url, settings, pool_size=12, max_overflow=0))
        try:
            await Dispatcher(db, settings).run()
        finally:
            await db.dispose()

    asyncio.run(main())


@cli.command("demo-data")
def demo_data(scale: Annotated[int, typer.Option(min=0, help="N x national history for benchmarks.")] = 0) -> None:
    """Add a small realistic demo of plans, items and self-evaluations (or --scale N for benchmarks)."""
    from app.demo.service import run_demo_command

    raise typer.Exit(run_demo_command(_database_url(), scale))


def main() -> None:
    try:
        cli()
    except KeyboardInterrupt:
        sys.exit(130)
