"""The contract between the engine and an input format (Kubernetes, Terraform, CloudFormation)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

# A build's problems are the engine's vocabulary (``errors.Problem``); the contract names them too.
from reslint.errors import Problem

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reslint.model import Resource


__all__ = ["BuildOptions", "InputFormat", "ModelBuild", "Problem", "SourceFile"]


@dataclass(frozen=True)
class SourceFile:
    """A selected file, read once: ``path`` is what reports show, ``text`` its decoded content."""

    path: str
    text: str
    #: The scan root the file was found under (its folder for a file named on the command line).
    root: str = "."


@dataclass(frozen=True)
class BuildOptions:
    """User inputs that decide values: Terraform variables, CloudFormation parameters."""

    var_files: tuple[str, ...] = ()
    variables: tuple[tuple[str, str], ...] = ()
    #: Read and write the on-disk cache of parsed files (``--no-cache`` turns it off).
    cache: bool = True
    #: CloudFormation parameter files (``[{ParameterKey, ParameterValue}]`` or ``{Parameters: {}}``).
    parameter_files: tuple[str, ...] = ()
    parameters: tuple[tuple[str, str], ...] = ()
    #: CloudFormation stack tags (``--cfn-tag``) and tags files (``--cfn-tags``); templates'
    #: resources inherit them, as CloudFormation propagates stack tags.
    stack_tags: tuple[tuple[str, str], ...] = ()
    stack_tag_files: tuple[str, ...] = ()


@dataclass
class ModelBuild:
    """What an input format produced from all the files it claimed."""

    resources: list[Resource] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    #: What the build read besides its sources and the files its options name, as facts the model
    #: cache (``modelcache.py``) checks before reusing the build: ``[]`` for nothing, None when not
    #: known (the build is then never reused). A format that records facts checks them itself
    #: (``trace_holds(trace, sources)``, ``modelcache.TracedFormat``). Formats of plugins leave it None.
    trace: list[tuple[str, ...]] | None = None


class InputFormat(Protocol):
    """Reads one kind of input into resources.

    ``claims`` decides cheaply from the path and text whether the format reads a file (the first
    format by ``priority`` that claims it wins); ``build`` parses every claimed file once and
    normalizes the lot together, since facts cross files (an HPA in one file scales a Deployment in
    another; a Terraform module spans a folder). A file that cannot be parsed becomes an error in
    the build, never an exception.
    """

    name: str
    priority: int
    #: File name endings worth reading for this format (``.tf``, ``.yaml``); folders are walked for
    #: the union of every format's suffixes, then ``claims`` decides by content.
    suffixes: tuple[str, ...]

    def claims(self, path: str, text: str) -> bool:
        """True when this format reads the file."""
        ...

    def build(self, sources: Sequence[SourceFile], options: BuildOptions) -> ModelBuild:
        """Parse and normalize the claimed files."""
        ...
