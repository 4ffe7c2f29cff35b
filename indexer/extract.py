"""Main text of an HTML news page: the story without navigation, ads, captions or promos."""

from __future__ import annotations

import trafilatura


def extract_main_text(page: str, url: str | None = None) -> str:
    """The article text of ``page``, paragraphs separated by newlines ('' when none found)."""
    text = trafilatura.extract(page, url=url, favor_precision=True, include_comments=False,
                               include_tables=False, deduplicate=False)
    if not text:
        text = trafilatura.extract(page, url=url, favor_recall=True, include_comments=False)
    return text or ""
