"""``reslint fix``: the mechanical fixes of a scan's findings as minimal edits, checked before
anything is written.

``plan`` turns each fixable finding (``spec.py``) into edits of the file and place its value is
written (``hcl.py``, ``yaml.py``, ``json.py``), or a refusal saying where the value comes from;
``verify`` re-checks the edited texts and drops every edit of a file that no longer parses, still
has a fixed finding or gains a new one. Files are changed all or nothing.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reslint.autofix import workloads
from reslint.autofix.edits import Edit, FromElsewhere, Refused, apply, clashes
from reslint.autofix.spec import Setting, addition, settings_for
from reslint.model import Format

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from reslint.model import Resource
    from reslint.reporting import Finding, Report
    from reslint.tiers import TierPolicy


@dataclass(frozen=True)
class Inputs:
    """What the user gave that decides values: a variable or parameter set here is not edited in a file."""

    var_files: tuple[str, ...] = ()
    variables: frozenset[str] = frozenset()
    #: Parameters given at deploy time (``--cfn-param``); None when a parameters file was given,
    #: since then any may be.
    parameters: frozenset[str] | None = frozenset()


@dataclass
class Plan:
    """What ``fix`` does with a report's findings."""

    #: Findings the edits fix, by file.
    fixed: dict[str, list[Finding]] = field(default_factory=dict)
    #: Findings with a mechanical fix that is not made, and why.
    refused: list[tuple[Finding, str]] = field(default_factory=list)
    #: Findings whose fix needs a person's choice (listed with the manual step).
    manual: list[Finding] = field(default_factory=list)
    #: File -> (text on disk, edited text).
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: Files whose edits were dropped because the re-check failed, and why.
    dropped: list[tuple[str, str]] = field(default_factory=list)
    #: Finding fingerprint -> the edits made for it, by file.
    edits_of: dict[str, list[tuple[str, Edit]]] = field(default_factory=dict)
    #: Findings the re-check reports on an edited resource that it did not before: a fix can make
    #: a rule apply (two replicas should also be spread over zones). Shown, not a reason to drop.
    revealed: list[Finding] = field(default_factory=list)
    #: The report of the edited texts, once ``verify`` kept them.
    after: Report | None = None

    @property
    def count(self) -> int:
        """How many findings the kept edits fix."""
        return len({f.fingerprint for file in self.changes for f in self.fixed.get(file, [])})


def plan(
    report: Report,
    policy_for: Callable[[int], TierPolicy],
    roots: Sequence[str],
    rules: set[str] | None = None,
    *,
    stdin: bool = False,
    inputs: Inputs | None = None,
    texts: Mapping[str, str] | None = None,
    only: set[str] | None = None,
) -> Plan:
    """The edits for *report*'s fixable findings (of *rules*, and with a fingerprint in *only*,
    when given) in files under *roots*; *texts* are files' contents already edited."""
    result = Plan()
    by_place: dict[tuple[str, str, str], list[Resource]] = {}
    by_block: dict[tuple[str, int], set[str]] = {}
    for resource in report.inventory:
        by_place.setdefault((resource.file, resource.address, resource.type), []).append(resource)
        by_block.setdefault((resource.file, resource.line), set()).add(resource.address)
    taken = {resource.address for resource in report.inventory}
    edits: dict[str, list[Edit]] = {}
    current: dict[str, str] = dict(texts or {})

    def read(file: str) -> str:
        if file not in current:
            current[file] = _read(file, roots)
        return current[file]

    # A Terraform block that count, for_each or several module instances expand is edited only
    # when every resource it makes has the finding.
    needing: dict[tuple[str, str, int], set[str]] = {}
    for finding in report.findings:
        for resource in by_place.get((finding.file, finding.address, finding.type), []):
            needing.setdefault((finding.rule, resource.file, resource.line), set()).add(resource.address)
    for finding in report.findings:
        if (rules is not None and finding.rule not in rules) or (only is not None and finding.fingerprint not in only):
            continue
        resources = by_place.get((finding.file, finding.address, finding.type), [])
        policy = policy_for(finding.tier)
        settings = settings_for(resources[0], finding.rule, finding.fix, policy) if resources else None
        adding = settings is None and bool(resources) and addition(resources[0], finding.rule, finding.fix, policy)
        if settings is None and not adding and (resources or not finding.fixable):
            result.manual.append(finding)
            continue
        try:
            resource = _editable(resources, stdin=stdin)
            if settings is not None:
                found = _edits(resource, read, settings, inputs or Inputs())
            else:
                found = workloads.edits(resource, finding.rule, read(resource.file), taken)
        except Refused as exc:
            result.refused.append((finding, str(exc)))
            continue
        others = (
            by_block.get((resource.file, resource.line), set()) - needing[(finding.rule, resource.file, resource.line)]
        )
        pending = {file: [e for e in file_edits if e not in edits.get(file, [])] for file, file_edits in found.items()}
        if others and resource.format is Format.TERRAFORM and pending.get(resource.file):
            shown = sorted(others)[0]
            result.refused.append(
                (
                    finding,
                    f"its block also declares {shown} (count, for_each or another module "
                    "instance), which does not need this change: change it by hand",
                )
            )
            continue
        if any(clashes(file_edits, edits.get(file, [])) for file, file_edits in pending.items()):
            result.refused.append((finding, "another fix edits the same place: run fix again afterwards"))
            continue
        for file, file_edits in pending.items():
            edits.setdefault(file, []).extend(file_edits)
        for file in found:  # verified with every file it edits
            result.fixed.setdefault(file, []).append(finding)
        result.edits_of[finding.fingerprint] = [(file, edit) for file, made in found.items() for edit in made]
    for file, file_edits in sorted(edits.items()):
        if file_edits:
            result.changes[file] = (current[file], apply(current[file], file_edits))
    return result


