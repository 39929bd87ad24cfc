"""Helm charts and Kustomize folders rendered with the user's own ``helm`` and ``kubectl``, and
standard input shown under ``--stdin-filename``, before the formats read anything.

Nothing from the scanned repository runs: only the user's installed tools, with what they could
fetch or execute turned off. Every entry of a kustomization (resources, bases, components,
patches, generator files) must be a local file or folder inside the scan root, checked *before*
the tool starts; remote bases, Helm inflation and plugins are refused with a notice.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from reslint.discovery import SKIPPED_DIRS, display_path
from reslint.formats import Problem, SourceFile
from reslint.kubernetes import sourcemap
from reslint.kubernetes.sourcemap import BaseObject, Patch, SourceMap
from reslint.yamlload import Mapping, Sequence, YamlError, load_all

if TYPE_CHECKING:
    from collections.abc import Iterable

    from reslint.reporting import Finding, SuppressionOutcome

STDIN = "<stdin>"
KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")
#: Seconds one ``kubectl kustomize`` or ``helm template`` may take.
TIMEOUT_SECONDS = 60
MAX_OUTPUT_BYTES = 64 * 1024 * 1024
_REMOTE_MARKERS = ("://", "git@", "github.com/", "gitlab.com/", "bitbucket.org/", "?ref=", "?version=")
# Kustomize fields that name local files, besides resources, components and patches.
_FILE_LISTS = ("configurations", "crds", "generators", "transformers", "validators")
_HELM_FIELDS = ("helmCharts", "helmChartInflationGenerator", "helmGlobals")


@dataclass
class Prepared:
    """The sources to lint after rendering, and where their lines come from."""

    sources: list[SourceFile]
    maps: dict[str, SourceMap] = field(default_factory=dict)
    notices: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    def relocate(
        self, outcome: SuppressionOutcome, errors: list[Problem], notices: list[Problem]
    ) -> tuple[list[Problem], list[Problem]]:
        """Move the outcome's findings and suppression problems in place; return the moved errors and notices."""
        return relocate_all(outcome, errors, notices, self.maps)

    def texts(self) -> dict[str, str]:
        """The files locations moved to, by path, for quoting the line."""
        return {path: text for source_map in self.maps.values() for path, text in source_map.texts.items()}


def prepare(sources: list[SourceFile], stdin_filename: str | None = None, helm_values: Iterable[str] = ()) -> Prepared:
    """Render the Kustomize folders and (with ``helm`` installed) the charts among *sources*."""
    result = Prepared(list(sources))
    for source in sources:
        if source.path == STDIN:
            _map_stdin(source.text, stdin_filename, result)
    _kustomizations(result)
    _charts(result, tuple(helm_values))
    return result


# --- standard input ----------------------------------------------------------------------------


def _map_stdin(text: str, name: str | None, result: Prepared) -> None:
    if name is None:
        if sourcemap.has_helm_sources(text):
            result.maps[STDIN] = sourcemap.helm(STDIN, text, None, None, STDIN)
        return
    given = Path(name)
    folder = given if given.is_dir() else given.parent
    if _kustomization_file(folder) is not None:
        tree = _tree(folder, Path())
        result.maps[STDIN] = tree.source_map(STDIN, text, display_path(folder), name)
        return
    chart = _chart_folder(given)
    if chart is not None or sourcemap.has_helm_sources(text):
        shown = display_path(chart) if chart is not None else None
        result.maps[STDIN] = sourcemap.helm(STDIN, text, chart, shown, name)
        return
    result.maps[STDIN] = sourcemap.identity(STDIN, name, text)


def _chart_folder(path: Path) -> Path | None:
    """The Helm chart (a folder with ``Chart.yaml``) holding *path*, up to the current folder."""
    current = path.absolute()
    stop = Path.cwd()
    for folder in (current, *current.parents):
        if (folder / "Chart.yaml").is_file():
            return folder
        if folder == stop:
            break
    return None


# --- Kustomize ---------------------------------------------------------------------------------


def _kustomization_file(folder: Path) -> Path | None:
    for name in KUSTOMIZATION_FILES:
        if (folder / name).is_file():
            return folder / name
    return None


