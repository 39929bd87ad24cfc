"""Edits where a value really comes from, when only one resource uses it.

A Terraform attribute written ``var.NAME`` takes its value from (last wins) the variable's
``default``, ``terraform.tfvars``, ``*.auto.tfvars``, ``--var-file`` files, ``--var``, or, in a
child module, the module call's argument. A CloudFormation property written ``!Ref NAME`` takes
the parameter's ``Default`` unless a value is given at deploy time. Such a source is edited only
when nothing else reads it (the variable or parameter is referenced once) and the value is a
literal there; otherwise the refusal says which source it is, since changing it would change other
resources too. Environment variables (``TF_VAR_NAME``) and values given at deploy time are beyond
what a file can show, which the messages say.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from reslint.autofix.edits import Edit, Refused, Value

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from reslint.model import Resource

_MODULE_ADDRESS = re.compile(r"module\.([A-Za-z_][A-Za-z0-9_-]*)\.[^.\[]+\.[^.\[]+")


def terraform_variable(
    resource: Resource,
    name: str,
    setting: tuple[str, Value, bool],
    *,
    read: Callable[[str], str],
    var_files: Sequence[str],
    variables: set[str],
) -> tuple[str, Edit]:
    """The file and edit that give variable *name* (read by *resource*'s attribute) the value."""
    attribute, _, _ = setting
    folder = Path(resource.file).parent
    texts = {str(path): path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.tf"))}
    uses = sum(len(re.findall(rf"\bvar\.{re.escape(name)}\b", text)) for text in texts.values())
    where, make = _variable_source(resource, name, setting, texts, read=read, var_files=var_files, variables=variables)
    if uses != 1:
        raise Refused(
            f"`{attribute}` comes from variable `var.{name}`, set {where}, which {uses - 1} other "
            f"place(s) in {folder.as_posix()} also read: change it there if they should change too"
        )
    if make is None:
        raise Refused(f"`{attribute}` comes from variable `var.{name}`, set {where}: change it there")
    return make()


def _variable_source(
    resource: Resource,
    name: str,
    setting: tuple[str, Value, bool],
    texts: dict[str, str],
    *,
    read: Callable[[str], str],
    var_files: Sequence[str],
    variables: set[str],
) -> tuple[str, Callable[[], tuple[str, Edit]] | None]:
    """Where variable *name* gets its value (in words), and how to edit it there (None: not in a file
    fix may edit)."""
    from reslint.autofix import hcl

    _, value, minimum = setting
    if resource.address.startswith("module."):
        return f"by the module call's argument `{name}` (or the variable's default)", lambda: _module_argument(
            resource, name, setting, read
        )
    if name in variables:
        return "by --var on the command line", None
    folder = Path(resource.file).parent
    sources = [
        *sorted(folder.glob("terraform.tfvars")),
        *sorted(folder.glob("*.auto.tfvars")),
        *(Path(file) for file in var_files),
    ]
    for source in reversed(sources):  # the last one that sets it wins
        text = source.read_text(encoding="utf-8") if source.is_file() else ""
        if source.suffix == ".json":
            if re.search(rf'"{re.escape(name)}"\s*:', text):
                return f"in {source.as_posix()} (JSON variables files are not edited)", None
            continue
        if re.search(rf"(?m)^\s*{re.escape(name)}\s*=", text):
            shown = source.as_posix()

            def in_tfvars(shown: str = shown) -> tuple[str, Edit]:
                text = read(shown)
                span = hcl.top_level(text).get(name)
                if span is None:
                    raise Refused(f"`{name}` could not be located in {shown}")
                return shown, _required(hcl.literal_edit(text, span, name, value, minimum), name)

            return f"in {shown}", in_tfvars
    for file, text in texts.items():
        block = hcl.labelled_block(text, "variable", name)
        if block is None:
            continue
        shown = Path(file).as_posix()
        if "default" not in block.attributes:
            return "when Terraform runs (it has no default; TF_VAR_ or -var)", None

        def in_default(shown: str = shown) -> tuple[str, Edit]:
            text = read(shown)
            block = hcl.labelled_block(text, "variable", name)
            assert block is not None  # found in the same text above
            return shown, _required(hcl.set_in(text, block, ("default",), value, minimum), name)

        return f"by its default in {shown}", in_default
    return "outside the files read (the variable is not declared here)", None


def _module_argument(
    resource: Resource, name: str, setting: tuple[str, Value, bool], read: Callable[[str], str]
) -> tuple[str, Edit]:
    """The edit of the argument *name* in the module call that made *resource* (or its insertion)."""
    from reslint.autofix import hcl

    attribute, value, minimum = setting
    match = _MODULE_ADDRESS.fullmatch(resource.address)
    if match is None or len(resource.context) < 2:  # a root and one module folder
        raise Refused(
            f"`{attribute}` comes from variable `var.{name}` of a nested or expanded module instance: "
            "set it in the module call by hand"
        )
    call = match[1]
    root = Path(resource.context[0])
    for path in sorted(root.glob("*.tf")):
        text = path.read_text(encoding="utf-8")
        block = hcl.labelled_block(text, "module", call)
        if block is None:
            continue
        if "count" in block.attributes or "for_each" in block.attributes:
            raise Refused(
                f'`{attribute}` comes from argument `{name}` of module "{call}", which makes several '
                "instances: change it by hand"
            )
        shown = path.as_posix()
        text = read(shown)
        block = hcl.labelled_block(text, "module", call)
        assert block is not None  # the same text as above, read again through the scan-root check
        return shown, _required(hcl.set_in(text, block, (name,), value, minimum), name)
    raise Refused(f'`{attribute}` comes from variable `var.{name}`; the module call "{call}" was not found')


def _required(edit: Edit | None, name: str) -> Edit:
    if edit is None:
        raise Refused(f"`{name}` already has the value where it is set, yet the finding remains: check it by hand")
    return edit


def cloudformation_parameter(
    text: str,
    name: str,
    setting: tuple[str, Value, bool],
    given: set[str] | None,
    *,
    json_syntax: bool = False,
) -> Edit:
    """The edit of parameter *name*'s Default, when only this property reads it; *given* names the
    parameters given values at deploy time (None: a parameters file was given, so any may be)."""
    if json_syntax:
        from reslint.autofix.json import parameter_default_edit
    else:
        from reslint.autofix.yaml import parameter_default_edit

    attribute, value, minimum = setting
    if given is None or name in given:
        raise Refused(
            f"`{attribute}` comes from CloudFormation parameter `{name}`, given a value at deploy time "
            "(--cfn-param or --cfn-params): change it there"
        )
    references = len(re.findall(rf"(?:!Ref\s+|\bRef[\"']?\s*:\s*[\"']?)[\"']?{re.escape(name)}\b", text)) + len(
        re.findall(rf"\$\{{{re.escape(name)}\}}", text)
    )
    if references != 1:
        raise Refused(
            f"`{attribute}` comes from CloudFormation parameter `{name}`, which {references - 1} other "
            "place(s) in the template also use: change it where the value is chosen"
        )
    edit = parameter_default_edit(text, name, value, minimum)
    return _required(edit, name)
