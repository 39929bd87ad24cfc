"""The pre-commit hooks, run by the real pre-commit against this repository.

``pre-commit try-repo`` builds the hook's virtualenv and installs reslint into it from the hook
repository, so these tests need the package index (the build backend and reslint's dependencies),
as a pre-commit user does. They take a minute or two.

try-repo takes a local repository's uncommitted changes to tracked files, but not untracked files
(pre-commit runs ``git add -u`` into a shadow index). The tests therefore snapshot the working tree,
tracked and untracked files alike (ignored ones left out), into a one-commit repository and try
that: what is tested is exactly what is on disk.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from _support.paths import ROOT

if TYPE_CHECKING:
    from pathlib import Path

HOOKS = ROOT / ".pre-commit-hooks.yaml"

pytestmark = [
    pytest.mark.network,
    pytest.mark.skipif(
        importlib.util.find_spec("pre_commit") is None, reason="pre-commit is not installed (it is in the 'test' extra)"
    ),
    pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git"),
]

BAD = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
spec:
  replicas: 1
  selector:
    matchLabels: {app: checkout}
  template:
    metadata:
      labels: {app: checkout}
    spec:
      containers:
        - name: app
          image: example/checkout:1
          readinessProbe: {httpGet: {path: /ready, port: 8080}}
          livenessProbe: {httpGet: {path: /healthz, port: 8080}}
"""

GOOD = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
spec:
  replicas: 3
  selector:
    matchLabels: {app: cart}
  template:
    metadata:
      labels: {app: cart}
    spec:
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: DoNotSchedule
          labelSelector: {matchLabels: {app: cart}}
      containers:
        - name: app
          image: example/cart:1
          readinessProbe: {httpGet: {path: /ready, port: 8080}}
          livenessProbe: {httpGet: {path: /healthz, port: 8080}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: cart
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: cart}
"""


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


def _init(repo: Path) -> None:
    _git("init", "--quiet", cwd=repo)
    _git("add", "--all", cwd=repo)
    _git("commit", "--quiet", "--no-verify", "--message", "snapshot", cwd=repo)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This working tree as a one-commit repository."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the snapshot needs `git ls-files`")
    snapshot = tmp_path_factory.mktemp("hook-repo")
    listed = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():  # tracked files deleted in the working tree are listed too
            target = snapshot / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    _init(snapshot)
    return snapshot


@pytest.fixture(scope="module")
def consumer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository using the hook: a failing and a passing manifest in one folder."""
    repo = tmp_path_factory.mktemp("consumer")
    (repo / "k8s").mkdir()
    (repo / "k8s" / "bad.yaml").write_text(BAD, encoding="utf-8")
    (repo / "k8s" / "good.yaml").write_text(GOOD, encoding="utf-8")
    (repo / "README.md").write_text("not linted\n", encoding="utf-8")
    _init(repo)
    return repo


def try_repo(hook_repo: Path, consumer: Path, hook: str, *files: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(hook_repo),
            hook,
            "--color",
            "never",
            "--verbose",
            "--files",
            *files,
        ],
        cwd=consumer,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_manifest_is_valid() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(HOOKS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_hook_fails_on_a_bad_manifest(hook_repo: Path, consumer: Path) -> None:
    result = try_repo(hook_repo, consumer, "reslint", "k8s/bad.yaml")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "RSL201" in output
    assert "k8s/bad.yaml" in output
    assert "Failed" in output


def test_hook_passes_on_a_good_manifest_next_to_a_bad_one(hook_repo: Path, consumer: Path) -> None:
    """--changed lints the whole repository but reports only what the staged files affect."""
    result = try_repo(hook_repo, consumer, "reslint", "k8s/good.yaml", "README.md")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Passed" in output
    assert "RSL201" not in output
