"""Which files a scan reads: walking folders, honouring excludes, reading each file once."""

from __future__ import annotations

import fnmatch
import functools
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from reslint.formats import Problem, SourceFile

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

# Folders that never hold configuration to lint: VCS data, dependency and tool caches.
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".terraform",
        ".terragrunt-cache",
        "node_modules",
        ".venv",
        "venv",
        "__pycache__",
        ".tox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
    }
)
#: What the built-in formats read; a scan walks for the suffixes of every installed format.
CANDIDATE_SUFFIXES = (".yaml", ".yml", ".json", ".tf", ".tfvars", ".template")
MAX_FILE_BYTES = 64 * 1024 * 1024
STDIN = "-"


@dataclass
class Selection:
    """The files a scan reads, and those it could not read."""

    sources: list[SourceFile] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)


def display_path(path: Path) -> str:
    """The path as reports show it: relative to the current directory, with ``/`` separators."""
    try:
        relative = os.path.relpath(path)  # relpath makes it absolute itself
    except ValueError:  # another drive on Windows
        return path.absolute().as_posix()
    if os.sep == "/":
        return relative  # already normalized with "/" separators; pathlib would cost 40% of a warm run
    return PurePosixPath(*Path(relative).parts).as_posix()


def project_file(shown: str) -> str:
    """A display path as fingerprints spell it: relative to the repository root (the nearest
    folder holding ``.git``), so a run from any folder of the repository gives the same one;
    outside a repository, the display path itself."""
    return _project_file(str(Path(shown).absolute())) or shown


@functools.lru_cache(maxsize=4096)
def _project_file(absolute: str) -> str | None:
    path = Path(absolute)
    for folder in path.parents:
        if (folder / ".git").exists():
            return path.relative_to(folder).as_posix()
    return None


def excluded(path: str, patterns: Sequence[str]) -> bool:
    """True when *path*, one of its parent folders, or its name matches a glob pattern."""
    if not patterns:
        return False
    posix = PurePosixPath(path)
    candidates = [posix.as_posix(), posix.name]
    candidates += [parent.as_posix() for parent in posix.parents if parent.as_posix() != "."]
    candidates += list(posix.parts)
    return any(fnmatch.fnmatchcase(candidate, pattern.rstrip("/")) for pattern in patterns for candidate in candidates)


def _walk(
    root: Path, patterns: Sequence[str], recursive: bool = True, suffixes: tuple[str, ...] = CANDIDATE_SUFFIXES
) -> Iterator[Path]:
    # os.walk does not follow symlinked folders, so symlink loops cannot trap the scan.
    for folder, dirs, files in os.walk(root):
        base = Path(folder)
        dirs[:] = sorted(
            d for d in dirs if recursive and d not in SKIPPED_DIRS and not excluded(display_path(base / d), patterns)
        )
        for name in sorted(files):
            if name.lower().endswith(suffixes):
                yield base / name


def select(
    paths: Iterable[str],
    patterns: Sequence[str],
    stdin_text: str | None = None,
    suffixes: tuple[str, ...] = CANDIDATE_SUFFIXES,
) -> Selection:
    """Read every candidate file under *paths*; unreadable ones become errors, never exceptions."""
    selection = Selection()
    seen: set[str] = set()
    for given in paths:
        if given == STDIN:
            selection.sources.append(SourceFile("<stdin>", stdin_text or "", "."))
            continue
        path = Path(given)
        if path.is_dir():
            files: Iterable[Path] = _walk(path, patterns, suffixes=suffixes)
            root = display_path(path)
        elif path.exists() or path.is_symlink():
            files, root = [path], display_path(path.parent)
        else:
            selection.errors.append(Problem(display_path(path), None, "no such file or folder"))
            continue
        for file in files:
            shown = display_path(file)
            if shown in seen or excluded(shown, patterns):
                continue
            seen.add(shown)
            text, problem = read_text(file)
            if problem is not None:
                selection.errors.append(Problem(shown, None, problem))
            elif text is not None:
                selection.sources.append(SourceFile(shown, text, root))
    return selection


def read_text(path: Path) -> tuple[str | None, str | None]:
    """The file's text, or a reason it cannot be read; ``(None, None)`` for files to pass over."""
    try:
        info = path.stat()
    except OSError as exc:
        return None, f"cannot read: {exc.strerror or exc}"
    if not stat.S_ISREG(info.st_mode):
        return None, None  # sockets, FIFOs, devices: reading them could block or never end
    if info.st_size > MAX_FILE_BYTES:
        return None, f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB"
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, f"cannot read: {exc.strerror or exc}"
    if b"\x00" in data[:8192]:
        return None, "binary file (contains NUL bytes)"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text (invalid byte at offset {exc.start})"
