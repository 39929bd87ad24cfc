"""Reading CloudFormation templates with cfn-lint's decoder and evaluating their resources."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Final

import yaml
from yaml import events

from reslint.cloudformation._eval import NO_VALUE, Evaluator
from reslint.cloudformation._types import CfnResource, CfnResult
from reslint.errors import Problem
from reslint.model import UNKNOWN

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from reslint.cache import Cache
    from reslint.model import Unknown

TEMPLATE_TYPE_PREFIXES: Final = ("AWS::", "Custom::", "Alexa::")
#: libyaml's composer recurses in C and crashes the interpreter somewhere between 20 000 and
#: 50 000 nesting levels; below this bound cfn-lint fails cleanly with a RecursionError match.
SAFE_NESTING_BOUND: Final = 10_000
MAX_NESTING: Final = 1_000

_EVENT_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CACHE_KIND: Final = "cloudformation-template"
#: Templates to decode must add up to this many characters before worker processes pay off
#: (docs/performance.md); RESLINT_POOL_MIN_BYTES overrides it, as for Terraform.
POOL_MIN_BYTES: Final = 256 * 1024


def load(
    sources: Sequence[tuple[str, str]],
    parameters: Mapping[str, str],
    parameter_files: Sequence[str],
    cache: Cache | None = None,
) -> CfnResult:
    result = CfnResult()
    values: dict[str, object] = {}
    for parameter_file in parameter_files:
        values.update(_read_parameter_file(parameter_file, result.errors))
    values.update(parameters)
    # A template's result depends on its path, its text and the parameter values, nothing else.
    given = hashlib.sha256(pickle.dumps(values, protocol=4)).hexdigest() if cache is not None else ""
    outcomes: list[_Outcome | None] = []
    keys: list[str | None] = []
    for path, text in sources:
        key = cache.key(_CACHE_KIND, _digest(path, text, given)) if cache is not None else None
        keys.append(key)
        outcomes.append(_cached(cache.get(key)) if cache is not None and key is not None else None)
    misses = [i for i, outcome in enumerate(outcomes) if outcome is None]
    pooled = _in_workers([sources[i] for i in misses], values)
    for i, outcome in zip(misses, pooled, strict=True):
        path, text = sources[i]
        fresh = outcome if outcome is not None else _template(path, text, values)
        outcomes[i] = fresh
        key = keys[i]
        if cache is not None and key is not None:
            cache.put(key, fresh)
    for outcome in outcomes:
        assert outcome is not None
        _add(result, *outcome)
    result.resources.sort(key=lambda resource: (resource.file, resource.line))
    return result


def _in_workers(sources: Sequence[tuple[str, str]], values: Mapping[str, object]) -> list[_Outcome | None]:
    """Decode and evaluate *sources* in worker processes when there is enough to pay for them.

    Outcomes come back in the order of *sources*; None for each one a worker did not deliver (a
    worker that died), which the caller then reads itself.
    """
    from reslint.parallel import pool_context, usable_cpus

    workers = min(usable_cpus(), len(sources))
    min_bytes = int(os.environ.get("RESLINT_POOL_MIN_BYTES", POOL_MIN_BYTES))
    if workers < 2 or sum(len(text) for _, text in sources) < min_bytes:
        return [None] * len(sources)
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    import cfnlint.decode  # noqa: F401  (imported once, before forking, instead of once per worker)

    outcomes: list[_Outcome | None] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=pool_context()) as pool:
        futures = [pool.submit(_template, path, text, dict(values)) for path, text in sources]
        for future in futures:
            try:
                outcomes.append(future.result())
            except BrokenProcessPool:
                outcomes.append(None)
    return outcomes


#: What one template gives: whether it is a template, its resources, its problems.
_Outcome = tuple[bool, list[CfnResource], list[Problem]]


def _template(path: str, text: str, values: Mapping[str, object]) -> _Outcome:
    from cfnlint.decode import decode_str

    errors: list[Problem] = []
    line = _excessive_nesting(text)
    if line is not None:
        return False, [], [Problem(path, line, f"nesting deeper than {MAX_NESTING} levels")]
    template, matches = decode_str(text)
    if template is None:
        return False, [], [Problem(path, match.linenumber or None, match.message) for match in matches]
    if not is_template(template):
        return False, [], []
    resources = _resources(path, template, values, errors)
    return True, resources, errors


def _add(result: CfnResult, is_template: bool, resources: list[CfnResource], errors: list[Problem]) -> None:
    result.templates += is_template
    result.resources.extend(resources)
    result.errors.extend(errors)


def _digest(path: str, text: str, given: str) -> str:
    return hashlib.sha256(f"{path}\0{given}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()


def _cached(value: object) -> _Outcome | None:
    """A cached outcome, or None when the entry is not one (then the template is decoded again)."""
    if not (isinstance(value, tuple) and len(value) == 3):
        return None
    is_template, resources, errors = value
    if not isinstance(is_template, bool):
        return None
    if not (isinstance(resources, list) and all(isinstance(r, CfnResource) for r in resources)):
        return None
    if not (isinstance(errors, list) and all(isinstance(e, Problem) for e in errors)):
        return None
    return is_template, resources, errors


def usable() -> bool:
    """Whether a cached template outcome holds everything loading produces (a CfnResult that grows
    a field the outcome does not carry turns the cache off rather than losing it)."""
    return {f.name for f in fields(CfnResult)} == {"resources", "errors", "templates"}


def cache_salt() -> str:
    """What decides a template's result besides its inputs: the decoder's version and our code."""
    from importlib.metadata import version

    from reslint.cache import package_digest

    return f"cfn-lint {version('cfn-lint')}\0PyYAML {yaml.__version__}\0{package_digest()}"


def is_template(document: object) -> bool:
    """A decoded document is a template: a Resources mapping, and a version or an AWS-style type."""
    if not isinstance(document, dict):
        return False
    resources = document.get("Resources")
    if not isinstance(resources, dict):
        return False
    if "AWSTemplateFormatVersion" in document:
        return True
    return any(
        isinstance(body, dict) and isinstance(body.get("Type"), str) and body["Type"].startswith(TEMPLATE_TYPE_PREFIXES)
        for body in resources.values()
    )


def _excessive_nesting(text: str) -> int | None:
    """The line where *text* nests deeper than MAX_NESTING, if it could crash the decoder.

    Flow nesting needs a bracket per level and block nesting a column per level (two for a
    sequence under a mapping key), so most texts are cleared by counting; the rest are walked
    with libyaml's event parser, which keeps its own stack, stopping at the limit because its
    cost grows with the depth.
    """
    widest = max(map(len, text.splitlines()), default=0)
    if text.count("[") + text.count("{") + 2 * widest + 2 <= SAFE_NESTING_BOUND:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_EVENT_LOADER):
            if isinstance(event, (events.MappingStartEvent, events.SequenceStartEvent)):
                depth += 1
                if depth > MAX_NESTING:
                    return event.start_mark.line + 1 if event.start_mark else None
            elif isinstance(event, events.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # Newer libyaml builds stop at their own depth limit: the same verdict, in our words.
        if "nesting" in str(exc.problem or "") and exc.problem_mark is not None:
            return exc.problem_mark.line + 1
        # Not YAML up to the error: the decoder reports the error (or reads it as JSON, whose
        # parser fails cleanly on deep nesting).
        return None
    except yaml.YAMLError:
        return None
    return None


def _read_parameter_file(path: str, errors: list[Problem]) -> dict[str, object]:
    """Parameter values from a CLI-style list or a CodePipeline-style ``{"Parameters": {...}}`` file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        errors.append(Problem(path, None, f"cannot read parameter file: {exc.strerror or exc}"))
        return {}
    except UnicodeDecodeError:
        errors.append(Problem(path, None, "cannot read parameter file: not UTF-8 text"))
        return {}
    except json.JSONDecodeError as exc:
        errors.append(Problem(path, exc.lineno, f"invalid JSON in parameter file: {exc.msg}"))
        return {}
    if isinstance(data, dict) and isinstance(data.get("Parameters"), dict):
        return {str(name): value for name, value in data["Parameters"].items()}
    if isinstance(data, list) and all(
        isinstance(item, dict) and isinstance(item.get("ParameterKey"), str) for item in data
    ):
        # UsePreviousValue entries name no value: the deployed one is not knowable here.
        return {item["ParameterKey"]: item.get("ParameterValue", UNKNOWN) for item in data}
    errors.append(
        Problem(
            path,
            None,
            'parameter file must be [{"ParameterKey": ..., "ParameterValue": ...}] or {"Parameters": {...}}',
        )
    )
    return {}


