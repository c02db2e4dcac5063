"""Field types with the ranges the bureau can store and compute with, checked when a request is read.

A time from year 1 or 9999 is valid ISO 8601 but overflows a unix timestamp; such a value is
refused (422) like any other invalid field rather than failing deep inside a handler.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator

EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def _plausible(moment: datetime) -> datetime:
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise ValueError(f"a time between the years {EARLIEST_YEAR} and {LATEST_YEAR}")
    return moment


Moment = Annotated[datetime, AfterValidator(_plausible)]
"""A date-time in the years the bureau deals in; its `.timestamp()` cannot overflow."""