def follow(
    result: Plan,
    replan: Callable[[Report, Mapping[str, str], set[str]], Plan],
    rescan: Callable[[Mapping[str, str]], Report],
) -> Plan:
    """Also fix what the kept edits reveal (two replicas now need a disruption budget), so that a
    second ``fix`` has nothing to do: *replan* plans the revealed findings of the edited texts."""
    for _ in range(3):
        revealed = {finding.fingerprint for finding in result.revealed if finding.fixable}
        if not revealed or result.after is None:
            return result
        edited = {file: new for file, (_, new) in result.changes.items()}
        more = verify(replan(result.after, edited, revealed), result.after, _over(rescan, edited))
        for file, (old, new) in more.changes.items():
            result.changes[file] = (result.changes[file][0] if file in result.changes else old, new)
        for file, findings in more.fixed.items():
            if file in more.changes:
                result.fixed.setdefault(file, []).extend(findings)
        done = {f.fingerprint for file, findings in more.fixed.items() if file in more.changes for f in findings}
        result.refused += more.refused
        result.dropped += more.dropped
        result.revealed = [f for f in result.revealed if f.fingerprint not in done] + more.revealed
        result.after = more.after if more.changes else None
    return result


def _editable(resources: Sequence[Resource], *, stdin: bool) -> Resource:
    """The one resource a finding is about, if its file may be edited; raises ``Refused``."""
    if not resources:  # the finding moved to a template, away from the rendered resource
        raise Refused("the resource comes from rendered output (a Helm chart, a Kustomize overlay): fix the template")
    if len(resources) > 1:
        raise Refused(
            f"{len(resources)} configurations here (root modules) make this resource from the same file: fix it "
            "where each sets its values"
        )
    if stdin:
        raise Refused("standard input is not edited: run fix on the files themselves")
    return resources[0]


def _edits(
    resource: Resource, read: Callable[[str], str], settings: Sequence[Setting], inputs: Inputs
) -> dict[str, list[Edit]]:
    """The edits, by file, that write *settings* for *resource*: on the resource itself, or where
    a value it reads is set when nothing else reads it; raises ``Refused``."""
    from reslint.autofix import origin

    file = resource.file
    found: dict[str, list[Edit]] = {}
    for setting in settings:
        text = read(file)
        try:
            edits = {file: _local(resource, text, setting)}
        except FromElsewhere as exc:
            step = (".".join(setting.keys), setting.value, setting.minimum)
            if resource.format is Format.TERRAFORM:
                where, edit = origin.terraform_variable(
                    resource, exc.name, step, read=read, var_files=inputs.var_files, variables=set(inputs.variables)
                )
                edits = {where: [edit]}
            else:
                given = set(inputs.parameters) if inputs.parameters is not None else None
                edits = {
                    file: [
                        origin.cloudformation_parameter(text, exc.name, step, given, json_syntax=file.endswith(".json"))
                    ]
                }
        for where, made in edits.items():
            found.setdefault(where, []).extend(made)
    return found


def _local(resource: Resource, text: str, setting: Setting) -> list[Edit]:
    """The edits of *setting* on the resource in its own file; raises ``Refused`` (``FromElsewhere``)."""
    items = [(setting.keys, setting.value, setting.minimum)]
    file = resource.file
    if resource.format is Format.TERRAFORM:
        if not file.endswith(".tf"):
            raise Refused("only Terraform's native syntax (.tf) is edited, not JSON or plans")
        from reslint.autofix.hcl import edits_for

        return edits_for(text, resource.line, items)
    if resource.format is Format.KUBERNETES:
        from reslint.autofix.yaml import kubernetes_edits

        parts = resource.address.split("/")
        namespace = parts[0] if len(parts) == 3 else None  # namespace/Kind/name
        return kubernetes_edits(text, resource.type, parts[-1], namespace, items)
    if resource.format is Format.CLOUDFORMATION:
        if file.endswith(".json"):
            from reslint.autofix.json import cloudformation_edits as json_edits

            return json_edits(text, resource.address, items)
        from reslint.autofix.yaml import cloudformation_edits

        return cloudformation_edits(text, resource.address, items)
    raise Refused(f"files of format {resource.format.value} are not edited")


