"""Alembic, driven from code: ``ilacs migrate``, ``ilacs serve`` and the tests all go through here."""

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from app.core.database import to_async_url


def _migrations_dir() -> Path:
    """Inside the package when installed from a wheel (``app/migrations``, copied there by setup.py at build time);
    ``migrations/`` beside the source tree in a checkout or an editable install. Never the working directory."""
    package = Path(__file__).resolve().parents[1]
    in_package = package / "migrations"
    return in_package if (in_package / "env.py").is_file() else package.parent / "migrations"


MIGRATIONS_DIR = _migrations_dir()


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        config.attributes["url"] = to_async_url(url)
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _in_thread_if_loop_running(fn: object) -> None:
    """Alembic's env.py runs its own event loop; call it from a thread when one is already running."""
    import threading

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        fn()  # type: ignore[operator]
        return
    errors: list[BaseException] = []

    def run() -> None:
        try:
            fn()  # type: ignore[operator]
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


def upgrade(url: str, revision: str = "head") -> None:
    _in_thread_if_loop_running(lambda: command.upgrade(alembic_config(url), revision))


def downgrade(url: str, revision: str = "base") -> None:
    _in_thread_if_loop_running(lambda: command.downgrade(alembic_config(url), revision))
