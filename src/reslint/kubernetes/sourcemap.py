"""Where each line of rendered Kubernetes output was written: the chart template or the
Kustomize base or patch file that sets it.

Rendered output is linted as one text; its findings, errors and notices are then moved to the
files a person edits. Helm marks each object with ``# Source: chart/templates/x.yaml``; Kustomize
marks nothing, so objects are matched to base resources by kind and name and each field to the
patch that sets it (else the base).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from reslint.yamlload import Mapping, Sequence, YamlError, load_all

if TYPE_CHECKING:
    from collections.abc import Iterator

#: ``# Source: chart/templates/x.yaml`` as ``helm template`` writes it above each object.
HELM_SOURCE = re.compile(r"^# Source: (?P<path>\S.*?)\s*$", re.MULTILINE)
_DOCUMENT_BREAK = re.compile(r"^---\s*(#.*)?$")
_KEY = re.compile(r"""^\s*(?:-\s+)?(?P<key>["']?[^\s:"'#{}\[\],]+["']?\s*:)""")

Path_ = tuple[object, ...]  # keys and list indexes from the document root


@dataclass
class SourceMap:
    """Moves locations in the rendered text ``rendered`` to the files that produced them."""

    rendered: str
    #: Exact places: rendered line -> (file, line).
    lines: dict[int, tuple[str, int]] = field(default_factory=dict)
    #: Rendered line ranges ``[start, end)`` of whole objects or template outputs -> (file, line).
    ranges: list[tuple[int, int, str, int]] = field(default_factory=list)
    #: Where anything else goes (the kustomization file, the chart's Chart.yaml, the stdin name).
    fallback: tuple[str, int | None] = ("<stdin>", None)
    #: The text of each file locations move to, so reports can quote the line.
    texts: dict[str, str] = field(default_factory=dict)
    #: Added to a moved finding's evidence, naming what rendered it (``kustomize overlays/prod``).
    via: str | None = None

    def locate(self, line: int | None) -> tuple[str, int | None]:
        """The file and line that wrote rendered line *line* (``None`` stays ``None``)."""
        if line is None:
            return self.fallback[0], None
        if line in self.lines:
            return self.lines[line]
        for start, end, file, target in self.ranges:
            if start <= line < end:
                return file, target
        return self.fallback


def identity(rendered: str, shown: str, text: str) -> SourceMap:
    """Standard input shown under the name given with ``--stdin-filename``."""
    lines = {n: (shown, n) for n in range(1, text.count("\n") + 2)}
    return SourceMap(rendered, fallback=(shown, 1), texts={shown: text}, lines=lines)


def has_helm_sources(text: str) -> bool:
    """Whether *text* is ``helm template`` output (it carries ``# Source:`` comments)."""
    return HELM_SOURCE.search(text) is not None


def helm(rendered: str, text: str, chart: Path | None, shown_chart: str | None, fallback: str) -> SourceMap:
    """Each object to the template its ``# Source:`` comment names.

    ``# Source: api/templates/deploy.yaml`` starts with the chart's *name*; with the chart folder
    known (*chart*, shown as *shown_chart*) it becomes ``charts/api/templates/deploy.yaml``.
    Without it the path is used as Helm wrote it, relative to the current folder when that file
    exists there. The line is the template line holding the same text or key when exactly one
    does; otherwise the line within that template's rendered output (templates drop and add lines,
    so that one is approximate).
    """
    result = SourceMap(rendered, fallback=(fallback, 1))
    lines = text.splitlines()
    starts = [(match.start(), match.group("path")) for match in HELM_SOURCE.finditer(text)]
    for index, (offset, written) in enumerate(starts):
        first = text.count("\n", 0, offset) + 1  # the comment's own line
        last = text.count("\n", 0, starts[index + 1][0]) + 1 if index + 1 < len(starts) else len(lines) + 1
        for number in range(first + 1, last):
            if _DOCUMENT_BREAK.match(lines[number - 1]):
                last = number
                break
        file, template = _template(written, chart, shown_chart)
        if template is not None:
            result.texts[file] = template
        matcher = _LineMatcher(template)
        for number in range(first, last):
            found = matcher.find(lines[number - 1]) if number > first else None
            result.lines[number] = (file, found if found is not None else max(1, number - first))
    return result


def _template(written: str, chart: Path | None, shown_chart: str | None) -> tuple[str, str | None]:
    """The path to show for a ``# Source:`` path, and the template's text when it can be read."""
    parts = PurePosixPath(written).parts
    candidates: list[tuple[str, Path]] = []
    if chart is not None and shown_chart is not None and len(parts) > 1:
        inside = PurePosixPath(*parts[1:])
        candidates.append(((PurePosixPath(shown_chart) / inside).as_posix(), chart / inside))
    if ".." not in parts and not PurePosixPath(written).is_absolute():
        candidates.append((written, Path(written)))
    for shown, path in candidates:
        if path.is_file():
            try:
                return shown, path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return shown, None
    return (candidates[0][0] if candidates else written), None


class _LineMatcher:
    """Finds the template line a rendered line came from, when only one can have."""

    def __init__(self, template: str | None) -> None:
        self.lines = [line.strip() for line in template.splitlines()] if template is not None else []

    def find(self, rendered: str) -> int | None:
        stripped = rendered.strip()
        if not self.lines or not stripped or stripped.startswith("#"):
            return None
        exact = [n for n, line in enumerate(self.lines, start=1) if line == stripped]
        if len(exact) == 1:
            return exact[0]
        match = _KEY.match(rendered)
        if match is None:
            return None
        key = match.group("key").replace(" ", "")
        keyed = [
            n
            for n, line in enumerate(self.lines, start=1)
            if (found := _KEY.match(line)) is not None and found.group("key").replace(" ", "") == key
        ]
        return keyed[0] if len(keyed) == 1 else None


# --- Kustomize -------------------------------------------------------------------------------


@dataclass
class Patch:
    """One patch: which objects it targets and the line that sets each path."""

    file: str
    kind: str | None
    name: str | None
    document: object  # the strategic-merge document, or None for a JSON 6902 patch
    operations: list[tuple[Path_, int]] = field(default_factory=list)  # JSON 6902: path -> line
    #: Lines inside an inline patch are offset to the kustomization file's lines.
    line_offset: int = 0


@dataclass
class BaseObject:
    """A resource as a base file writes it."""

    kind: str
    name: str
    file: str
    document: Mapping


def kustomize(
    rendered: str,
    text: str,
    *,
    bases: list[BaseObject],
    patches: list[Patch],
    fallback: str,
    texts: dict[str, str],
    via: str,
) -> SourceMap:
    """Each rendered object to its base resource; each field to the last patch setting it, else the base."""
    result = SourceMap(rendered, fallback=(fallback, 1), texts=dict(texts), via=via)
    try:
        documents = list(load_all(text))
    except YamlError:
        return result
    starts = sorted(line for _, line in documents)
    for document, start in documents:
        if not isinstance(document, Mapping):
            continue
        kind, name = document.get("kind"), _name(document)
        end = next((s for s in starts if s > start), 1 << 30)
        base = _base_for(bases, kind, name)
        if base is None:
            continue
        result.ranges.append((start, end, base.file, base.document.line))
        result.lines[start] = (base.file, base.document.line)
        base_lines = dict(_walk(base.document, document))
        applying = [p for p in patches if p.kind in (None, kind) and p.name in (None, name, base.name)]
        patched: dict[Path_, tuple[str, int]] = {}
        for patch in applying:
            if patch.document is not None:
                for path, line in _walk(patch.document, document):
                    patched[path] = (patch.file, line + patch.line_offset)
            for path, line in patch.operations:
                patched[path] = (patch.file, line + patch.line_offset)
        for path, line in _walk(document):
            target = _deepest(path, patched, base_lines, base.file)
            if target is not None and line not in result.lines:
                result.lines[line] = target
    return result


def _deepest(
    path: Path_, patched: dict[Path_, tuple[str, int]], base: dict[Path_, int], base_file: str
) -> tuple[str, int] | None:
    """The patch or base line for *path*, else for its closest ancestor that one of them writes."""
    for length in range(len(path), 0, -1):
        prefix = path[:length]
        if prefix in patched:
            return patched[prefix]
        if prefix in base:
            return base_file, base[prefix]
    return None


def _name(document: Mapping) -> str | None:
    metadata = document.get("metadata")
    name = metadata.get("name") if isinstance(metadata, Mapping) else None
    return str(name) if name is not None else None


def _base_for(bases: list[BaseObject], kind: object, name: str | None) -> BaseObject | None:
    """The base resource a rendered object comes from: same kind and name, or the one whose name
    the rendered name contains (``namePrefix``/``nameSuffix``), longest name first."""
    if not isinstance(kind, str) or name is None:
        return None
    same_kind = [b for b in bases if b.kind == kind]
    exact = [b for b in same_kind if b.name == name]
    if exact:
        return exact[0]
    contained = sorted((b for b in same_kind if b.name in name), key=lambda b: (-len(b.name), b.file))
    return contained[0] if contained else None


def _walk(value: object, like: object = None, path: Path_ = ()) -> Iterator[tuple[Path_, int]]:
    """``(path, line)`` of every key and list item under *value*.

    List items of a strategic-merge patch are matched to the rendered list (*like*) by their
    ``name`` merge key, so a patch's ``containers: [{name: api}]`` lands on the right index.
    """
    if isinstance(value, Mapping):
        for key, child in value.items():
            child_path = (*path, key)
            yield child_path, value.key_lines.get(key, value.line)
            yield from _walk(child, like.get(key) if isinstance(like, Mapping) else None, child_path)
    elif isinstance(value, Sequence):
        for index, item in enumerate(value):
            position = index
            if isinstance(like, Sequence) and isinstance(item, Mapping) and "name" in item:
                position = next(
                    (
                        i
                        for i, other in enumerate(like)
                        if isinstance(other, Mapping) and other.get("name") == item["name"]
                    ),
                    index,
                )
            child_path = (*path, position)
            yield child_path, value.item_lines[index]
            yield from _walk(
                item, like[position] if isinstance(like, Sequence) and position < len(like) else None, child_path
            )


def json_pointer(pointer: str) -> Path_:
    """``/spec/template/spec/containers/0/image`` as a path (RFC 6901 escapes undone)."""
    parts: list[object] = []
    for raw in pointer.split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        parts.append(int(part) if part.isdigit() else part)
    return tuple(parts)