def read_stack_tags(path: str, errors: list[Problem], *, required: bool) -> dict[str, object]:
    """Stack tags from a file: ``[{"Key": ..., "Value": ...}]`` (``create-stack --tags file://``),
    a CodePipeline template configuration ``{"Tags": {...}}``, or a plain ``{key: value}`` map.
    A parameter file (*required* false) may hold no tags at all."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        errors.append(Problem(path, None, f"cannot read tags file: {exc.strerror or exc}"))
        return {}
    except UnicodeDecodeError:
        errors.append(Problem(path, None, "cannot read tags file: not UTF-8 text"))
        return {}
    except json.JSONDecodeError as exc:
        if required:  # a parameter file's JSON errors are reported once, by the parameter reader
            errors.append(Problem(path, exc.lineno, f"invalid JSON in tags file: {exc.msg}"))
        return {}
    if isinstance(data, dict) and isinstance(data.get("Tags"), dict):
        return {str(key): value for key, value in data["Tags"].items()}
    if isinstance(data, list) and all(isinstance(item, dict) and isinstance(item.get("Key"), str) for item in data):
        return {item["Key"]: item.get("Value") for item in data}
    if required and isinstance(data, dict) and data and all(isinstance(v, str) for v in data.values()):
        return {str(key): value for key, value in data.items()}
    if required:
        errors.append(
            Problem(path, None, 'tags file must be [{"Key": ..., "Value": ...}], {"Tags": {...}} or {key: value}')
        )
    return {}


def _parameter_values(declared: object, given: Mapping[str, object]) -> dict[str, object]:
    if not isinstance(declared, dict):
        return {}
    values: dict[str, object] = {}
    for name, declaration in declared.items():
        if not isinstance(declaration, dict):
            values[str(name)] = UNKNOWN
            continue
        kind = declaration.get("Type", "String")
        raw = given[name] if name in given else declaration.get("Default", UNKNOWN)
        values[str(name)] = _parameter_value(kind if isinstance(kind, str) else "String", raw)
    return values


def _parameter_value(kind: str, raw: object) -> object:
    """A parameter's value as the template sees it, typed by the parameter's Type."""
    if kind.startswith("AWS::SSM::Parameter::Value<"):
        return UNKNOWN  # the value is the SSM parameter's content; *raw* only names it
    if kind == "CommaDelimitedList" or kind.startswith("List<"):
        if isinstance(raw, list):
            items = [_parameter_text(item) for item in raw]
        else:
            text = _parameter_text(raw)
            if not isinstance(text, str):
                return UNKNOWN
            items = [item.strip() for item in text.split(",")]
        if kind == "List<Number>":
            return [_number(item) for item in items]
        return items
    if kind == "Number":
        return _number(_parameter_text(raw))
    return _parameter_text(raw)


def _parameter_origins(path: str, declared: object, given: Mapping[str, object]) -> dict[str, str]:
    """Where each parameter's value is set: given at deploy time, else its Default (file and line)."""
    if not isinstance(declared, dict):
        return {}
    origins: dict[str, str] = {}
    for name, declaration in declared.items():
        if name in given:
            origins[str(name)] = f"parameter {name} as given (--cfn-param, --cfn-params)"
        elif isinstance(declaration, dict) and "Default" in declaration:
            key = next(key for key in declaration if key == "Default")
            origins[str(name)] = f"Default of parameter {name} at {path}:{_line(key, _line(name, 1))}"
    return origins


