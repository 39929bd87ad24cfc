"""The CloudFormation input format: templates (YAML, JSON, SAM) into the shared AWS model."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from reslint.formats import ModelBuild, Problem
from reslint.model import Format, Suppression
from reslint.suppressions import parse

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reslint.cloudformation import CfnResource
    from reslint.clouds import Record
    from reslint.formats import BuildOptions, SourceFile


class CloudFormationFormat:
    """Reads CloudFormation and SAM templates; the AWS rules apply to them unchanged."""

    name = "cloudformation"
    #: Builds are kept by the model cache (``modelcache.py``).
    model_cache = True
    priority = 20
    suffixes: tuple[str, ...] = (".yaml", ".yml", ".json", ".template")

    def claims(self, path: str, text: str) -> bool:
        """Templates by their keys (``AWSTemplateFormatVersion``, ``Resources`` of AWS types)."""
        from reslint.cloudformation import looks_like_template

        return looks_like_template(path, text)

    def build(self, sources: Sequence[SourceFile], options: BuildOptions) -> ModelBuild:
        """Decode and evaluate every template, then normalize its resources."""
        from reslint.cloudformation import load_templates

        cache = None
        if options.cache:
            from reslint.cache import Cache
            from reslint.cloudformation._loader import cache_salt, usable

            cache = Cache.open(cache_salt()) if usable() else None
        loaded = load_templates(
            [(source.path, source.text) for source in sources],
            dict(options.parameters),
            options.parameter_files,
            cache,
        )
        if cache is not None and cache.wrote:
            cache.prune()  # bounded like the Terraform entries in the same folder
        # Nothing but the templates and the parameter and tag files decides the model.
        result = ModelBuild(errors=list(loaded.errors), trace=[])
        stack_tags, tag_problems = _stack_tags(options)
        result.errors += tag_problems
        records = [_record(resource) for resource in loaded.resources]
        from reslint.providers import to_resources  # the cloud kind tables: only for runs that read clouds

        for record in records:
            record.inherited_tags, record.inherited_tags_from = list(stack_tags.items()), "stack tags"
        result.resources = to_resources(records)
        for resource, cfn in zip(result.resources, loaded.resources, strict=True):
            suppressions, problems = metadata_suppressions(cfn)
            resource.suppressions.extend(suppressions)
            result.errors.extend(problems)
        return result


def _stack_tags(options: BuildOptions) -> tuple[dict[str, object], list[Problem]]:
    """The stack's tags, in the order parameters are read: parameter files' ``Tags``, tags files,
    then ``--cfn-tag``; a later value for a key wins."""
    from reslint.cloudformation._loader import read_stack_tags

    problems: list[Problem] = []
    tags: dict[str, object] = {}
    for path in options.parameter_files:
        tags.update(read_stack_tags(path, problems, required=False))
    for path in options.stack_tag_files:
        tags.update(read_stack_tags(path, problems, required=True))
    tags.update(options.stack_tags)
    return tags, problems


def _record(resource: CfnResource) -> Record:
    from reslint.clouds import Record

    return Record(
        format=Format.CLOUDFORMATION,
        type=resource.type,
        address=resource.logical_id,
        file=resource.file,
        line=resource.line,
        attributes=resource.properties,
        lines=resource.property_lines,
        origins=resource.property_origins,
        references=resource.references,
        # A resource whose Condition cannot be decided may not exist: it counts as an unknown number.
        siblings=None if resource.condition is not None else 1,
        # Each template is a stack of its own: a logical id names a resource of its template only.
        scope=resource.file,
        meta={
            "DeletionPolicy": resource.deletion_policy,
            "UpdateReplacePolicy": resource.update_replace_policy,
        },
        meta_lines=resource.attribute_lines,
    )


def metadata_suppressions(resource: CfnResource) -> tuple[list[Suppression], list[Problem]]:
    """``Metadata: {reslint: {ignore: [{rule: RSL201, reason: ..., until: 2027-03-31}]}}``, like cfn-lint's
    ``Metadata: {cfn-lint: ...}``; an entry may also be the comment form ``"RSL201 reason until=..."``."""
    section = resource.metadata.get("reslint")
    entries = section.get("ignore") if isinstance(section, dict) else None
    if entries is None:
        return [], []
    suppressions: list[Suppression] = []
    problems: list[Problem] = []
    for entry in entries if isinstance(entries, list) else [entries]:
        if isinstance(entry, str):  # the comment form: "RSL201 reason until=2027-03-31"
            parsed = parse(entry, resource.file, resource.line)
            if isinstance(parsed, Problem):
                problems.append(parsed)
            else:
                suppressions.append(parsed)
            continue
        if not isinstance(entry, dict):
            problems.append(
                Problem(resource.file, resource.line, "Metadata reslint.ignore entries need a rule and a reason")
            )
            continue
        rules = entry.get("rule", entry.get("rules"))
        rule_ids = tuple(str(r).upper() for r in (rules if isinstance(rules, list) else [rules]) if r)
        reason = str(entry.get("reason") or "").strip()
        until = entry.get("until")
        until_text = until.isoformat() if isinstance(until, date) else (str(until) if until is not None else None)
        if not rule_ids or not reason:
            problems.append(
                Problem(
                    resource.file,
                    resource.line,
                    f"Metadata reslint.ignore on {resource.logical_id} needs a rule and a reason",
                )
            )
            continue
        if until_text is not None:
            try:
                date.fromisoformat(until_text)
            except ValueError:
                problems.append(
                    Problem(
                        resource.file, resource.line, f"Metadata reslint.ignore has an invalid date until={until_text}"
                    )
                )
                continue
        suppressions.append(Suppression(rule_ids, reason, until_text, resource.file, resource.line))
    return suppressions, problems
