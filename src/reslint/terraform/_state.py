"""What one evaluation of Terraform configurations holds: the files parsed and module folders
read (each once), the problems reported, the instance budget, and the trace of what each step
read, which the incremental cache (``_incremental.py``) stores and checks."""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reslint.errors import Problem
from reslint.terraform._modules import ModuleDef, define, is_config
from reslint.terraform._parse import ParsedFile, TfParseError, parse_file
from reslint.terraform._types import TfResult

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

    from reslint.terraform._incremental import Memo
    from reslint.terraform._instance import Inst
    from reslint.terraform._parse import Block
    from reslint.terraform._refs import RefSet

MAX_TOTAL_INSTANCES = 200_000


@dataclass
class Capture:
    """What one computation reported and what it read (for the incremental cache, ``_incremental.py``).

    ``deps`` are the facts of the file system the computation's result depends on: ``("real",
    path, realpath)``, ``("file", path, digest)``, ``("listing", directory, files)`` and
    ``("manifest", path, digest)``; a cached result is reused only when all of them still hold.
    """

    errors: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    deps: list[tuple[str, ...]] = field(default_factory=list)


class Loader:
    """The state of one ``load()``: memoized parses and module definitions, problems, budget, trace."""

    def __init__(
        self,
        scan_root: str,
        var_files: Sequence[str],
        variables: Mapping[str, str],
        parse: Callable[[str], ParsedFile] | None = None,
    ) -> None:
        self.root_real = os.path.realpath(scan_root)
        #: How a file is parsed: ``parse_file`` unless the caller brings its own (cache, pool).
        self.parse_hook = parse
        self.var_files = list(var_files)
        self.variables = dict(variables)
        self.result = TfResult()
        self.parsed: dict[str, ParsedFile | None] = {}
        self.defs: dict[str, ModuleDef | None] = {}
        self.dir_files: dict[str, list[str]] = {}
        #: Each root folder's ``.terraform/modules/modules.json`` table (``_sources.installed``).
        self.modules_json: dict[str, dict[str, str] | None] = {}
        self.budget = MAX_TOTAL_INSTANCES
        self.budget_reported = False
        self.ref_cache: dict[int, tuple[object, RefSet]] = {}
        self.instances: list[Inst] = []
        #: Set by the incremental cache: file digests, and the captures now recording.
        self.memo: Memo | None = None
        self.captures: list[Capture] = []
        #: What memoized steps (a file parsed, a module read, a manifest read) reported and read,
        #: replayed into the captures of later steps that reuse them.
        self.effects: dict[tuple[str, str], Capture] = {}

    def error(self, file: str, line: int | None, message: str) -> None:
        error = Problem(file, line, message)
        self.result.errors.append(error)
        for capture in self.captures:
            capture.errors.append(error)

    def notice(self, file: str, line: int | None, message: str) -> None:
        notice = Problem(file, line, message)
        self.result.notices.append(notice)
        for capture in self.captures:
            capture.notices.append(notice)

    def depend(self, *dep: str) -> None:
        for capture in self.captures:
            capture.deps.append(dep)

    @contextmanager
    def capture(self, key: tuple[str, str] | None = None) -> Iterator[Capture]:
        """Record what the block reports and reads; under *key* too, to replay when it is reused."""
        capture = Capture()
        if self.memo is None:
            yield capture
            return
        self.captures.append(capture)
        try:
            yield capture
        finally:
            self.captures.pop()
            if key is not None:
                self.effects[key] = capture

    def replay(self, key: tuple[str, str]) -> None:
        effects = self.effects.get(key)
        if effects is None:
            return
        for capture in self.captures:
            capture.errors += effects.errors
            capture.notices += effects.notices
            capture.deps += effects.deps

    def realpath(self, path: str) -> str:
        real = os.path.realpath(path)
        self.depend("real", path, real)
        return real

    def parse(self, path: str) -> ParsedFile | None:
        real = os.path.realpath(path)
        if real in self.parsed:
            self.replay(("parse", real))
            return self.parsed[real]
        with self.capture(("parse", real)):
            self.depend("real", path, real)
            if self.memo is not None:
                self.depend("file", path, self.memo.digest(path))
            try:
                self.parsed[real] = (self.parse_hook or parse_file)(path)
            except TfParseError as exc:
                self.error(path, exc.line, f"cannot parse: {exc}")
                self.parsed[real] = None
        return self.parsed[real]

    def release(self, start: int | None = None) -> None:
        """Drop the module instances created since *start*, once their root module's result is
        complete; without *start*, all of them and the parse trees too."""
        self._release_instances(start or 0)
        if start is None:
            self.parsed.clear()
            self.defs.clear()

    def _release_instances(self, start: int) -> None:
        """Drop instances from *start* on.

        Instances refer to each other and to themselves (lazy namespaces, bound methods), so
        without this the whole graph, parse trees included, waits for the cyclic garbage
        collector, whose walk over millions of tree nodes costs more than freeing them.
        """
        for inst in self.instances[start:]:
            inst.__dict__.clear()
        del self.instances[start:]
        self.ref_cache.clear()  # keyed by expression: it keeps their trees alive

    def forget(self, folders: Iterable[str]) -> None:
        """Drop the parse trees and module definitions of selected *folders* (real paths); a later
        use reads them again."""
        for real in folders:
            self.defs.pop(real, None)
            for path in self.dir_files.get(real, ()):
                self.parsed.pop(os.path.realpath(path), None)

    def take_budget(self, count: int, file: str, line: int) -> bool:
        if count <= self.budget:
            self.budget -= count
            return True
        if not self.budget_reported:
            self.error(file, line, f"stopped expanding: more than {MAX_TOTAL_INSTANCES} instances in total")
            self.budget_reported = True
        return False

    def module_def(self, directory: str) -> ModuleDef | None:
        real = os.path.realpath(directory)
        if real in self.defs:
            self.replay(("def", real))
            return self.defs[real]
        with self.capture(("def", real)):
            self.depend("real", directory, real)
            return self._module_def(directory, real)

    def dir_listing(self, directory: str, real: str) -> list[str]:
        """The Terraform files of a module directory: the selected ones, else what the folder holds."""
        files = self.dir_files.get(real)
        if files is None:
            # A module directory outside the selection (e.g. under .terraform/modules): read it as Terraform would.
            try:
                files = sorted(str(p) for p in Path(directory).iterdir() if is_config(p.name) and p.is_file())
            except OSError:
                files = []
        return files

    def _module_def(self, directory: str, real: str) -> ModuleDef | None:
        files = self.dir_listing(directory, real)
        self.depend("listing", directory, real, *files)
        if not files:
            self.defs[real] = None
            return None
        parsed: list[tuple[str, list[Block]]] = []
        for path in files:
            found = self.parse(path)
            if found is not None:
                parsed.append((path, found.blocks))
        defn = define(directory, real, parsed, self.error)
        self.defs[real] = defn
        return defn
