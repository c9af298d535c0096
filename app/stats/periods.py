"""The points of a series: the last day of each calendar month, quarter or year between two dates."""

from datetime import date, timedelta
from enum import StrEnum


class Every(StrEnum):
    month = "month"
    quarter = "quarter"
    year = "year"


MONTHS_PER_PERIOD = {Every.month: 1, Every.quarter: 3, Every.year: 12}


def _month_end(year: int, month: int) -> date:
    """The last day of ``month`` of ``year`` (month may run past 12)."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


def period_ends(start: date, end: date, every: Every) -> list[date]:
    """The last days of the calendar periods that fall within ``start`` .. ``end`` (both inclusive)."""
    step = MONTHS_PER_PERIOD[every]
    month = start.month + (-start.month % step)  # the first period-ending month on or after start's month
    ends: list[date] = []
    while True:
        day = _month_end(start.year, month)
        if day > end:
            return ends
        if day >= start:
            ends.append(day)
        month += step
