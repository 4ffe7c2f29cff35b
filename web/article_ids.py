"""Article ids in URLs (`/article/<id>`, `/api/articles/<id>`): the link written for any id an
index can hold leads back to that id.

Ids come from file paths, JSON `id` fields and WARC records, so they may hold `../`, `//`,
`%`, `?`, `#`, line breaks or any letter. werkzeug's `path` converter writes `/` as it is and
matches no line break: a browser, curl or a proxy resolves `a.jsonl#x/../y` to `y` before
the server sees it, and an id with a line break was no route at all.
"""

from __future__ import annotations

from urllib.parse import quote

from werkzeug.routing import BaseConverter

# what a URL path may hold as it is (werkzeug's own choice for a path segment); `/` is added
# back for the ids that need no more
_SAFE = "!$&'()*+,:;=@"
_DOT_SEGMENTS = ("", ".", "..")  # what a client removes or merges: /./, /../, //


def id_path(article_id: str) -> str:
    """The id as URL path text: percent-encoded, `/` kept readable
    (`text/story.txt`) unless a part between slashes would be a dot segment or empty, when
    every `/` is `%2F` (`a.jsonl%23x%2F..%2Fy`), so no client can resolve it away."""
    if any(part in _DOT_SEGMENTS for part in article_id.split("/")):
        return quote(article_id, safe=_SAFE)
    return quote(article_id, safe=_SAFE + "/")


class ArticleIdConverter(BaseConverter):
    """`<article_id:name>`: the rest of the path, any character (a line break too), as a
    server decodes it (`%2F` is `/` again); URLs are written with `id_path`."""

    regex = r"[\s\S]+?"  # may start with `/` (`%2F`): the id is everything after the prefix
    part_isolating = False
    weight = 200

    def to_url(self, value: str) -> str:
        return id_path(value)


def register(url_map) -> None:
    """Make `<article_id:...>` known; before any blueprint adds a rule that uses it."""
    url_map.converters["article_id"] = ArticleIdConverter
