"""The date histogram as server-side SVG: each bar with articles is a link that filters by its
dates.

Works without JavaScript (a click on a bar narrows the search); web/static/app.js adds
dragging across bars to pick a range and arrow keys between the bars (one Tab stop).
Geometry only here; templates/search.html draws.

The chart is drawn for the narrowest screen it must serve: a 390 px phone leaves 358 px for
it, so it never has more than MAX_SLOTS slots and every bar is at least 24 px wide (WCAG 2.2
target size). The search's buckets (search/histogram.py: days, months or years) are grouped
into weeks, quarters, decades... until they fit, and a long run of empty buckets (1988-2018
between the 1987 wire copy and the 2019 web pages) becomes one narrow break in the axis, so
the chart zooms to where the articles are instead of showing one bar and empty space.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from werkzeug.datastructures import MultiDict

from newsarchive.web.urls import search_url

WIDTH = 600
HEIGHT = 80
MIN_BAR = 4  # a non-empty bucket is always visible
MAX_SLOTS = 14  # 358 px / 14 = 25.6 px per bar on a 390 px phone
EMPTY_RUN = 3  # this many empty buckets in a row (or more) are drawn as one break
MAX_FILL = 56.0  # widest drawn bar (viewBox units), however few bars there are
FILL_SHARE = 0.7  # of a slot, the drawn bar; all of it is the link's area
ALL_LABELS = 4  # up to this many slots every slot is labelled; beyond, the first and last


@dataclass
class Bar:
    x: float  # the slot: the bar's link area, its whole height
    width: float
    fill_x: float  # the drawn bar
    fill_width: float
    y: float
    height: float
    label: str  # in words: "1987-03" or "1987-01 – 1987-03"
    count: int
    start: str
    end: str
    url: str | None  # None for an empty bucket: not a link, not a Tab stop
    axis: str = ""  # under the chart ("" for none)
    gap: bool = False  # a run of empty buckets drawn as one break

    @property
    def empty(self) -> bool:
        return not self.count


@dataclass
class Chart:
    interval: str  # what one bar counts: "day", "week", "month", "quarter", "year", ...
    bars: list[Bar]
    undated: int = 0  # the result's articles without a date: in no bar
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def first(self) -> str:
        return self.bars[0].label.split(" – ")[0]

    @property
    def last(self) -> str:
        return self.bars[-1].label.split(" – ")[-1]

    @property
    def peak(self) -> int:
        return max(bar.count for bar in self.bars)

    @property
    def links(self) -> list[Bar]:
        return [bar for bar in self.bars if bar.url]


@dataclass
class _Group:
    """Buckets drawn as one bar (or, when gap, a run of empty buckets drawn as one break)."""

    label: str
    axis_start: str
    axis_end: str
    start: date
    end: date
    count: int
    gap: bool = False


def _month_key(day: date) -> int:
    return day.year * 12 + day.month - 1


def _years(n: int) -> Callable[[date], int]:
    return lambda day: day.year // n


# per interval of the search's histogram: (name of a group, key of a bucket's start)
GROUPINGS: dict[str, list[tuple[str, Callable[[date], int]]]] = {
    "day": [("day", date.toordinal), ("week", lambda d: (d.toordinal() - 1) // 7),  # Mondays
            ("month", _month_key)],
    "month": [("month", _month_key), ("quarter", lambda d: _month_key(d) // 3),
              ("half-year", lambda d: _month_key(d) // 6), ("year", lambda d: d.year)],
    "year": [("year", lambda d: d.year),
             *((f"{n} years", _years(n)) for n in (2, 5, 10, 20, 50, 100, 200, 500, 1000))],
}


def _grouped(buckets: list, key: Callable[[date], int]) -> list[_Group]:
    groups: list[_Group] = []
    members: list = []
    for bucket in [*buckets, None]:
        if members and (bucket is None or key(bucket.start) != key(members[0].start)):
            first, last = members[0], members[-1]
            label = first.label if first is last else f"{first.label} – {last.label}"
            groups.append(_Group(label, first.label, last.label, first.start, last.end,
                                 sum(member.count for member in members)))
            members = []
        if bucket is not None:
            members.append(bucket)
    return groups


def _with_breaks(groups: list[_Group]) -> list[_Group]:
    """Runs of EMPTY_RUN or more empty groups become one gap."""
    slots: list[_Group] = []
    run: list[_Group] = []
    for group in [*groups, None]:
        if group is not None and not group.count:
            run.append(group)
            continue
        if len(run) >= EMPTY_RUN:
            first, last = run[0], run[-1]
            slots.append(_Group(f"{first.axis_start} – {last.axis_end}", first.axis_start,
                                last.axis_end, first.start, last.end, 0, gap=True))
        else:
            slots += run
        run = []
        if group is not None:
            slots.append(group)
    return slots


def slots_of(histogram, max_slots: int = MAX_SLOTS) -> tuple[str, list[_Group]]:
    """The coarsest grouping needed for the histogram's buckets to fit max_slots."""
    buckets = list(histogram.buckets)
    groupings = GROUPINGS.get(histogram.interval) or [(histogram.interval, lambda d: 0)]
    for name, key in groupings:
        slots = _with_breaks(_grouped(buckets, key))
        if len(slots) <= max_slots:
            return name, slots
    return name, slots


def chart(histogram, args: MultiDict) -> Chart | None:
    """Bars for a search.histogram.Histogram, each with articles linking to the search
    narrowed to its dates."""
    if not list(histogram.buckets):
        return None
    interval, slots = slots_of(histogram)
    peak = max(slot.count for slot in slots) or 1
    slot_width = WIDTH / len(slots)
    fill = min(MAX_FILL, slot_width * FILL_SHARE)
    bars = []
    for index, slot in enumerate(slots):
        height = 0.0 if not slot.count else max(MIN_BAR, HEIGHT * slot.count / peak)
        start, end = slot.start.isoformat(), slot.end.isoformat()
        x = index * slot_width
        if len(slots) <= ALL_LABELS:
            axis = "…" if slot.gap else slot.axis_start
        elif index == 0:
            axis = slot.axis_start
        elif index == len(slots) - 1:
            axis = slot.axis_end
        else:
            axis = ""
        bars.append(Bar(
            x=round(x, 2), width=round(slot_width, 2),
            fill_x=round(x + (slot_width - fill) / 2, 2), fill_width=round(fill, 2),
            y=round(HEIGHT - height, 2), height=round(height, 2), label=slot.label,
            count=slot.count, start=start, end=end,
            url=search_url(args, **{"from": start, "to": end}) if slot.count else None,
            axis=axis, gap=slot.gap,
        ))
    return Chart(interval, bars, histogram.undated)
