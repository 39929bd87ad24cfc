"""An on-disk cache of expensive, deterministic results (parsed Terraform files), keyed by content.

Where: ``$RESLINT_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/reslint`` or ``~/.cache/reslint``,
in a ``parsed-v1`` folder. A folder that cannot be created or written means running without a
cache, silently: the cache only ever saves time, it never changes results.

Keys: an entry's key is the SHA-256 of the reslint version, the versions of the libraries that
produced the value (python-hcl2, lark, Python), a digest of the producing module's own source (so
an edited parser never reads entries of its previous self, even at the same version), the format
(``terraform-hcl``) and the SHA-256 of the file's content. A path is never part of a key: a value
that names its file gets the path put back by the caller on a hit.

Concurrency: an entry is written to a temporary file in its own folder, then renamed over the
final name with ``os.replace`` (atomic on POSIX and Windows), so concurrent runs read either no
entry or a whole one. An entry that is missing, truncated, corrupt or unreadable is a miss, never
an error. The cache is bounded: after a run that wrote entries, the least recently used ones are
deleted while the folder is over :data:`MAX_BYTES` (a hit refreshes an entry's modification
time).

Trust: entries are pickles, and unpickling runs code named in the data. That is acceptable only
because the folder is the user's own (created with mode 0700 when we create it) and holds nothing
but what reslint wrote there, keyed by content hash: anyone able to plant an entry could equally
edit the user's shell profile. Never point ``RESLINT_CACHE_DIR`` at a folder other users can
write.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Final

from reslint import __version__

if TYPE_CHECKING:
    from collections.abc import Iterator

#: Bump when the layout of cached values changes in a way the key would not notice.
SCHEMA: Final = 1
#: The cache folder is pruned to :data:`PRUNE_TO` of this size when a run leaves it larger.
MAX_BYTES: Final = 200 * 1024 * 1024
PRUNE_TO: Final = 0.8
#: Temporary files older than this (seconds) are leftovers of a killed run and may be deleted.
STALE_TEMP: Final = 3600.0
# The magic is followed by the SHA-256 of the payload: a damaged entry is a miss, never a wrong value.
_MAGIC: Final = b"RSLC2\n"
_HEADER: Final = len(_MAGIC) + 32
_TEMP_PREFIX: Final = ".tmp-"


def default_dir() -> Path:
    """The cache folder this environment asks for (it may not exist or be writable)."""
    override = os.environ.get("RESLINT_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reslint"


def source_digest(*modules: str) -> str:
    """A short digest of the source files of *modules* (``__file__`` values), for cache salts."""
    digest = hashlib.sha256()
    for module in modules:
        with contextlib.suppress(OSError):
            digest.update(Path(module).read_bytes())
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection inside the block (parsing, loading cached values, normalizing).

    Parsed files and cached values are millions of small objects that live for a whole build and
    hold no cycles; every full collection walks all of them again, which cost 40% of a Terraform
    build and 75% of normalizing 40,000 Deployments. Reference counting still frees what has no
    cycles; what has some waits for the next collection after the block.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def package_digest() -> str:
    """A digest of every source file of reslint itself: values computed by our code (evaluated
    modules, templates) are keyed by it, so an edited checkout never reads its previous self's."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        with contextlib.suppress(OSError):
            data = path.read_bytes()
            digest.update(f"{path.relative_to(package)}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()[:16]


def content_hash(data: bytes) -> str:
    """SHA-256 of a file's bytes, as hex."""
    return hashlib.sha256(data).hexdigest()


class Cache:
    """One writable cache folder. Every operation swallows I/O and decoding failures."""

    def __init__(self, directory: Path, salt: str) -> None:
        self.directory = directory
        self.salt = salt
        self.wrote = False
        self.writable = True

    @classmethod
    def open(cls, salt: str, directory: Path | None = None) -> Cache | None:
        """The cache under *directory* (default: :func:`default_dir`), or None when it is not usable.

        *salt* identifies the producer: library versions and anything else that decides values.
        """
        root = directory if directory is not None else default_dir()
        folder = root / f"parsed-v{SCHEMA}"
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError:
            return None
        if not os.access(folder, os.W_OK | os.X_OK):
            return None
        return cls(folder, f"{__version__}\0{sys.version_info[:2]}\0{salt}")

    def key(self, kind: str, digest: str) -> str:
        """The entry name for a value of *kind* computed from content whose hash is *digest*."""
        return hashlib.sha256(f"{self.salt}\0{kind}\0{digest}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / key

    def has(self, key: str) -> bool:
        """Whether an entry exists under *key* (it may still turn out corrupt: then ``get`` misses)."""
        return self._path(key).is_file()

    def get(self, key: str) -> object | None:
        """The value stored under *key*, or None for a miss (absent, corrupt or unreadable)."""
        payload = self.get_bytes(key)
        if payload is None:
            return None
        try:
            value: object = pickle.loads(payload)
        except Exception:  # a corrupt entry is a miss; pickle raises many kinds of errors
            return None
        return value

    def get_bytes(self, key: str) -> memoryview | None:
        """The pickled bytes under *key* (to load elsewhere), or None when absent or damaged."""
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        payload = memoryview(data)[_HEADER:]
        if not data.startswith(_MAGIC) or hashlib.sha256(payload).digest() != data[len(_MAGIC) : _HEADER]:
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # least recently used goes first when pruning
        return payload

    def put_bytes(self, key: str, payload: bytes | memoryview) -> None:
        """Store an already pickled value; failures are ignored (and stop further writes)."""
        if not self.writable:
            return
        path = self._path(key)
        temp: str | None = None
        try:
            path.parent.mkdir(exist_ok=True, mode=0o700)
            fd, temp = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=path.parent)
            with os.fdopen(fd, "wb") as out:
                out.write(_MAGIC)
                out.write(hashlib.sha256(payload).digest())
                out.write(payload)
            Path(temp).replace(path)  # os.replace: atomic
            temp = None
            self.wrote = True
        except OSError:
            self.writable = False
        finally:
            if temp is not None:
                with contextlib.suppress(OSError):
                    Path(temp).unlink()

    def put(self, key: str, value: object) -> None:
        """Pickle and store *value*."""
        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # an unpicklable value is simply not cached
            return
        self.put_bytes(key, payload)

    def prune(self, max_bytes: int = MAX_BYTES) -> None:
        """Delete least recently used entries (and stale temporary files) while over *max_bytes*."""
        entries: list[tuple[float, int, str]] = []
        total = 0
        now = time.time()
        try:
            subdirs = [d.path for d in os.scandir(self.directory) if d.is_dir(follow_symlinks=False)]
            for sub in subdirs:
                for entry in os.scandir(sub):
                    try:
                        stat = entry.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    if entry.name.startswith(_TEMP_PREFIX):
                        if now - stat.st_mtime > STALE_TEMP:
                            with contextlib.suppress(OSError):
                                Path(entry.path).unlink()
                        continue
                    entries.append((stat.st_mtime, stat.st_size, entry.path))
                    total += stat.st_size
        except OSError:
            return
        if total <= max_bytes:
            return
        entries.sort()
        target = int(max_bytes * PRUNE_TO)
        for _mtime, size, path in entries:
            if total <= target:
                break
            with contextlib.suppress(OSError):
                Path(path).unlink()
                total -= size
