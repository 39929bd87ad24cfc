"""The model cache: each input format's whole build (normalized resources, errors, notices), reused
while nothing it was built from changed.

The parse and evaluation caches (``cache.py``, ``terraform/_incremental.py``, the CloudFormation
template entries) spare a warm run the parsing and evaluating, but not normalizing every resource
and linking it to the others, which had become most of a warm run. This cache keeps the result of
``InputFormat.build`` itself, pickled as soon as it is built (before tiers, suppressions and rules
change the resources), under a key of everything the build reads:

* the format, the reslint version, the digest of every reslint source file and the versions of the
  parser libraries (a changed checkout or library never reads its previous self's models);
* the current folder (display paths and the real paths Terraform resolves depend on it);
* the build options, and the content of every file they name (``--var-file``, ``--cfn-params``,
  ``--cfn-tags``);
* every source's display path, scan root and content digest;
* the build's *trace*, checked before reuse: what it read besides those (``ModelBuild.trace``).
  For Terraform, every fact its root modules read (files outside the selection, such as installed
  modules under ``.terraform/modules``, module folders' listings, ``modules.json``, real paths),
  gathered from the root entries it reused or stored; a build that evaluated a root it could not
  store, or read a plan, has no complete trace and is never reused.

Formats opt in (``model_cache = True``: Terraform and CloudFormation). A format whose build
leaves ``trace`` None is never cached either: every plugin's format, and Kubernetes,
whose model loads no faster than it normalizes from the cached objects (and for a manifest of
40,000 Deployments took longer to pickle than to build). An entry is reused only whole: one
changed file rebuilds its format's model (from the parse and evaluation caches), the other formats
still load theirs. Damaged, foreign or
ill-typed entries are misses (``cache.py``), and two processes writing one entry each write a
whole one.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Final, Protocol, runtime_checkable

from reslint.cache import paused_gc
from reslint.errors import Problem
from reslint.formats import ModelBuild
from reslint.model import Resource

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reslint.cache import Cache
    from reslint.formats import BuildOptions, InputFormat, SourceFile

_KIND: Final = "model"
#: The libraries whose results end up in a model.
_LIBRARIES: Final = ("PyYAML", "python-hcl2", "lark", "tree-sitter", "tree-sitter-hcl", "cfn-lint")


def build(fmt: InputFormat, sources: Sequence[SourceFile], options: BuildOptions) -> ModelBuild:
    """``fmt.build(sources, options)``, from the cache when nothing it read changed."""
    store = _open(fmt, options)
    if store is None:
        return fmt.build(sources, options)
    key = store.key(_KIND, _request(fmt, sources, options))
    found = _load(store, key, fmt, sources)
    if found is not None:
        return found
    built = fmt.build(sources, options)
    if built.trace is not None:
        with paused_gc():  # the pickler's memo holds every object: collections would walk them all
            store.put(key, (built.trace, built))  # pickled now: tiers and rules change the resources later
        store.prune()
    return built


def _open(fmt: InputFormat, options: BuildOptions) -> Cache | None:
    """The cache, for the formats whose code the package digest covers."""
    # Formats opt in: the key's salt (every reslint source file hashed) is not worth computing
    # for a format whose builds are never stored.
    if not options.cache or not getattr(fmt, "model_cache", False) or not type(fmt).__module__.startswith("reslint."):
        return None
    from reslint.cache import Cache

    return Cache.open(_salt())


@cache
def _salt() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from reslint.cache import package_digest

    versions = []
    for library in _LIBRARIES:
        try:
            versions.append(f"{library} {version(library)}")
        except PackageNotFoundError:
            versions.append(f"{library} absent")
    # The HCL parser in use (tree-sitter unless RESLINT_HCL_PARSER says python-hcl2): proven to
    # give the same trees, but a model from one is not reused for a run that asked for the other.
    parser = os.environ.get("RESLINT_HCL_PARSER", "")
    return "\0".join([*versions, f"hcl parser {parser}", package_digest()])


def _request(fmt: InputFormat, sources: Sequence[SourceFile], options: BuildOptions) -> str:
    """The digest of everything the build reads that is known before it runs."""
    digest = hashlib.sha256()
    named = (*options.var_files, *options.parameter_files, *options.stack_tag_files)
    head = (
        fmt.name,
        f"{type(fmt).__module__}.{type(fmt).__qualname__}",
        str(Path.cwd()),
        options.var_files,
        options.variables,
        options.parameter_files,
        options.parameters,
        options.stack_tags,
        options.stack_tag_files,
        [(path, _file_digest(path)) for path in named],
    )
    digest.update(pickle.dumps(head, protocol=4))
    for source in sources:
        text = source.text.encode("utf-8", "surrogatepass")
        digest.update(f"\0{source.path}\0{source.root}\0{len(text)}\0".encode("utf-8", "surrogatepass"))
        digest.update(hashlib.sha256(text).digest())
    return digest.hexdigest()


def _file_digest(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError as exc:
        return f"unreadable {type(exc).__name__}"


def _load(store: Cache, key: str, fmt: InputFormat, sources: Sequence[SourceFile]) -> ModelBuild | None:
    value = store.get(key)
    if not (isinstance(value, tuple) and len(value) == 2):
        return None
    trace, built = value
    if not (isinstance(trace, list) and all(isinstance(fact, tuple) and _strings(fact) for fact in trace)):
        return None
    if not (
        isinstance(built, ModelBuild)
        and isinstance(built.resources, list)
        and all(isinstance(resource, Resource) for resource in built.resources)
        and _problems(built.errors)
        and _problems(built.notices)
    ):
        return None
    if not _holds(fmt, trace, sources):
        return None
    return built


@runtime_checkable
class TracedFormat(Protocol):
    """A format whose builds record a trace (``ModelBuild.trace``) and that checks it."""

    def trace_holds(self, trace: Sequence[tuple[str, ...]], sources: Sequence[SourceFile]) -> bool:
        """Whether every fact of *trace*, read by building *sources*, still holds."""
        ...


def _holds(fmt: InputFormat, trace: list[tuple[str, ...]], sources: Sequence[SourceFile]) -> bool:
    """Whether every fact the build read besides its sources still holds (the format checks)."""
    if not trace:
        return True
    return isinstance(fmt, TracedFormat) and fmt.trace_holds(trace, sources)


def _strings(items: tuple[object, ...]) -> bool:
    return all(isinstance(item, str) for item in items)


def _problems(items: object) -> bool:
    return isinstance(items, list) and all(isinstance(item, Problem) for item in items)
