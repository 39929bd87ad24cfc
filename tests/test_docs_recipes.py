"""The install and CI recipes in the docs, run as written.

Commands are taken from the Markdown and YAML themselves, not copied here, so a recipe that stops
working fails a test. Two things are filled in, as a reader would: ``<commit-sha>`` becomes a real
commit, and ``https://github.com/reslint/reslint`` becomes a local clone of this working tree (the
tests reach no host but the package index). Publishing (``twine upload``, ``git push``) is not run.
The recipes that install from the package index are marked ``network``; the checks that no recipe
names a release or tag that does not exist run everywhere.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import venv
from typing import TYPE_CHECKING

import pytest
import yaml

from _support.paths import ROOT
from reslint import __version__

if TYPE_CHECKING:
    from pathlib import Path

UPSTREAM = "https://github.com/reslint/reslint"
SHA_PLACEHOLDER = "<commit-sha>"
#: Files a user copies recipes from.
RECIPES = [
    "README.md",
    "docs/getting-started.md",
    "docs/ci.md",
    "action.yml",
    ".pre-commit-hooks.yaml",
    "examples/ci/github-workflow.yml",
    "examples/ci/gitlab-ci.yml",
]
_FENCE = re.compile(r"^```(?P<lang>[\w-]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)

BAD = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
spec:
  replicas: 1
  template:
    spec:
      containers:
        - name: app
          image: example/checkout:1
"""


def section(path: str, heading: str) -> str:
    """The text under *heading* (``## Install``) up to the next heading of the same or a higher
    level; ``#`` lines inside code blocks are not headings."""
    lines = (ROOT / path).read_text(encoding="utf-8").splitlines(keepends=True)
    level = len(heading.split(" ", 1)[0])
    start = next(i for i, line in enumerate(lines) if line.rstrip("\n") == heading)
    fenced = False
    for end in range(start + 1, len(lines)):
        line = lines[end]
        fenced ^= line.startswith("```")
        if not fenced and re.match(rf"#{{1,{level}}} ", line):
            return "".join(lines[start:end])
    return "".join(lines[start:])


def blocks(text: str, lang: str) -> list[str]:
    return [m.group("body") for m in _FENCE.finditer(text) if m.group("lang") == lang]