def _boundary(folder: Path) -> Path:
    """What kustomization entries must stay inside: the current folder when the scan root
    *folder* is in it, else the scan root itself."""
    cwd, resolved = Path.cwd().resolve(), folder.resolve()
    return cwd if resolved == cwd or cwd in resolved.parents else resolved


class _Tree:
    """A kustomization and everything it includes, read without running anything."""

    def __init__(self, boundary: Path) -> None:
        self.boundary = boundary
        self.folders: list[Path] = []  # kustomization folders in the order kustomize applies them
        self.members: set[Path] = set()
        self.resources: list[Path] = []
        self.patches: list[Patch] = []
        self.refusals: list[tuple[str, str]] = []  # (kustomization file shown, reason)
        self.errors: list[Problem] = []
        self._visiting: set[Path] = set()
        self.empty = True

    def visit(self, folder: Path) -> None:
        if folder in self._visiting or folder in self.folders:
            return
        file = _kustomization_file(folder)
        if file is None:
            return
        self._visiting.add(folder)
        self.members.add(file.resolve())
        shown = display_path(file)
        data = _first_mapping(file, shown, self.errors)
        if data is None:
            return
        self.empty = self.empty and not (set(data) - {"apiVersion", "kind"})
        for key in _HELM_FIELDS:
            if key in data:
                self.refusals.append((shown, f"`{key}` inflates Helm charts, which needs --enable-helm (not used)"))
        for key in ("resources", "bases", "components"):
            for entry in _strings(data.get(key)):
                target = self._local(folder, entry, shown, key)
                if target is None:
                    continue
                if target.is_dir():
                    self.visit(target)
                else:
                    self.members.add(target)
                    self.resources.append(target)
        self._read_patches(folder, file, shown, data)
        for key in _FILE_LISTS:
            for entry in _strings(data.get(key)):
                if "\n" not in entry:
                    self._member(folder, entry, shown, key)
        for generator in _mappings(data.get("configMapGenerator")) + _mappings(data.get("secretGenerator")):
            for entry in _strings(generator.get("files")):
                self._member(folder, entry.partition("=")[2] or entry, shown, "files")
            for entry in [*_strings(generator.get("envs")), *_strings([generator.get("env")])]:
                self._member(folder, entry, shown, "envs")
        for replacement in _mappings(data.get("replacements")):
            for entry in _strings([replacement.get("path")]):
                self._member(folder, entry, shown, "replacements")
        openapi = data.get("openapi")
        if isinstance(openapi, Mapping):
            for entry in _strings([openapi.get("path")]):
                self._member(folder, entry, shown, "openapi")
        self._visiting.discard(folder)
        self.folders.append(folder)

    def _local(self, folder: Path, entry: str, shown: str, key: str) -> Path | None:
        """*entry* as a local path inside the boundary, or None with the refusal recorded."""
        if any(marker in entry for marker in _REMOTE_MARKERS):
            self.refusals.append((shown, f"remote {key} entry {entry!r} is not fetched"))
            return None
        target = (folder / entry).resolve()
        if target != self.boundary and self.boundary not in target.parents:
            self.refusals.append((shown, f"{key} entry {entry!r} leaves the scan root {display_path(self.boundary)}"))
            self.members.add(target)  # still part of the kustomization: not linted on its own either
            return None
        if not target.exists():
            # kustomize would try a path it cannot find as a remote URL.
            self.refusals.append((shown, f"{key} entry {entry!r} is not a local file or folder"))
            return None
        return target

    def _member(self, folder: Path, entry: str, shown: str, key: str) -> Path | None:
        target = self._local(folder, entry, shown, key)
        if target is not None:
            self.members.add(target)
        return target

    def _read_patches(self, folder: Path, file: Path, shown: str, data: Mapping) -> None:
        for entry, target in _patch_entries(data):
            if isinstance(entry, Mapping) and isinstance(entry.get("patch"), str):
                offset = entry.key_lines.get("patch", entry.line)
                self.patches += _patches(shown, str(entry["patch"]), target, offset)
                continue
            raw = entry.get("path") if isinstance(entry, Mapping) else entry
            if not isinstance(raw, str):
                continue
            if "\n" in raw:  # an inline strategic-merge patch in patchesStrategicMerge
                self.patches += _patches(shown, raw, target, 0)
                continue
            path = self._member(folder, raw, shown, "patches")
            if path is not None and path.is_file():
                self.patches += _patches(display_path(path), _read(path), target, 0)

    def source_map(self, rendered: str, text: str, via: str, fallback: str) -> SourceMap:
        """The map from rendered lines to base and patch files."""
        bases: list[BaseObject] = []
        texts: dict[str, str] = {}
        for path in self.resources:
            shown, content = display_path(path), _read(path)
            texts[shown] = content
            try:
                documents = list(load_all(content))
            except YamlError:
                continue
            for document, _line in documents:
                if isinstance(document, Mapping) and isinstance(document.get("kind"), str):
                    name = _object_name(document)
                    if name is not None:
                        bases.append(BaseObject(str(document["kind"]), name, shown, document))
        for patch in self.patches:
            if patch.file not in texts and Path(patch.file).is_file():
                texts[patch.file] = _read(Path(patch.file))
        return sourcemap.kustomize(
            rendered, text, bases=bases, patches=self.patches, fallback=fallback, texts=texts, via=f"kustomize {via}"
        )


