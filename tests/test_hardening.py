"""Hostile and broken input: always a clear error with file and line, never a traceback."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import pytest

from reslint.cli import main

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from reslint.reporting import Report

MANIFEST = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: b}\n"


def only_error(report: Report) -> str:
    [error] = report.errors
    assert report.exit_code() == 2
    return error.message


def test_binary_file(lint: Callable[..., Report], tmp_path: Path) -> None:
    (tmp_path / "blob.yaml").write_bytes(b"apiVersion: v1\x00\x01\x02kind")
    assert "binary" in only_error(lint(tmp_path))


def test_non_utf8_file(lint: Callable[..., Report], tmp_path: Path) -> None:
    (tmp_path / "latin.yaml").write_bytes(MANIFEST.replace("b}", "caf\xe9}").encode("latin-1"))
    assert "not UTF-8" in only_error(lint(tmp_path))


def test_truncated_and_unterminated(lint: Callable[..., Report], tmp_path: Path) -> None:
    (tmp_path / "cut.yaml").write_text(MANIFEST[:-8] + '"unterminated\n')
    message = only_error(lint(tmp_path))
    assert message.startswith("invalid YAML")


def test_tabs_as_indentation(lint: Callable[..., Report], tmp_path: Path) -> None:
    (tmp_path / "tabs.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n")
    assert "invalid YAML" in only_error(lint(tmp_path))


def test_empty_files_and_documents(lint: Callable[..., Report], tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_text("")
    (tmp_path / "docs.yaml").write_text("---\n---\n# apiVersion: v1\n# kind: nothing\n---\n")
    (tmp_path / "empty.tf").write_text("")
    report = lint(tmp_path)
    assert report.errors == [] and report.resources == 0


def test_alias_bomb_and_deep_nesting(lint: Callable[..., Report], tmp_path: Path) -> None:
    lines = ["apiVersion: v1", "kind: ConfigMap", "metadata: {name: bomb}", 'a0: &a0 ["x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\n")
    (tmp_path / "deep.yaml").write_text(MANIFEST + "deep: " + "[" * 5000 + "]" * 5000 + "\n")
    messages = sorted(error.message for error in lint(tmp_path).errors)
    assert len(messages) == 2
    assert any("alias bomb" in m for m in messages) and any("nesting" in m for m in messages)


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_symlink_loop_and_dangling_link(lint: Callable[..., Report], tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "a" / "ok.yaml").write_text(MANIFEST)
    (tmp_path / "a" / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    report = lint(tmp_path)
    assert report.resources == 1
    [error] = report.errors
    assert error.file.endswith("gone.yaml") and "cannot read" in error.message


def test_unreadable_file(lint: Callable[..., Report], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod 0 does not stop root (CI runs as root), so make the read itself fail as it would.
    path = tmp_path / "secret.yaml"
    path.write_text(MANIFEST)
    real_read = type(path).read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "secret.yaml":
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(type(path), "read_bytes", read_bytes)
    message = only_error(lint(tmp_path))
    assert "cannot read" in message and "Permission denied" in message


def test_helm_template_is_a_notice_not_an_error(lint: Callable[..., Report], tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text("apiVersion: v1\nkind: ConfigMap\n{{- if .Values.x }}\nmetadata: {}\n{{- end }}\n")
    report = lint(tmp_path)
    assert report.errors == [] and len(report.skipped) == 1


def test_terraform_parse_error_has_file_and_line(lint: Callable[..., Report], tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = "x"\n  tags = {\n')
    [error] = lint(tmp_path).errors
    assert error.file.endswith("main.tf")


def test_module_source_outside_the_scan_root_is_refused(lint: Callable[..., Report], tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "main.tf").write_text('resource "aws_instance" "x" {}\n')
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "main.tf").write_text('module "m" {\n  source = "../outside"\n}\n')
    report = lint(tmp_path / "repo")
    assert any("outside" in error.message for error in report.errors)
    assert report.exit_code() == 2


def test_no_traceback_reaches_the_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.yaml").write_text(MANIFEST)

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr("reslint.scan.scan", explode)
    assert main(["check", "."]) == 3
    err = capsys.readouterr().err
    assert "internal error" in err and "Traceback" not in err