def commands(block: str) -> list[str]:
    """Shell lines of a block, comments and blank lines dropped."""
    lines = [line.split("  #", 1)[0].strip() for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


# --- everywhere: no recipe names a release that does not exist -------------------------------


def _tags() -> set[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    listed = subprocess.run(["git", "tag", "--list"], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(listed.stdout.split())


@pytest.mark.parametrize("path", RECIPES)
def test_no_recipe_names_a_release_that_does_not_exist(path: str) -> None:
    text = (ROOT / path).read_text(encoding="utf-8")
    tags = _tags()
    pins = re.findall(r"reslint==([\w.]+)", text)
    refs = re.findall(r"reslint/reslint@(v[\w.]+)", text) + re.findall(r"^\s*rev:\s*['\"]?(v[\w.]+)", text, re.M)
    assert not pins, f"{path} pins reslint=={pins[0]}, which is not on PyPI; install from a commit"
    missing = [ref for ref in refs if ref not in tags]
    assert not missing, f"{path} names tag {missing[0]}, which does not exist; use a commit SHA"


def test_the_release_steps_are_written_down() -> None:
    steps = section("docs/release.md", "## 2. Build and check the distributions")
    assert commands(blocks(steps, "sh")[0]) == [
        "python -m pip install build twine",
        "python -m build",
        "twine check --strict dist/*",
    ]
    tag = commands(blocks(section("docs/release.md", "## 3. Tag the commit"), "sh")[0])
    assert tag[0].startswith("git tag -a v") and tag[1].startswith("git push origin v")


# --- with the package index: run them -------------------------------------------------------


def _git(*args: str, cwd: Path) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "reslint tests",
        "GIT_AUTHOR_EMAIL": "tests@reslint.invalid",
        "GIT_COMMITTER_NAME": "reslint tests",
        "GIT_COMMITTER_EMAIL": "tests@reslint.invalid",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This working tree (tracked and untracked files, as on disk) as a one-commit repository,
    standing in for https://github.com/reslint/reslint; and that commit's SHA."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    repo = tmp_path_factory.mktemp("upstream") / "reslint"
    listed = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    _git("init", "--quiet", cwd=repo)
    _git("add", "--all", cwd=repo)
    _git("commit", "--quiet", "--no-verify", "--message", "snapshot", cwd=repo)
    return repo, _git("rev-parse", "HEAD", cwd=repo).strip()


def fill(text: str, upstream: tuple[Path, str]) -> str:
    repo, sha = upstream
    return text.replace(SHA_PLACEHOLDER, sha).replace(UPSTREAM, repo.as_uri())


def run(command: str, cwd: Path, env_bin: Path | None = None, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("GITHUB_STEP_SUMMARY", None)
    if env_bin is not None:
        env["PATH"] = f"{env_bin}{os.pathsep}{env['PATH']}"
        env["VIRTUAL_ENV"] = str(env_bin.parent)
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def fresh_venv(path: Path) -> Path:
    venv.create(path, with_pip=True)
    return path / "bin"


@pytest.mark.network
def test_readme_quick_start(upstream: tuple[Path, str], tmp_path: Path) -> None:
    """``pip install . && reslint check examples/`` in a checkout: exits 1, as the README says."""
    first = commands(blocks((ROOT / "README.md").read_text(encoding="utf-8"), "sh")[0])[0]
    assert first == "pip install . && reslint check examples/"
    checkout = tmp_path / "checkout"
    _git("clone", "--quiet", str(upstream[0]), str(checkout), cwd=tmp_path)
    result = run(first, checkout, fresh_venv(tmp_path / "venv"))
    assert result.returncode == 1, result.stderr[-2000:]
    assert "blocking finding" in result.stdout


@pytest.mark.network
def test_getting_started_install(upstream: tuple[Path, str], tmp_path: Path) -> None:
    """Every line of the Install section: a clone, pip from the checkout, pip from the git URL at a commit."""
    lines = commands(fill(blocks(section("docs/getting-started.md", "## Install"), "sh")[0], upstream))
    assert any(line.startswith("pip install") and "git+" in line for line in lines)
    env_bin = fresh_venv(tmp_path / "venv")
    for line in lines:
        result = run(line, tmp_path, env_bin)
        assert result.returncode == 0, f"{line}\n{result.stderr[-2000:]}"
        if line == "reslint --version":
            assert result.stdout.strip() == f"reslint {__version__}"
    assert lines[-1] == "reslint --version"


@pytest.mark.network
def test_gitlab_job_script(upstream: tuple[Path, str], tmp_path: Path) -> None:
    """examples/ci/gitlab-ci.yml's script with its RESLINT_SPEC, in a repository with a gap."""
    job = yaml.safe_load((ROOT / "examples/ci/gitlab-ci.yml").read_text(encoding="utf-8"))["reslint"]
    spec = fill(job["variables"]["RESLINT_SPEC"], upstream)
    project = tmp_path / "project"
    (project / "k8s").mkdir(parents=True)
    (project / "k8s" / "app.yaml").write_text(BAD, encoding="utf-8")
    env_bin = fresh_venv(tmp_path / "venv")
    results = [run(f"export RESLINT_SPEC={shlex.quote(spec)}; {line}", project, env_bin) for line in job["script"]]
    assert results[0].returncode == 0, results[0].stderr[-2000:]
    assert results[-1].returncode == 1  # a blocking finding fails the job
    for report in ("reslint-junit.xml", "gl-code-quality-report.json", "reslint.md"):
        assert (project / report).stat().st_size > 0


@pytest.mark.network
@pytest.mark.parametrize("pin", ["commit", "tag"])
def test_pre_commit_recipe(upstream: tuple[Path, str], tmp_path: Path, pin: str) -> None:
    """docs/ci.md's .pre-commit-config.yaml, pinned to a commit as written, or to a release tag made
    as docs/release.md says."""
    config = blocks(section("docs/ci.md", "## pre-commit"), "yaml")[0]
    assert f"rev: {SHA_PLACEHOLDER}" in config
    if pin == "tag":
        tag = commands(blocks(section("docs/release.md", "## 3. Tag the commit"), "sh")[0])[0]
        version = re.search(r"v[\w.]+", tag)
        assert version is not None
        clone = tmp_path / "tagged"
        _git("clone", "--quiet", str(upstream[0]), str(clone), cwd=tmp_path)
        _git(*shlex.split(tag)[1:], cwd=clone)
        config = config.replace(SHA_PLACEHOLDER, version.group(0))
        upstream = (clone, upstream[1])
    consumer = tmp_path / "consumer"
    (consumer / "k8s").mkdir(parents=True)
    (consumer / "k8s" / "app.yaml").write_text(BAD, encoding="utf-8")
    (consumer / ".pre-commit-config.yaml").write_text(fill(config, upstream), encoding="utf-8")
    _git("init", "--quiet", cwd=consumer)
    _git("add", "--all", cwd=consumer)
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
        cwd=consumer,
        env={**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "RSL201" in output and "k8s/app.yaml" in output


@pytest.mark.network
def test_release_steps_up_to_publishing(upstream: tuple[Path, str], tmp_path: Path) -> None:
    """docs/release.md's build and check, in a fresh environment; the wheel installs and runs."""
    steps = commands(blocks(section("docs/release.md", "## 2. Build and check the distributions"), "sh")[0])
    checkout = tmp_path / "checkout"
    _git("clone", "--quiet", str(upstream[0]), str(checkout), cwd=tmp_path)
    env_bin = fresh_venv(tmp_path / "venv")
    for step in steps:
        result = run(step.replace("python ", f"{env_bin / 'python'} ", 1), checkout, env_bin)
        assert result.returncode == 0, f"{step}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    wheels = sorted((checkout / "dist").glob("*.whl"))
    assert [w.name for w in wheels] == [f"reslint-{__version__}-py3-none-any.whl"]
    assert (checkout / "dist" / f"reslint-{__version__}.tar.gz").is_file()
    installed = fresh_venv(tmp_path / "installed")
    result = run(f"pip install --quiet {wheels[0]} && reslint explain RSL201", tmp_path, installed)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "RSL201" in result.stdout
