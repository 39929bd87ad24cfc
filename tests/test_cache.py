"""The on-disk cache of parsed files, the parse pool and the per-file parse time limit."""

from __future__ import annotations

import json
import os
import shutil
import time
from typing import TYPE_CHECKING

import pytest

from _support.paths import FIXTURES
from reslint.cache import Cache
from reslint.cli import main
from reslint.formats import BuildOptions, SourceFile
from reslint.reporters.json import JsonReporter
from reslint.reporting import RenderOptions
from reslint.scan import ScanOptions, scan
from reslint.terraform import _parse
from reslint.terraform._eval import EMPTY_ENV, evaluate
from reslint.terraform.format import TerraformFormat

if TYPE_CHECKING:
    from pathlib import Path

    from reslint.plugins import Registry
    from reslint.terraform._parse import ParsedFile


MAIN_TF = """resource "aws_db_instance" "db" {
  engine   = "postgres"
  multi_az = var.multi_az
}

variable "multi_az" {
  default = false
}
"""


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test here gets its own cache folder, never the user's."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("RESLINT_CACHE_DIR", str(folder))
    monkeypatch.delenv("RESLINT_POOL_MIN_BYTES", raising=False)
    return folder


def _entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".tmp-"))


def _parser(texts: dict[str, str]) -> _parse.FileParser:
    return _parse.FileParser(texts, Cache.open(_parse.cache_salt()))


def test_miss_then_hit(tmp_path: Path, cache_dir: Path) -> None:
    path = str(tmp_path / "main.tf")
    first = _parser({path: MAIN_TF})
    parsed = first.parse(path)
    assert first.stats == {"hits": 0, "misses": 1, "pooled": 0}
    assert len(_entries(cache_dir)) == 1

    second = _parser({path: MAIN_TF})
    cached = second.parse(path)
    assert second.stats == {"hits": 1, "misses": 0, "pooled": 0}
    assert _shape(cached) == _shape(parsed)


def test_a_hit_gets_its_own_path(tmp_path: Path) -> None:
    one, two = str(tmp_path / "a" / "main.tf"), str(tmp_path / "b" / "main.tf")
    _parser({one: MAIN_TF}).parse(one)
    parser = _parser({two: MAIN_TF})
    parsed = parser.parse(two)
    assert parser.stats["hits"] == 1
    assert parsed.path == two
    assert {block.file for block in parsed.blocks} == {two}


def test_changed_content_is_a_miss(tmp_path: Path, cache_dir: Path) -> None:
    path = str(tmp_path / "main.tf")
    _parser({path: MAIN_TF}).parse(path)
    parser = _parser({path: MAIN_TF.replace("postgres", "mysql")})
    parsed = parser.parse(path)
    assert parser.stats["misses"] == 1
    assert evaluate(parsed.blocks[0].attrs["engine"].expr, EMPTY_ENV) == "mysql"
    assert len(_entries(cache_dir)) == 2


def test_parse_errors_are_cached_too(tmp_path: Path) -> None:
    path = str(tmp_path / "broken.tf")
    with pytest.raises(_parse.TfParseError) as first:
        _parser({path: 'resource "x" "y" {\n'}).parse(path)
    parser = _parser({path: 'resource "x" "y" {\n'})
    with pytest.raises(_parse.TfParseError) as second:
        parser.parse(path)
    assert parser.stats["hits"] == 1
    assert (str(second.value), second.value.line) == (str(first.value), first.value.line)


@pytest.mark.parametrize(
    "garbage", [b"", b"RSLC1\n", b"RSLC1\nnot a pickle", b"\x80\x05junk", b"RSLC1\n\x80\x05K\x01."]
)
def test_a_corrupt_entry_is_a_miss(tmp_path: Path, cache_dir: Path, garbage: bytes) -> None:
    path = str(tmp_path / "main.tf")
    _parser({path: MAIN_TF}).parse(path)
    (entry,) = _entries(cache_dir)
    entry.write_bytes(garbage)
    parser = _parser({path: MAIN_TF})
    parsed = parser.parse(path)
    assert parser.stats == {"hits": 0, "misses": 1, "pooled": 0}
    assert [b.labels for b in parsed.blocks] == [["aws_db_instance", "db"], ["multi_az"]]
    assert entry.read_bytes() != garbage  # rewritten


