"""Incremental Terraform evaluation: reuse a root module's instances while nothing it read changed.

Two kinds of entries, both in the on-disk cache (``cache.py``):

* **folder**: what reading one selected module folder gives before any evaluation, namely the
  local module sources it calls (which decide the root modules) and the errors reading it
  reports. Keyed by the folder's path and the paths and content digests of its selected files,
  which is everything it depends on.
* **root**: every instance, error and notice of one root module, with the modules it calls.
  Keyed by what the run is asked for (the root folder, the scan root, the root's tfvars files,
  ``--var-file`` and ``--var``), and stored with the *trace* of everything the evaluation read:
  each file's content digest, each module folder's listing, each ``modules.json``, each resolved
  real path. An entry is reused only when every fact in its trace still holds, so a change to a
  module re-evaluates exactly the roots that reach it.

Normalization and the links between resources (an autoscaling group's subnets, a bucket's
replication configuration) happen after this, on all instances together, every run.

The salt of both kinds covers the reslint version, the digest of every reslint source file, and
the parser library versions: any change to the code that evaluates misses. A root cut short by
the total instance budget is not stored (it depends on the roots evaluated before it); a stored
one is reused only if its expansions still fit the budget left.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Final

from reslint.errors import Problem
from reslint.terraform._parse import TfParseError
from reslint.terraform._state import Capture
from reslint.terraform._types import TfInstance, TfResult

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from reslint.cache import Cache
    from reslint.terraform._parse import FileParser
    from reslint.terraform._state import Loader

_FOLDER: Final = "terraform-folder"
_ROOT: Final = "terraform-root"
#: The first element of the model cache's trace facts that Terraform's roots read.
TRACE: Final = "terraform"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class RootEntry:
    instances: list[TfInstance]
    #: Instances and module instances taken from the shared budget.
    consumed: int
    capture: Capture


#: What a root entry restores; a TfResult that grows a field this module does not store makes the
#: memo refuse to work (``usable``) rather than drop it from reports.
STORED_RESULT_FIELDS: Final = frozenset({"instances", "errors", "notices"})


def usable() -> bool:
    """Whether root entries hold everything a load produces."""
    return {f.name for f in fields(TfResult)} == STORED_RESULT_FIELDS


class Memo:
    """The incremental cache for one Terraform build."""

    def __init__(self, cache: Cache, parser: FileParser) -> None:
        self.cache = cache
        self.parser = parser
        self._digests: dict[str, str] = {}
        self._reals: dict[str, str] = {}
        #: Every fact the roots of this build read (reused or stored), with the scan root they were
        #: loaded under, for the model cache (``modelcache.py``); ``complete`` turns False when a
        #: root was evaluated but not stored (its facts are not all known).
        self.trace: list[tuple[str, ...]] = []
        self.complete = True
        self.scan_root = "."

    # -------------------------------------------------------------- facts of this run

    def digest(self, path: str) -> str:
        """The digest of the text the parser sees at *path* (or of why it cannot read it)."""
        found = self._digests.get(path)
        if found is None:
            try:
                found = _sha(self.parser.text(path).encode("utf-8"))
            except TfParseError as exc:
                found = f"unreadable {exc}"
            self._digests[path] = found
        return found

    @staticmethod
    def bytes_digest(data: bytes) -> str:
        return _sha(data)

    def _realpath(self, path: str) -> str:
        found = self._reals.get(path)
        if found is None:
            found = self._reals[path] = os.path.realpath(path)
        return found

    def _holds(self, dep: tuple[str, ...], loader: Loader) -> bool:
        kind = dep[0]
        if kind == "file":
            return self.digest(dep[1]) == dep[2]
        if kind == "real":
            return self._realpath(dep[1]) == dep[2]
        if kind == "listing":
            return tuple(loader.dir_listing(dep[1], dep[2])) == dep[3:]
        if kind == "manifest":
            path = Path(dep[1])
            if not path.is_file():
                return dep[2] == ""
            try:
                return _sha(path.read_bytes()) == dep[2]
            except OSError as exc:
                return dep[2] == f"error {exc}"
        return False  # a kind this version does not know: miss

    # -------------------------------------------------------------- folders

    def folder_key(self, directory: str, files: Sequence[str]) -> str:
        parts = [directory, *(f"{path}\0{self.digest(path)}" for path in files)]
        return self.cache.key(_FOLDER, _sha("\0\0".join(parts).encode("utf-8")))

    def get_folder(self, key: str) -> tuple[list[str] | None, Capture] | None:
        value = self.cache.get(key)
        if not (isinstance(value, tuple) and len(value) == 3):
            return None
        targets, errors, notices = value
        if targets is not None and not _strings(targets):
            return None
        if not (_problems(errors) and _problems(notices)):
            return None
        return targets, Capture(errors, notices)

    def put_folder(self, key: str, targets: list[str] | None, capture: Capture) -> None:
        self.cache.put(key, (targets, capture.errors, capture.notices))

    # -------------------------------------------------------------- roots

    def root_key(
        self,
        directory: str,
        scan_root_real: str,
        tfvars: Sequence[str],
        var_files: Sequence[str],
        variables: Mapping[str, str],
    ) -> str:
        request = pickle.dumps(
            (directory, scan_root_real, tuple(tfvars), tuple(var_files), sorted(variables.items())), protocol=4
        )
        return self.cache.key(_ROOT, _sha(request))

    def get_root(self, key: str, loader: Loader) -> RootEntry | None:
        value = self.cache.get(key)
        if not (isinstance(value, tuple) and len(value) == 5):
            return None
        deps, instances, consumed, errors, notices = value
        if not (isinstance(deps, list) and all(isinstance(d, tuple) and _strings(d) for d in deps)):
            return None
        if not (isinstance(instances, list) and all(isinstance(i, TfInstance) for i in instances)):
            return None
        if not (isinstance(consumed, int) and _problems(errors) and _problems(notices)):
            return None
        if not all(self._holds(dep, loader) for dep in deps):
            return None
        self._traced(deps)
        return RootEntry(instances, consumed, Capture(errors, notices))

    def put_root(self, key: str, instances: list[TfInstance], consumed: int, capture: Capture) -> None:
        deps = list(dict.fromkeys(capture.deps))
        self._traced(deps)
        self.cache.put(key, (deps, instances, consumed, capture.errors, capture.notices))

    def _traced(self, deps: Sequence[tuple[str, ...]]) -> None:
        self.trace += [(TRACE, self.scan_root, *dep) for dep in deps]

    def model_trace(self) -> list[tuple[str, ...]] | None:
        """What the roots of this build read, or None when that is not all known."""
        return list(dict.fromkeys(self.trace)) if self.complete else None

    def holds(self, deps: Sequence[tuple[str, ...]], scan_root: str, files: Sequence[str]) -> bool:
        """Whether every fact of *deps*, read by loading *files* under *scan_root*, still holds."""
        from reslint.terraform._modules import is_config
        from reslint.terraform._state import Loader

        loader = Loader(scan_root, (), {})
        for path in files:  # the selected module folders, as ``load`` lists them
            if is_config(path):
                loader.dir_files.setdefault(os.path.realpath(str(Path(path).parent)), []).append(path)
        for listed in loader.dir_files.values():
            listed.sort()
        return all(self._holds(dep, loader) for dep in deps)


def _strings(items: object) -> bool:
    return isinstance(items, (list, tuple)) and all(isinstance(item, str) for item in items)


def _problems(items: object) -> bool:
    return isinstance(items, list) and all(isinstance(item, Problem) for item in items)
