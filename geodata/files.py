"""Small file helpers shared by the geodata scripts and the benchmarks."""

from __future__ import annotations

import hashlib

# One implementation of atomic writes for the whole project: it keeps a file's mode.
from dashboard.canonical import write_atomically

__all__ = ["sha256_of", "write_atomically"]


def sha256_of(data: bytes) -> str:
    """Return the hex SHA-256 digest of ``data``."""
    return hashlib.sha256(data).hexdigest()