def _patch_entries(data: Mapping) -> list[tuple[object, Mapping | None]]:
    entries: list[tuple[object, Mapping | None]] = []
    for key in ("patches", "patchesJson6902"):
        for entry in _mappings(data.get(key)):
            target = entry.get("target")
            entries.append((entry, target if isinstance(target, Mapping) else None))
    entries += [(entry, None) for entry in _strings(data.get("patchesStrategicMerge"))]
    return entries


def _patches(file: str, text: str, target: Mapping | None, offset: int) -> list[Patch]:
    """The patches in one patch file or inline patch text."""
    kind = target.get("kind") if target is not None else None
    name = target.get("name") if target is not None else None
    plain = isinstance(name, str) and not any(c in name for c in "*?[]()|^$+\\")
    try:
        documents = list(load_all(text))
    except YamlError:
        return []
    patches = []
    for document, _line in documents:
        if isinstance(document, Sequence):  # JSON 6902 operations
            operations = [
                (sourcemap.json_pointer(str(op["path"])), line)
                for op, line in zip(document, document.item_lines, strict=True)
                if isinstance(op, Mapping) and isinstance(op.get("path"), str) and op.get("op") != "remove"
            ]
            patches.append(Patch(file, _str(kind), _str(name) if plain else None, None, operations, offset))
        elif isinstance(document, Mapping):
            patches.append(
                Patch(
                    file,
                    _str(kind) or _str(document.get("kind")),
                    (_str(name) if plain else None) if target is not None else _object_name(document),
                    document,
                    line_offset=offset,
                )
            )
    return patches


