"""Load: N concurrent clients for S seconds over a mixed query set against a served index.

    .venv/bin/python bench/load.py [--index bench/.cache/search-200000] [--seconds 60]
                                   [--clients 16] [--server-workers 2] [--url http://127.0.0.1:PORT]

Starts `newsarchive serve` on a free loopback port (or uses --url, which must be a loopback
address), warms it up, then runs --clients asyncio clients (httpx) that each send one request
after another until --seconds have passed or --max-requests were sent, and stops the server.
The mix is what readers of an archive do: the search page, the JSON API with words, phrases,
OR / NOT, prefixes, near spellings, facet filters, date ranges, newest-first and later pages,
facet-value lookups and single articles. Prints requests/s, p50 / p90 / p99 / max latency,
the error count (any status other than 200, or no answer within --timeout), and the same per
kind of request. With --hostile it first sends each of a list of adversarial queries (leading
wildcards, many wildcards or near spellings, long and deep queries) alone and prints each
latency: the slowest thing one visitor can ask for.

The default index is the 200,000-article one bench/search.py builds (`--build` builds it here
with that script's builder if it is missing). The load generator runs on the same machine as
the server: on 2 cores shared with other work the figures are noisy; run it twice.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import ipaddress
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx

REPO = Path(__file__).resolve().parent.parent
DEFAULT_INDEX = REPO / "bench" / ".cache" / "search-200000"

# (kind, path, params): the mix every client cycles through, each from its own offset
MIX: list[tuple[str, str, dict[str, str]]] = [
    ("page", "/", {"q": "oil"}),
    ("word", "/api/search", {"q": "coffee"}),
    ("word", "/api/search", {"q": "inflation"}),
    ("common", "/api/search", {"q": "said"}),
    ("common", "/api/search", {"q": "mln dlrs"}),
    ("phrase", "/api/search", {"q": '"trade deficit"'}),
    ("phrase", "/api/search", {"q": '"interest rates"', "sort": "newest"}),
    ("bool", "/api/search", {"q": "oil OR gas"}),
    ("bool", "/api/search", {"q": "bank NOT rates"}),
    ("prefix", "/api/search", {"q": "export*"}),
    ("fuzzy", "/api/search", {"q": "inflaton~"}),
    ("facet", "/api/search", {"q": "gold", "country": "Canada"}),
    ("facet", "/api/search", {"q": "", "country": "Japan", "page": "3"}),
    ("facet", "/api/search", {"q": "rates", "org": "FED", "not_country": "United States"}),
    ("date", "/api/search", {"q": "wheat", "from": "1990-01-01", "to": "1999-12-31"}),
    ("page", "/", {"q": '"crude oil"', "country": "United States"}),
    ("page", "/", {"q": "shares", "page": "2"}),
    ("values", "/api/facets/persons", {"q": "trade", "prefix": "J"}),
    ("values", "/api/facets/orgs", {"q": ""}),
    ("all", "/api/search", {"q": "", "sort": "oldest", "size": "50"}),
    ("article", "ARTICLE", {}),
    ("article-page", "ARTICLE-PAGE", {}),
]


# adversarial queries for --hostile: each is sent once, alone, and its latency printed
HOSTILE: list[str] = [
    "*", "**", "?*", "*a*", "*e* *a*", "*tion", "a*", "s*", "t?e", "*a* OR *e* OR *i* OR *o*",
    " ".join(f"*{c}*" for c in "abcdefghijklmnopqrstuvwxyz"), "inflation~9", "a~2", "the~2",
    " OR ".join(f"{c}~2" for c in "abcdefghijklmnopqrstuvwxyz"),
    "(" * 300 + "oil" + ")" * 300, " ".join(f"w{i}" for i in range(150)),
    " OR ".join(f"w{i}" for i in range(120)), " ".join(["said"] * 150), '"' + "said " * 150 + '"',
    "date:[0001-01-01 TO 9999-12-31]", "[a TO z]", "body:[a TO zzzz]", "\x00\x1b" * 100,
]


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    examples: list[str] = field(default_factory=list)
    sent: int = 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def require_loopback(url: str) -> str:
    """Refuse to load anything but this machine: a benchmark is not a denial of service."""
    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror:
        sys.exit(f"error: cannot resolve {host!r}")
    if not addresses or not all(ipaddress.ip_address(a).is_loopback for a in addresses):
        sys.exit(f"error: {url} is not a loopback address; bench/load.py only loads this machine")
    return url.rstrip("/")


def build_if_missing(index_dir: Path, build: bool) -> None:
    if (index_dir / "current").exists():
        return
    if not build:
        sys.exit(f"error: no index at {index_dir}: run `.venv/bin/python bench/search.py` "
                 "(builds the 200,000-article index), or add --build, or pass --index DIR")
    spec = importlib.util.spec_from_file_location("bench_search", REPO / "bench" / "search.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    docs = int(index_dir.name.rsplit("-", 1)[-1]) if index_dir.name[-1].isdigit() else 200_000
    print(f"building a {docs}-article index in {index_dir} with bench/search.py ...", flush=True)
    print(f"  {module.build_index(index_dir, docs):.0f} s", flush=True)


def start_server(index_dir: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    """The server's log goes to a temporary file (a pipe nobody reads could fill and block
    it); stop_server prints what it logged (errors, tracebacks) and removes the file."""
    port = free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop_server)
    process = subprocess.Popen(
        [sys.executable, "-m", "newsarchive", "serve", "--index", str(index_dir),
         "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    process.stderr = log  # type: ignore[assignment]  # read back by stop_server
    return process, f"http://127.0.0.1:{port}"


def server_log(process: subprocess.Popen[bytes], lines: int = 60) -> str:
    log = process.stderr
    if log is None:
        return ""
    log.seek(0)
    return "\n".join(log.read().decode(errors="replace").splitlines()[-lines:])


def stop_server(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    logged = server_log(process)
    if logged.strip():
        print(f"\nserver log (last lines):\n{logged}")
    if process.stderr is not None:
        process.stderr.close()


async def wait_ready(client: httpx.AsyncClient, process: subprocess.Popen[bytes] | None) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            sys.exit("error: the server exited: "
                     + server_log(process))
        try:
            if (await client.get("/api/search", params={"q": "", "size": "1"})).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.2)
    sys.exit("error: the server did not answer within 120 s")


async def article_ids(client: httpx.AsyncClient) -> list[str]:
    data = (await client.get("/api/search", params={"q": "oil", "size": "50"})).json()
    return [hit["id"] for hit in data["hits"]] or ["missing"]


async def one_client(number: int, client: httpx.AsyncClient, ids: list[str], results: Results,
                     deadline: float, max_requests: int) -> None:
    step = number * 7
    while time.monotonic() < deadline and results.sent < max_requests:
        kind, path, params = MIX[step % len(MIX)]
        if path in ("ARTICLE", "ARTICLE-PAGE"):
            prefix = "/api/articles/" if path == "ARTICLE" else "/article/"
            path = prefix + quote(ids[step % len(ids)], safe="/")
        step += 1
        results.sent += 1
        started = time.perf_counter()
        try:
            response = await client.get(path, params=params)
            await response.aread()
            ok = response.status_code == 200
            problem = f"{response.status_code} {path} {params}"
        except httpx.HTTPError as error:
            ok, problem = False, f"{type(error).__name__} {path} {params}"
        results.latencies[kind].append(time.perf_counter() - started)
        if not ok:
            results.errors[kind] += 1
            if len(results.examples) < 5:
                results.examples.append(problem)


def ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def report(results: Results, seconds: float, clients: int) -> None:
    everything = [v for values in results.latencies.values() for v in values]
    errors = sum(results.errors.values())
    print(f"\n{len(everything)} requests from {clients} clients in {seconds:.1f} s: "
          f"{len(everything) / seconds:.1f} requests/s, {errors} errors")
    if not everything:
        return
    print(f"latency ms: p50 {ms(everything, .5):.0f}  p90 {ms(everything, .9):.0f}  "
          f"p99 {ms(everything, .99):.0f}  max {max(everything) * 1000:.0f}  "
          f"mean {statistics.fmean(everything) * 1000:.0f}")
    print(f"\n{'kind':<14}{'requests':>9}{'errors':>8}{'p50 ms':>8}{'p99 ms':>8}{'max ms':>8}")
    for kind, values in sorted(results.latencies.items()):
        print(f"{kind:<14}{len(values):>9}{results.errors.get(kind, 0):>8}{ms(values, .5):>8.0f}"
              f"{ms(values, .99):>8.0f}{max(values) * 1000:>8.0f}")
    for example in results.examples:
        print(f"  error: {example}")


async def hostile(client: httpx.AsyncClient) -> None:
    """Each adversarial query once, alone: what the slowest thing a visitor can ask costs."""
    print(f"\n{'hostile query (first 60 chars)':<62}{'status':>7}{'ms':>8}{'total':>9}")
    worst = 0.0
    for query in HOSTILE:
        started = time.perf_counter()
        try:
            response = await client.get("/api/search", params={"q": query})
            status = str(response.status_code)
            total = str(response.json().get("total", "-")) if status == "200" else "-"
        except httpx.HTTPError as error:
            status, total = type(error).__name__, "-"
        took = time.perf_counter() - started
        worst = max(worst, took)
        print(f"{query[:60]!r:<62}{status:>7}{took * 1000:>8.0f}{total:>9}")
    print(f"slowest hostile query: {worst * 1000:.0f} ms")


async def run(args: argparse.Namespace) -> int:
    process = None
    results = Results()
    if args.url:
        base = require_loopback(args.url)
    else:
        build_if_missing(args.index, args.build)
        process, base = start_server(args.index, args.server_workers)
    limits = httpx.Limits(max_connections=args.clients, max_keepalive_connections=args.clients)
    try:
        async with httpx.AsyncClient(base_url=base, timeout=args.timeout, limits=limits) as client:
            started = time.perf_counter()
            await wait_ready(client, process)
            ids = await article_ids(client)
            # warm-up: every server worker opens the index and builds its arrays once
            warm = Results()
            await asyncio.gather(*(one_client(n, client, ids, warm, time.monotonic() + 3600,
                                              len(MIX)) for n in range(args.clients)))
            print(f"server at {base}: ready and warmed up in {time.perf_counter() - started:.1f} "
                  f"s ({warm.sent} warm-up requests, {sum(warm.errors.values())} errors)")
            for example in warm.examples:
                print(f"  warm-up error: {example}")
            if args.hostile:
                await hostile(client)
            started = time.perf_counter()
            deadline = time.monotonic() + args.seconds
            await asyncio.gather(*(one_client(n, client, ids, results, deadline,
                                              args.max_requests) for n in range(args.clients)))
            report(results, time.perf_counter() - started, args.clients)
    finally:
        if process is not None:
            stop_server(process)
    return 1 if sum(results.errors.values()) else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX, help="Index to serve.")
    parser.add_argument("--url", help="Load this running server instead (loopback only).")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--server-workers", type=int, default=2, help="gunicorn workers.")
    parser.add_argument("--max-requests", type=int, default=500_000, help="Stop after these.")
    parser.add_argument("--timeout", type=float, default=10.0, help="Seconds per request.")
    parser.add_argument("--hostile", action="store_true",
                        help="First send each adversarial query once and print its latency.")
    parser.add_argument("--build", action="store_true",
                        help="Build the index with bench/search.py's builder if it is missing.")
    args = parser.parse_args()
    if not 1 <= args.clients <= 256 or not 0 < args.seconds <= 3600:
        parser.error("--clients must be 1-256 and --seconds 0-3600")
    sys.exit(asyncio.run(run(args)))


if __name__ == "__main__":
    main()
