"""The date histogram as server-side SVG: each bar is a link that filters by its dates.

Works without JavaScript (a click on a bar narrows the search); web/static/app.js adds
dragging across bars to pick a range. Geometry only here; templates/_histogram.html draws.
"""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from web.urls import search_url

WIDTH = 600
HEIGHT = 80
MIN_BAR = 2  # a non-empty bucket is always visible


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    count: int
    start: str
    end: str
    url: str


@dataclass
class Chart:
    interval: str
    bars: list[Bar]
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def first(self) -> str:
        return self.bars[0].label

    @property
    def last(self) -> str:
        return self.bars[-1].label

    @property
    def peak(self) -> int:
        return max(bar.count for bar in self.bars)


def chart(histogram, args: MultiDict) -> Chart | None:
    """Bars for a search.histogram.Histogram, each linking to the search narrowed to it."""
    buckets = list(histogram.buckets)
    if not buckets:
        return None
    peak = max(bucket.count for bucket in buckets) or 1
    slot = WIDTH / len(buckets)
    gap = min(2.0, slot * 0.15)
    bars = []
    for index, bucket in enumerate(buckets):
        height = 0.0 if not bucket.count else max(MIN_BAR, HEIGHT * bucket.count / peak)
        start, end = bucket.start.isoformat(), bucket.end.isoformat()
        bars.append(Bar(
            x=round(index * slot + gap / 2, 2), y=round(HEIGHT - height, 2),
            width=round(slot - gap, 2), height=round(height, 2), label=bucket.label,
            count=bucket.count, start=start, end=end,
            url=search_url(args, **{"from": start, "to": end}),
        ))
    return Chart(histogram.interval, bars)
