"""Which driver and pool errors become 503 service-unavailable: each asyncpg error is put through SQLAlchemy's own
translation and wrapping, so the test sees exactly what the route sees."""

import asyncpg
import pytest
import sqlalchemy.exc as sa_exc
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_connection, PGDialect_asyncpg

from app.core.routing import _is_unavailable


def as_raised_by_sqlalchemy(error: Exception) -> BaseException:
    """What a query through SQLAlchemy raises when asyncpg raises ``error``."""
    dbapi = PGDialect_asyncpg.import_dbapi()
    try:
        AsyncAdapt_asyncpg_connection._handle_exception_no_connection(dbapi, error)
    except Exception as translated:
        if isinstance(translated, dbapi.Error):
            return sa_exc.DBAPIError.instance("SELECT 1", {}, translated, dbapi.Error)
        return translated
    raise AssertionError("not raised")


UNAVAILABLE = [
    asyncpg.exceptions.AdminShutdownError("terminating connection due to administrator command"),
    asyncpg.exceptions.CrashShutdownError("terminating connection because of crash of another server process"),
    asyncpg.exceptions.CannotConnectNowError("the database system is starting up"),
    asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
    asyncpg.exceptions.ConnectionFailureError("connection failure"),
    asyncpg.exceptions.InterfaceError("connection is closed"),
    asyncpg.exceptions.QueryCanceledError("canceling statement due to statement timeout"),
    asyncpg.exceptions.TooManyConnectionsError("sorry, too many clients already"),
    asyncpg.exceptions.ReadOnlySQLTransactionError("cannot execute UPDATE in a read-only transaction"),
    asyncpg.exceptions.LockNotAvailableError("canceling statement due to lock timeout"),
    asyncpg.exceptions.DeadlockDetectedError("deadlock detected"),
    asyncpg.exceptions.SerializationError("could not serialize access due to concurrent update"),
    ConnectionRefusedError(111, "Connection refused"),
    FileNotFoundError(2, "No such file or directory"),  # the server's Unix socket is gone
    TimeoutError(),  # connect timeout or asyncpg command_timeout
]
NOT_UNAVAILABLE = [
    asyncpg.exceptions.UniqueViolationError("duplicate key value violates unique constraint"),
    asyncpg.exceptions.UndefinedTableError('relation "nowhere" does not exist'),
    asyncpg.exceptions.DataError("invalid input syntax"),
    asyncpg.exceptions.DivisionByZeroError("division by zero"),
]


@pytest.mark.parametrize("error", UNAVAILABLE, ids=lambda e: type(e).__name__)
def test_driver_errors_of_an_unreachable_or_stuck_database_are_unavailable(error: Exception) -> None:
    assert _is_unavailable(as_raised_by_sqlalchemy(error)) is True


@pytest.mark.parametrize("error", NOT_UNAVAILABLE, ids=lambda e: type(e).__name__)
def test_errors_of_the_request_or_the_code_are_not_unavailable(error: Exception) -> None:
    assert _is_unavailable(as_raised_by_sqlalchemy(error)) is False


def test_a_pool_timeout_is_unavailable() -> None:
    assert _is_unavailable(sa_exc.TimeoutError("QueuePool limit of size 1 overflow 0 reached")) is True


def test_an_invalidated_connection_is_unavailable() -> None:
    error = sa_exc.DBAPIError.instance("SELECT 1", {}, Exception("gone"), Exception, connection_invalidated=True)
    assert _is_unavailable(error) is True


def test_a_plain_bug_is_not_unavailable() -> None:
    assert _is_unavailable(ValueError("bug")) is False
