"""Serve the app from inside the CLI: gunicorn's arbiter starts, watches and stops the worker
processes; each worker serves with waitress, whose one I/O thread reads every request whole
(headers and body, any number of connections at once) before one of the worker's threads
sees it. A slow or idle client holds a socket, not a thread (issue 14: gunicorn's gthread
worker gave a thread to each connection it read, so a few dozen slow clients stopped it).
"""

from __future__ import annotations

import logging
import os
import resource
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.workers.base import Worker
from waitress import wasyncore
from waitress.server import BaseWSGIServer, create_server

THREADS = 4  # per process: requests served at once; every other connection just waits
IDLE_SECONDS = 30  # a connection that sends nothing for this long is closed
MAX_CONNECTIONS = 1000  # open at once per process; more wait in the listen backlog
MAX_HEAD = 16 * 1024  # request line and headers (gunicorn allowed a 4,094-byte line)
MAX_BODY = 64 * 1024  # every route is a GET


class _Gunicorn(BaseApplication):
    def __init__(self, app: Any, options: dict[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self.application


class WaitressWorker(Worker):
    """A gunicorn worker process that serves its share of the listening socket with waitress."""

    def run(self) -> None:
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # a queue is expected
        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
        limit = MAX_CONNECTIONS if soft == resource.RLIM_INFINITY else min(MAX_CONNECTIONS,
                                                                             soft // 2)
        sockets: dict[int, Any] = {}
        create_server(_access_logged(self.wsgi, self.log), map=sockets,
                      sockets=[listener.sock for listener in self.sockets],
                      threads=self.cfg.threads, connection_limit=limit,
                      channel_timeout=IDLE_SECONDS, cleanup_interval=5,
                      max_request_header_size=MAX_HEAD, max_request_body_size=MAX_BODY,
                      asyncore_use_poll=True)
        servers = [each for each in sockets.values() if isinstance(each, BaseWSGIServer)]
        beat = 0.0
        while self.alive and self.ppid == os.getppid():
            if time.monotonic() - beat >= 1.0:
                self.notify()  # else the arbiter takes this process for hung and kills it
                beat = time.monotonic()
            wasyncore.loop(timeout=1.0, map=sockets, use_poll=True, count=1)
        self._stop(servers, sockets)

    def _stop(self, servers: list[BaseWSGIServer], sockets: dict[int, Any]) -> None:
        """Accept no more; let the requests under way finish (within the graceful timeout)."""
        for server in servers:
            server.accepting = False
        deadline = time.monotonic() + max(0.5, self.cfg.graceful_timeout - 1)
        while time.monotonic() < deadline and any(
                channel.requests or channel.total_outbufs_len
                for server in servers for channel in list(server.active_channels.values())):
            wasyncore.loop(timeout=0.1, map=sockets, use_poll=True, count=1)
        servers[0].task_dispatcher.shutdown(timeout=1)
        wasyncore.close_all(sockets)


def _access_logged(app: Callable, log: Any) -> Callable:
    """The app, with one line per request in gunicorn's access log (as gthread wrote it)."""

    def logged(environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        started = time.monotonic()
        environ.setdefault("RAW_URI", environ.get("REQUEST_URI", environ.get("PATH_INFO", "")))
        response = SimpleNamespace(status="-", headers=[], sent=0)

        def start(status: str, headers: list, exc_info: Any = None) -> Callable:
            response.status, response.headers = status, headers
            return start_response(status, headers, exc_info)

        def done() -> None:
            log.access(response, [], environ, timedelta(seconds=time.monotonic() - started))

        return _Counted(app(environ, start), response, done)

    return logged


class _Counted:
    """A response body that counts the bytes sent and logs when the server closes it."""

    def __init__(self, body: Iterable[bytes], response: SimpleNamespace,
                 done: Callable[[], None]) -> None:
        self._body, self._response, self._done = body, response, done

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._body:
            self._response.sent += len(chunk)
            yield chunk

    def close(self) -> None:
        try:
            close = getattr(self._body, "close", None)
            if close is not None:
                close()
        finally:
            self._done()


def check_address(host: str, port: int) -> None:
    """Raise OSError when no server can listen at host:port (the port in use, a port below
    1024 without the right, an address not this machine's): gunicorn would retry for five
    seconds and exit with only its log lines."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
        probe.bind((host, port))


def serve(app: Any, host: str, port: int, workers: int = 2, threads: int = THREADS,
          log_level: str = "warning", log_config: dict[str, Any] | None = None) -> None:
    """Run until interrupted. Threads share one index reader per worker process. `log_config`
    (a logging.config.dictConfig dictionary) sets where and how gunicorn's error and access
    logs are written; without it, as gunicorn writes them to standard error and output."""
    options: dict[str, Any] = {
        "bind": f"{host}:{port}", "workers": workers, "threads": threads,
        "worker_class": WaitressWorker, "accesslog": "-", "errorlog": "-",
        "loglevel": log_level, "timeout": 60, "graceful_timeout": 5,
    }
    if log_config:
        options["logconfig_dict"] = log_config
    _Gunicorn(app, options).run()