def _lone_ref(raw: object) -> str | None:
    """*NAME* when a property is written ``!Ref NAME`` and nothing more."""
    if isinstance(raw, dict) and len(raw) == 1:
        name = raw.get("Ref")
        return name if isinstance(name, str) else None
    return None


def _parameter_text(raw: object) -> object:
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, (str, int, float)):
        return str(raw)
    return UNKNOWN


def _number(text: object) -> object:
    if not isinstance(text, str):
        return UNKNOWN
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            continue
    return text  # not a number: CloudFormation would reject it; keep what was written


def _resources(
    path: str, template: dict[object, object], given: Mapping[str, object], errors: list[Problem]
) -> list[CfnResource]:
    declared = template["Resources"]
    assert isinstance(declared, dict)
    names = {str(name) for name, body in declared.items() if isinstance(body, dict)}
    parameter_values = _parameter_values(template.get("Parameters"), given)
    origins = _parameter_origins(path, template.get("Parameters"), given)
    conditions = template.get("Conditions")
    mappings = template.get("Mappings")
    evaluator = Evaluator(
        parameter_values,
        conditions if isinstance(conditions, dict) else {},
        mappings if isinstance(mappings, dict) else {},
        names,
    )
    out: list[CfnResource] = []
    for key, body in declared.items():
        line = _line(key, 1)
        if not isinstance(body, dict):
            # ``Fn::ForEach::*`` (AWS::LanguageExtensions) loops are not expanded.
            if not str(key).startswith("Fn::ForEach::"):
                errors.append(Problem(path, line, f"resource {key} is not a mapping"))
            continue
        kind = body.get("Type")
        if not isinstance(kind, str):
            if isinstance(kind, dict) and any(str(k).startswith("Rain::") for k in kind):
                # A Rain pre-processor directive: not CloudFormation until `rain pkg` expands it.
                reason = "Type is a Rain module; lint the output of `rain pkg` instead"
            else:
                reason = "Type is missing or not a string"
            errors.append(Problem(path, line, f"resource {key}: {reason}; not read"))
            continue
        condition = body.get("Condition")
        undecided: str | None = None
        if condition is not None:
            truth = evaluator.condition(condition) if isinstance(condition, str) else UNKNOWN
            if truth is False:
                continue
            if truth is not True:
                undecided = str(condition)
        out.append(
            _resource(
                path,
                str(key),
                body,
                kind=str(kind),
                line=line,
                evaluator=evaluator,
                names=names,
                condition=undecided,
                origins=origins,
            )
        )
    if evaluator.exhausted:
        errors.append(Problem(path, None, "template too large to evaluate fully; some values are UNKNOWN"))
    return out


