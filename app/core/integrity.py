"""Integrity errors the database raises as a last line of defence, as problems instead of 500s."""

import sqlalchemy.exc as sa_exc

from app.core.errors import Conflict, ProblemError, ValidationFailed


def problem_for_integrity_error(exc: sa_exc.IntegrityError) -> ProblemError:
    code = getattr(exc.orig, "sqlstate", None)
    constraint = getattr(getattr(exc.orig, "__cause__", None), "constraint_name", None) or ""
    if code == "23505":
        return Conflict(f"A resource with the same unique value already exists ({constraint or 'unique'}).")
    if code == "23503":
        return Conflict(f"The change would break a reference between resources ({constraint or 'foreign key'}).")
    return ValidationFailed("The change breaks a rule of the stored data.")