def test_an_unusable_cache_folder_means_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("RESLINT_CACHE_DIR", str(blocker / "cache"))
    assert Cache.open("salt") is None
    sources = [SourceFile(str(tmp_path / "main.tf"), MAIN_TF, str(tmp_path))]
    built = TerraformFormat().build(sources, BuildOptions())
    assert [r.address for r in built.resources] == ["aws_db_instance.db"]
    assert built.errors == []


def test_a_cache_folder_that_fails_to_write_is_tolerated(tmp_path: Path, cache_dir: Path) -> None:
    cache = Cache.open("salt")
    assert cache is not None
    shutil.rmtree(cache_dir)
    cache_dir.write_text("the folder is gone and a file took its place")
    cache.put_bytes(cache.key("k", "d"), b"payload")  # no exception
    assert cache.get(cache.key("k", "d")) is None
    assert not cache.writable


def test_writes_leave_no_temporary_files(tmp_path: Path, cache_dir: Path) -> None:
    path = str(tmp_path / "main.tf")
    _parser({path: MAIN_TF}).parse(path)
    assert not list(cache_dir.rglob(".tmp-*"))


def test_prune_drops_the_least_recently_used(cache_dir: Path) -> None:
    cache = Cache.open("salt")
    assert cache is not None
    keys = [cache.key("k", str(i)) for i in range(4)]
    for i, key in enumerate(keys):
        cache.put_bytes(key, bytes(1000))
        entry = cache.directory / key[:2] / key
        stamp = time.time() - 100 + i
        os.utime(entry, (stamp, stamp))
    cache.prune(max_bytes=3000)  # over: prune to 80% of it, oldest first
    assert [cache.get_bytes(k) is not None for k in keys] == [False, False, True, True]


def test_no_cache_option_writes_nothing(tmp_path: Path, cache_dir: Path) -> None:
    sources = [SourceFile(str(tmp_path / "main.tf"), MAIN_TF, str(tmp_path))]
    TerraformFormat().build(sources, BuildOptions(cache=False))
    assert _entries(cache_dir) == []
    TerraformFormat().build(sources, BuildOptions())
    assert len(_entries(cache_dir)) == 3  # the parsed file, its module folder and its root module


# ---------------------------------------------------------------- identical results


def _report(registry: Registry, root: Path, *, cache: bool) -> str:
    options = ScanOptions(paths=(str(root),), build=BuildOptions(cache=cache))
    return JsonReporter().render(scan(options, registry), RenderOptions())


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "terraform", root / "terraform")
    shutil.copytree(FIXTURES / "rules", root / "rules")
    return root