def _resource(
    path: str,
    logical_id: str,
    body: dict[object, object],
    *,
    kind: str,
    line: int,
    evaluator: Evaluator,
    names: set[str],
    condition: str | None,
    origins: Mapping[str, str],
) -> CfnResource:
    references: set[str] = set()
    declared = body.get("Properties")
    properties: dict[str, object] = {}
    property_lines: dict[str, int] = {}
    property_origins: dict[str, str] = {}
    if declared is not None:
        evaluated = evaluator.value(declared, references)
        if isinstance(evaluated, dict):
            properties = evaluated
        if isinstance(declared, dict):
            property_lines = {str(name): _line(name, line) for name in declared if str(name) in properties}
            refs = {str(name): _lone_ref(raw) for name, raw in declared.items() if str(name) in properties}
            property_origins = {name: origins[ref] for name, ref in refs.items() if ref is not None and ref in origins}
    metadata = evaluator.value(body.get("Metadata", {}), references)
    depends_on = body.get("DependsOn")
    for name in depends_on if isinstance(depends_on, list) else [depends_on]:
        if isinstance(name, str) and name in names:
            references.add(str(name))
    return CfnResource(
        logical_id=logical_id,
        type=kind,
        file=path,
        line=line,
        properties=properties,
        property_lines=property_lines,
        property_origins=property_origins,
        references=references,
        tags=_tags(properties.get("Tags")),
        metadata=metadata if isinstance(metadata, dict) else {},
        deletion_policy=_policy(evaluator.value(body.get("DeletionPolicy"), set())),
        update_replace_policy=_policy(evaluator.value(body.get("UpdateReplacePolicy"), set())),
        attribute_lines={
            str(name): _line(name, line) for name in body if str(name) in ("DeletionPolicy", "UpdateReplacePolicy")
        },
        condition=condition,
    )


def _tags(tags: object) -> dict[str, object]:
    """``[{Key, Value}, ...]`` (most types) or a plain map (SAM, SSM and a few others) as a dict."""
    if isinstance(tags, dict):
        return tags
    if not isinstance(tags, list):
        return {}
    return {tag["Key"]: tag.get("Value") for tag in tags if isinstance(tag, dict) and isinstance(tag.get("Key"), str)}


def _policy(value: object) -> str | Unknown | None:
    if value is None or value is NO_VALUE:
        return None
    return value if isinstance(value, str) else UNKNOWN


def _line(node: object, default: int) -> int:
    """The 1-based line of a decoded key or value; ints and bools carry no position."""
    mark = getattr(node, "start_mark", None)
    line = getattr(mark, "line", None)
    return line + 1 if isinstance(line, int) else default
