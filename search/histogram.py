"""Date histogram of a result set: per year, month or day, chosen from the result's span.

Dates come from one numpy array per reader (days since 0001-01-01, -1 = no date), so a
histogram is a `numpy.bincount` over the matching documents' bucket numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

NO_DATE = -1
# choose the finest interval that keeps the chart readable
MAX_DAY_BUCKETS = 92  # about a quarter
MAX_MONTH_BUCKETS = 48  # four years


@dataclass
class Bucket:
    """One bar: `start` and `end` are both inclusive (use them as from/to filters)."""

    label: str
    start: date
    end: date
    count: int

    def as_dict(self) -> dict[str, Any]:
        return {"label": self.label, "start": self.start.isoformat(),
                "end": self.end.isoformat(), "count": self.count}


@dataclass
class Histogram:
    interval: str  # "year" | "month" | "day"
    buckets: list[Bucket]
    undated: int = 0  # articles of the result without a date: in no bucket

    def as_dict(self) -> dict[str, Any]:
        return {"interval": self.interval, "buckets": [b.as_dict() for b in self.buckets],
                "undated": self.undated}


def ordinal_days(micros: np.ndarray) -> np.ndarray:
    """Whoosh DATETIME column values (microseconds since 0001-01-01) -> date ordinals - 1."""
    days = (micros // 86_400_000_000).astype(np.int64)
    days[micros <= 0] = NO_DATE
    return days


def _month_index(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(year, month) of each ordinal day, vectorised through numpy's datetime64."""
    epoch_offset = date(1970, 1, 1).toordinal() - 1
    d64 = (days - epoch_offset).astype("datetime64[D]")
    months = d64.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
    return months // 12 + 1970, months % 12 + 1


def _last_day_of_month(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


def month_keys(days: np.ndarray) -> np.ndarray:
    """year * 12 + month - 1 of each ordinal day (NO_DATE stays NO_DATE).

    A reader computes this once for every document, so a histogram by month or year is a
    bincount, not a date conversion of the whole result.
    """
    years, months = _month_index(np.where(days == NO_DATE, 0, days))
    return np.where(days == NO_DATE, NO_DATE, years * 12 + months - 1)


def build_histogram(days: np.ndarray, months: np.ndarray | None = None) -> Histogram | None:
    """Histogram over the given ordinal days (NO_DATE entries counted as `undated`); None
    if no dates.

    months, if given, holds month_keys(days) (precomputed per reader).
    """
    dated = days != NO_DATE
    undated = len(days) - int(np.count_nonzero(dated))
    days = days[dated]
    if not len(days):
        return None
    first, last = int(days.min()), int(days.max())
    if last - first + 1 <= MAX_DAY_BUCKETS:
        counts = np.bincount(days - first, minlength=last - first + 1)
        buckets = []
        for offset, count in enumerate(counts.tolist()):
            day = date.fromordinal(first + offset + 1)
            buckets.append(Bucket(day.isoformat(), day, day, count))
        return Histogram("day", buckets, undated)
    keys = month_keys(days) if months is None else months[dated]
    lo, hi = int(keys.min()), int(keys.max())
    if hi - lo + 1 <= MAX_MONTH_BUCKETS:
        counts = np.bincount(keys - lo, minlength=hi - lo + 1)
        buckets = []
        for offset, count in enumerate(counts.tolist()):
            year, month = divmod(lo + offset, 12)
            start = date(year, month + 1, 1)
            buckets.append(Bucket(f"{year:04d}-{month + 1:02d}", start,
                                  _last_day_of_month(year, month + 1), count))
        return Histogram("month", buckets, undated)
    years = keys // 12
    lo_year, hi_year = int(years.min()), int(years.max())
    counts = np.bincount(years - lo_year, minlength=hi_year - lo_year + 1)
    buckets = [Bucket(f"{lo_year + i:04d}", date(lo_year + i, 1, 1), date(lo_year + i, 12, 31), c)
               for i, c in enumerate(counts.tolist())]
    return Histogram("year", buckets, undated)
