"""Logging for the command line and the server: one setting of level, format (text or JSON,
one object per line) and destination (standard error or a file) for newsarchive's own loggers
and for gunicorn's error and access logs, so a served instance logs where and how its operator
collects logs."""

from __future__ import annotations

import json
import logging
import logging.config
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

LEVELS = ("debug", "info", "warning", "error", "critical")
FORMATS = ("text", "json")
# gunicorn's access-log atoms (its record's args) -> the JSON keys they are written under
ACCESS_FIELDS = {"h": "remote", "r": "request", "s": "status",
                 "b": "bytes", "f": "referer", "a": "agent", "M": "duration_ms"}


NUMBERS = frozenset({"status", "bytes", "duration_ms"})  # gunicorn gives some as text ("-": none)


def _number(value: Any) -> int | float | None:
    """An access atom as a number: "200" -> 200, "-" (no body) -> None."""
    if isinstance(value, int | float):
        return value
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class CurrentStderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record comes (as logging's last-resort handler
    does), not the stream of the moment it was configured, which a caller may have replaced."""

    def __init__(self) -> None:
        logging.Handler.__init__(self)

    @property
    def stream(self) -> Any:  # type: ignore[override]
        return sys.stderr


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message (and for an access-log line the
    request's fields). Written here, not taken from python-json-logger: it is these few lines,
    and gunicorn's access records need their atoms unpacked anyway."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(), "logger": record.name,
        }
        entry["message"] = record.getMessage()  # an access line's: the combined format's
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            entry.update({key: _number(record.args.get(atom)) if key in NUMBERS
                          else record.args.get(atom) for atom, key in ACCESS_FIELDS.items()})
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """`error: the message`, as the command line has always printed problems; with the time in
    front when the log goes to a file."""

    def __init__(self, timed: bool = False) -> None:
        super().__init__()
        self.timed = timed

    def format(self, record: logging.LogRecord) -> str:
        line = f"{record.levelname.lower()}: {record.getMessage()}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        if self.timed:
            return f"{self.formatTime(record, '%Y-%m-%dT%H:%M:%S%z')} {line}"
        return line


def logging_config(level: str = "warning", fmt: str = "text", file: Path | None = None,
                   server: bool = False) -> dict[str, Any]:
    """A logging.config.dictConfig dictionary. With `server`, it also covers gunicorn's loggers
    (their access lines stay in gunicorn's combined format as text, unpacked as JSON)."""
    formatter: dict[str, Any] = ({"()": JsonFormatter} if fmt == "json"
                                 else {"()": TextFormatter, "timed": file is not None})
    handler: dict[str, Any] = (
        {"class": "logging.FileHandler", "filename": str(file), "encoding": "utf-8"} if file
        else {"()": CurrentStderr})
    config: dict[str, Any] = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"newsarchive": formatter},
        "handlers": {"newsarchive": {**handler, "formatter": "newsarchive"}},
        "loggers": {"newsarchive": {"level": level.upper(), "handlers": ["newsarchive"],
                                    "propagate": False}},
    }
    if server:
        gunicorn_handlers = {"gunicorn": {**handler, "formatter": "gunicorn"}}
        if fmt == "json":
            config["formatters"]["gunicorn"] = {"()": JsonFormatter}
        else:  # gunicorn's own layouts: its error lines, and the access log's combined format
            config["formatters"]["gunicorn"] = {
                "format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s",
                "datefmt": "[%Y-%m-%d %H:%M:%S %z]"}
            config["formatters"]["access"] = {"format": "%(message)s"}
        # the access log goes to standard output (as gunicorn writes it) unless to a file
        gunicorn_handlers["access"] = {
            **(handler if file else {"class": "logging.StreamHandler",
                                     "stream": "ext://sys.stdout"}),
            "formatter": "access" if fmt == "text" else "gunicorn"}
        config["handlers"].update(gunicorn_handlers)
        config["loggers"].update({
            "gunicorn.error": {"level": level.upper(), "handlers": ["gunicorn"],
                               "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
        })
        config["root"] = {"level": "WARNING", "handlers": ["gunicorn"]}
    return config


def configure(level: str = "warning", fmt: str = "text", file: Path | None = None) -> None:
    """Set up the command's own logging (the server's is passed to gunicorn: see web.server)."""
    logging.config.dictConfig(logging_config(level, fmt, file))