def _read(file: str, roots: Sequence[str]) -> str:
    """The file's text, if it may be edited: a regular file under a scan root, not a downloaded module."""
    path = Path(file)
    if not path.is_file() or path.is_symlink():
        raise Refused("the resource comes from rendered output or a link, not a file reslint may edit")
    if ".terraform" in path.parts:
        raise Refused("the resource is in a downloaded (remote) module: fix it in the module's source")
    resolved = path.resolve()
    folders = [Path(root).resolve() for root in roots]
    if not any(
        resolved == folder or resolved.is_relative_to(folder if folder.is_dir() else folder.parent)
        for folder in folders
    ):
        raise Refused("the file is outside the scanned folders (a module from elsewhere): fix it there")
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        raise Refused("the file starts with a byte order mark: edit it by hand")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused("the file is not UTF-8") from exc


def _over(
    rescan: Callable[[Mapping[str, str]], Report], edited: Mapping[str, str]
) -> Callable[[Mapping[str, str]], Report]:
    """*rescan* of *edited* texts with more edits on top."""
    return lambda texts: rescan({**edited, **texts})


def verify(result: Plan, before: Report, rescan: Callable[[Mapping[str, str]], Report]) -> Plan:
    """Keep the edits of the files that still parse and lose the findings they fix, and that add
    no finding to a resource they did not fix (a sign of an edit in the wrong place)."""
    known_errors = {(problem.file, problem.message) for problem in before.errors}
    before_keys = {finding.fingerprint for finding in before.findings}
    for _ in range(3):
        if not result.changes:
            return result
        after = rescan({file: new for file, (_, new) in result.changes.items()})
        after_keys = {finding.fingerprint for finding in after.findings}
        failed: dict[str, str] = {}
        for problem in after.errors:
            if problem.file in result.changes and (problem.file, problem.message) not in known_errors:
                failed.setdefault(
                    problem.file, f"the edited file does not parse: line {problem.line}: {problem.message}"
                )
        for file, findings in result.fixed.items():
            for finding in findings:
                if finding.fingerprint in after_keys and file in result.changes:
                    failed.setdefault(file, f"{finding.rule} on {finding.address} is still reported after the edit")
        edited = {(f.file, f.address) for file in result.changes for f in result.fixed.get(file, [])}
        fresh = [f for f in after.findings if f.fingerprint not in before_keys]
        for finding in fresh:
            if finding.file in result.changes and (finding.file, finding.address) not in edited:
                failed.setdefault(finding.file, f"the edit brings a new finding: {finding.rule} on {finding.address}")
        if not failed:
            # A fix may make a rule apply elsewhere too: an autoscaler's minimum raised in one file
            # is the replica count of the workload it scales in another.
            result.revealed = fresh
            result.after = after
            return result
        for file, reason in sorted(failed.items()):
            result.changes.pop(file, None)
            result.dropped.append((file, reason))
            result.refused += [(finding, f"dropped: {reason}") for finding in result.fixed.pop(file, [])]
    return result


def regions(result: Plan) -> dict[str, tuple[tuple[str, int, int, int, int, str], ...]]:
    """Each fixed finding's edits (of files whose edits are kept) as SARIF-style regions:
    ``(file, start line, start column, end line, end column, new text)``, from 1, end exclusive."""
    out = {}
    for fingerprint, edits in sorted(result.edits_of.items()):
        if edits and all(file in result.changes for file, _ in edits):
            out[fingerprint] = tuple(
                (
                    file,
                    *_position(result.changes[file][0], edit.start),
                    *_position(result.changes[file][0], edit.end),
                    edit.new,
                )
                for file, edit in edits
            )
    return out


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def write(changes: Mapping[str, tuple[str, str]]) -> None:
    """Write each edited file whole, atomically (a temporary file beside it, then a rename)."""
    for file, (_, new) in sorted(changes.items()):
        path = Path(file)
        mode = path.stat().st_mode
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".reslint")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(new)
            Path(temporary).chmod(mode & 0o7777)
            Path(temporary).replace(path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def unified_diff(changes: Mapping[str, tuple[str, str]]) -> str:
    """The changes as one unified diff, ``a/FILE`` and ``b/FILE`` as git spells them."""
    import difflib

    out: list[str] = []
    for file, (old, new) in sorted(changes.items()):
        out.extend(
            difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{file}", f"b/{file}")
        )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in out)