def test_reports_are_identical_with_and_without_cache_and_pool(
    registry: Registry, corpus: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RESLINT_POOL_MIN_BYTES", str(1 << 40))  # never the pool
    plain = _report(registry, corpus, cache=False)
    assert _entries(cache_dir) == []
    cold = _report(registry, corpus, cache=True)
    assert _entries(cache_dir)
    warm = _report(registry, corpus, cache=True)

    monkeypatch.setenv("RESLINT_POOL_MIN_BYTES", "0")  # always the pool
    pooled = _report(registry, corpus, cache=False)
    shutil.rmtree(cache_dir)
    pooled_cold = _report(registry, corpus, cache=True)
    pooled_warm = _report(registry, corpus, cache=True)  # all hits: nothing left for the pool

    assert json.loads(plain)["summary"]["files"] > 50
    assert plain == cold == warm == pooled == pooled_cold == pooled_warm


def test_the_pool_is_used_when_forced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESLINT_POOL_MIN_BYTES", "0")
    texts = {str(tmp_path / f"f{i}.tf"): MAIN_TF.replace("db", f"db{i}") for i in range(4)}
    parser = _parser(texts)
    parser.start(list(texts), workers=2)
    assert parser.stats["pooled"] == 4
    assert [parser.parse(p).blocks[0].labels[1] for p in texts] == ["db0", "db1", "db2", "db3"]
    parser.close()
    again = _parser(texts)
    again.start(list(texts), workers=2)  # the workers filled the cache
    assert again.stats["pooled"] == 0
    assert [again.parse(p).blocks[0].file for p in texts] == list(texts)
    assert again.stats["hits"] == 4


# ---------------------------------------------------------------- time limit


def _slow_when_marked(monkeypatch: pytest.MonkeyPatch) -> None:
    real = _parse.parse_hcl_file

    def slow(path: str, text: str) -> ParsedFile:
        if "SLOW" in text:
            time.sleep(30)
        return real(path, text)

    monkeypatch.setattr(_parse, "parse_hcl_file", slow)
    monkeypatch.setattr(_parse, "PARSE_TIMEOUT", 0.5)


@pytest.mark.parametrize("pool", [True, False], ids=["worker", "in-process"])
def test_a_slow_parse_becomes_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], pool: bool
) -> None:
    _slow_when_marked(monkeypatch)
    monkeypatch.setenv("RESLINT_POOL_MIN_BYTES", "0" if pool else str(1 << 40))
    (tmp_path / "main.tf").write_text(MAIN_TF)
    (tmp_path / "slow.tf").write_text("# SLOW\nlocals {\n  x = 1\n}\n")
    monkeypatch.chdir(tmp_path)
    started = time.monotonic()
    code = main(["check", ".", "--format", "json", "--no-config"])
    assert time.monotonic() - started < 20
    report = json.loads(capsys.readouterr().out)
    assert code == 2
    assert [(e["file"], e["message"]) for e in report["errors"]] == [
        ("slow.tf", "cannot parse: parsing took longer than 0.5 s")
    ]
    assert [f["file"] for f in report["findings"]] and {f["file"] for f in report["findings"]} == {"main.tf"}


def _shape(parsed: ParsedFile) -> list[tuple[str, list[str], int, list[tuple[str, int]]]]:
    return [(b.type, b.labels, b.line, [(a.name, a.line) for a in b.attrs.values()]) for b in parsed.blocks]


# ---------------------------------------------------------------- Kubernetes


DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
"""


def test_kubernetes_objects_are_cached_under_their_own_path(tmp_path: Path, cache_dir: Path) -> None:
    from reslint.kubernetes import KubernetesFormat

    one = SourceFile(str(tmp_path / "a.yaml"), DEPLOYMENT, str(tmp_path))
    first = KubernetesFormat().build([one], BuildOptions())
    assert len(_entries(cache_dir)) == 1
    two = SourceFile(str(tmp_path / "b.yaml"), DEPLOYMENT, str(tmp_path))
    second = KubernetesFormat().build([two], BuildOptions())
    assert len(_entries(cache_dir)) == 1  # same content, same entry
    assert [(r.address, r.file, r.line) for r in second.resources] == [
        (r.address, two.path, r.line) for r in first.resources
    ]


def test_a_chart_template_is_never_served_from_the_cache(tmp_path: Path) -> None:
    from reslint.kubernetes import KubernetesFormat

    plain = SourceFile(str(tmp_path / "web.yaml"), DEPLOYMENT, str(tmp_path))
    KubernetesFormat().build([plain], BuildOptions())
    chart = tmp_path / "chart"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("name: x\n")
    template = SourceFile(str(chart / "templates" / "web.yaml"), DEPLOYMENT, str(tmp_path))
    built = KubernetesFormat().build([template], BuildOptions())
    assert built.resources == []
    assert [n.file for n in built.notices] == [template.path]


def test_no_cache_flag(tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "main.tf").write_text(MAIN_TF)
    (tmp_path / "web.yaml").write_text(DEPLOYMENT)
    monkeypatch.chdir(tmp_path)
    main(["check", ".", "--no-config", "--no-cache", "-q"])
    assert _entries(cache_dir) == []
    main(["check", ".", "--no-config", "-q"])
    # main.tf parsed, its folder, its root module and the Terraform model; web.yaml's objects
    assert len(_entries(cache_dir)) == 5
