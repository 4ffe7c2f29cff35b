"""A speed fix for spaCy's multi-process pipe (spaCy 3.8, srsly 2.5), applied before NER runs.

With `n_process > 1`, spaCy packs every document with msgpack in the main process, unpacks
and repacks it in a worker, and unpacks it again in the main process. Each pack or unpack
builds a srsly Packer/Unpacker, which asks the `msgpack_encoders` / `msgpack_decoders`
registries for their extensions: `catalogue.Registry.get_all` copies the global registry of
every spaCy function and scans the installed packages' entry points, every time. On
Reuters articles that was about a tenth of the CPU time of both the workers and the main
process. The extensions cannot change while a run goes on (newsarchive registers none), so
the fix answers from a snapshot taken once.
"""

from __future__ import annotations

from typing import Any


def freeze_msgpack_extensions() -> None:
    """Make srsly's msgpack extension look-ups a dict copy instead of a registry scan."""
    from srsly import msgpack

    for registry in (msgpack.msgpack_encoders, msgpack.msgpack_decoders):
        if getattr(registry, "frozen_by_newsarchive", False):
            continue
        snapshot: dict[str, Any] = registry.get_all()
        registry.get_all = lambda snapshot=snapshot: dict(snapshot)
        registry.frozen_by_newsarchive = True