def _kustomizations(result: Prepared) -> None:
    roots = {Path(s.path).parent: Path(s.root) for s in result.sources if s.path != STDIN}
    found = sorted((f for f in roots if _kustomization_file(f) is not None), key=lambda p: p.as_posix())
    if not found:
        return
    trees = {folder.resolve(): _tree(folder, roots[folder]) for folder in found}
    included = {inner for root, tree in trees.items() for inner in tree.folders if inner != root}
    members: set[Path] = set()
    rendered: list[SourceFile] = []
    tool = _kustomize_tool()
    tops = [folder for folder in found if folder.resolve() not in included]
    overlays = _overlays_outside(tops, roots, set(trees))
    for folder in tops:
        root = folder.resolve()
        tree = trees[root]
        members |= tree.members
        kustomization = _kustomization_file(folder)
        assert kustomization is not None
        shown_file, shown = display_path(kustomization), display_path(folder)
        hint = f"lint its rendered output: kubectl kustomize {shown} | reslint check - --stdin-filename {shown}"
        if root in overlays:
            overlay = display_path(overlays[root])
            result.notices.append(
                Problem(
                    shown_file,
                    None,
                    (
                        f"a base of the Kustomize overlay {overlay}, which is not in this scan and may change it: not "
                        f"linted on its own; lint the overlay instead: reslint check {overlay}"
                    ),
                )
            )
            continue
        if tree.errors:
            result.errors += tree.errors
            continue
        if tree.empty:
            continue  # only apiVersion and kind: nothing to render (kustomize calls it an error)
        if tree.refusals:
            result.notices += [Problem(file, None, f"not rendered: {reason}; {hint}") for file, reason in tree.refusals]
            continue
        if tool is None:
            result.notices.append(
                Problem(
                    shown_file,
                    None,
                    (
                        "Kustomize folder not rendered: neither kubectl nor kustomize is on PATH; its files are not "
                        f"linted on their own (an overlay may change them); {hint}"
                    ),
                )
            )
            continue
        output = _run([*tool, str(root)], shown_file, result)
        if output is None:
            continue
        path = shown_file if shown_file.endswith((".yaml", ".yml")) else f"{shown}/kustomization.yaml"
        rendered.append(SourceFile(path, output, shown))
        result.maps[path] = tree.source_map(path, output, shown, shown_file)
        result.maps[path].texts[path] = _read(Path(path))  # the rendered text is not what a reader sees
    result.sources = [s for s in result.sources if s.path == STDIN or Path(s.path).resolve() not in members]
    result.sources += rendered


#: How many folders the search for overlays outside the scan looks at, at most.
OVERLAY_SEARCH_FOLDERS = 5000


def _overlays_outside(tops: list[Path], roots: dict[Path, Path], scanned: set[Path]) -> dict[Path, Path]:
    """For each kustomization to render, an overlay outside the scan (inside the scan root's
    boundary) that includes it, if there is one: linting the base alone would raise findings the
    overlay fixes."""
    wanted = {folder.resolve() for folder in tops}
    found: dict[Path, Path] = {}
    for boundary in sorted({_boundary(roots[folder]) for folder in tops}):
        for index, (current, dirs, _files) in enumerate(os.walk(boundary)):
            dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("."))
            folder = Path(current).resolve()
            if index >= OVERLAY_SEARCH_FOLDERS:
                break
            if folder in scanned or _kustomization_file(folder) is None:
                continue
            tree = _Tree(boundary)
            tree.visit(folder)
            for inner in tree.folders:
                if inner in wanted and inner != folder:
                    found.setdefault(inner, folder)
    return found


def _tree(folder: Path, root: Path) -> _Tree:
    tree = _Tree(_boundary(root))
    tree.visit(folder.resolve())
    return tree


def _kustomize_tool() -> list[str] | None:
    # Plugins, exec functions and Helm stay off (their defaults); files must stay in the root.
    if shutil.which("kubectl"):
        return ["kubectl", "kustomize", "--load-restrictor=LoadRestrictionsRootOnly"]
    if shutil.which("kustomize"):
        return ["kustomize", "build", "--load-restrictor=LoadRestrictionsRootOnly"]
    return None


# --- Helm --------------------------------------------------------------------------------------


def _charts(result: Prepared, values: tuple[str, ...]) -> None:
    charts = sorted(
        {Path(s.path).parent for s in result.sources if Path(s.path).name == "Chart.yaml"}, key=lambda p: p.as_posix()
    )
    if not charts or shutil.which("helm") is None:
        return  # without helm the reader skips each template with a notice naming the command
    # A subchart is rendered by its parent.
    charts = [c for c in charts if not any(other in c.parents for other in charts)]
    rendered: list[SourceFile] = []
    done: list[Path] = []
    for chart in charts:
        shown = display_path(chart)
        command = ["helm", "template", str(chart.resolve())]
        for file in values:
            command += ["--values", str(Path(file).resolve())]
        output = _run(command, f"{shown}/Chart.yaml", result)
        done.append(chart.resolve())
        if output is None:
            continue
        path = f"{shown}/Chart.yaml"
        rendered.append(SourceFile(path, output, shown))
        result.maps[path] = sourcemap.helm(path, output, chart, shown, path)
        result.maps[path].texts[path] = _read(chart / "Chart.yaml")
    result.sources = [
        s
        for s in result.sources
        if s.path == STDIN or not any(c == (r := Path(s.path).resolve()) or c in r.parents for c in done)
    ]
    result.sources += rendered


# --- helpers -----------------------------------------------------------------------------------


def _run(command: list[str], shown: str, result: Prepared) -> str | None:
    """The tool's standard output, or None with an error (a selected folder that cannot be rendered
    fails the run, as an unparsable file does)."""
    tool = " ".join(command[:2])
    try:
        # The user's own tool; the arguments are paths, there is no shell.
        done = subprocess.run(
            command,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            stdin=subprocess.DEVNULL,
            check=False,
            env={**os.environ, "HELM_NO_PLUGINS": "1"},
        )
    except subprocess.TimeoutExpired:
        result.errors.append(Problem(shown, None, f"{tool} took longer than {TIMEOUT_SECONDS} s"))
        return None
    except OSError as exc:
        result.errors.append(Problem(shown, None, f"cannot run {tool}: {exc.strerror or exc}"))
        return None
    if done.returncode != 0:
        result.errors.append(Problem(shown, None, f"{tool} failed: {_reason(done.stderr, done.returncode)}"))
        return None
    if len(done.stdout) > MAX_OUTPUT_BYTES:
        result.errors.append(Problem(shown, None, f"{tool} output is larger than {MAX_OUTPUT_BYTES >> 20} MiB"))
        return None
    return done.stdout.decode("utf-8", "replace")


def _reason(stderr: bytes, code: int) -> str:
    """The last line of a tool's complaint, without kubectl's log prefix."""
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    if not lines:
        return f"exit {code}"
    match = re.search(r'err="(?P<err>(?:[^"\\]|\\.)*)"', lines[-1])
    return match.group("err").replace('\\"', '"') if match else lines[-1].removeprefix("Error: ")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _first_mapping(file: Path, shown: str, errors: list[Problem]) -> Mapping | None:
    try:
        for document, _line in load_all(_read(file)):
            return document if isinstance(document, Mapping) else None
    except YamlError as exc:
        errors.append(Problem(shown, exc.line, f"invalid YAML: {exc.message}"))
    return None


def _object_name(document: Mapping) -> str | None:
    metadata = document.get("metadata")
    name = metadata.get("name") if isinstance(metadata, Mapping) else None
    return str(name) if name is not None else None


def _strings(value: object) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _mappings(value: object) -> list[Mapping]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


# --- moving locations --------------------------------------------------------------------------


def relocate(finding: Finding, maps: dict[str, SourceMap]) -> Finding:
    """*finding* moved from rendered output to the file that wrote the line."""
    source_map = maps.get(finding.file)
    if source_map is None:
        return finding
    file, line = source_map.locate(finding.line)
    evidence = finding.evidence
    if source_map.via is not None:
        evidence = f"{evidence} (via {source_map.via})" if evidence else f"via {source_map.via}"
    return replace(finding, file=file, line=line or 1, evidence=evidence)


def relocate_problem(problem: Problem, maps: dict[str, SourceMap]) -> Problem:
    """An error or notice in rendered output, moved like a finding."""
    source_map = maps.get(problem.file)
    if source_map is None:
        return problem
    file, line = source_map.locate(problem.line)
    return Problem(file, line, problem.message)


def relocate_all(
    outcome: SuppressionOutcome, errors: list[Problem], notices: list[Problem], maps: dict[str, SourceMap]
) -> tuple[list[Problem], list[Problem]]:
    """Move the outcome's findings and suppression problems in place; return the moved errors and notices."""
    if not maps:
        return errors, notices
    from reslint.reporting import unique_findings

    outcome.kept = unique_findings(relocate(f, maps) for f in outcome.kept)
    outcome.suppressed = [(relocate(f, maps), s) for f, s in outcome.suppressed]
    outcome.unused = [relocate_problem(p, maps) for p in outcome.unused]
    return [relocate_problem(p, maps) for p in errors], [relocate_problem(p, maps) for p in notices]
