"""Errors raised in render worker processes reach the command instead of hanging it."""

from __future__ import annotations

import functools
import importlib
import inspect
import multiprocessing
import pickle
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import campusctl
from campusctl.errors import CampusError, RenderError
from campusctl.inventory.problems import InventoryInvalid, Problem
from campusctl.render.errors import SecretMissing
from campusctl.render.pool import run_job
from tests.conftest import REPO, SAMPLE, campusctl_env


def _all_error_classes() -> list[type[CampusError]]:
    for module in pkgutil.walk_packages(campusctl.__path__, "campusctl."):
        if ".stacks." in module.name or module.name.endswith("__main__"):
            continue
        importlib.import_module(module.name)
    found: list[type[CampusError]] = []
    pending: list[type[CampusError]] = [CampusError]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


def _example(cls: type[CampusError]) -> CampusError:
    """Build an instance, passing a string for every required argument."""
    if issubclass(cls, InventoryInvalid):
        problem = Problem(Path("schools/x.yml"), 3, "vlans", "invalid VLAN", "use 2-4094")
        return cls([problem])
    parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
    required = [p for p in parameters if p.default is inspect.Parameter.empty]
    positional = [
        f"value of {p.name}"
        for p in required
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    keywords = {p.name: f"value of {p.name}" for p in required if p.kind is p.KEYWORD_ONLY}
    return cls(*positional or ["message"], **keywords)


@pytest.mark.parametrize("cls", _all_error_classes(), ids=lambda c: c.__qualname__)
def test_error_pickles_round_trip(cls: type[CampusError]) -> None:
    error = _example(cls)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is cls
    assert str(copy) == str(error)
    assert copy.__dict__ == error.__dict__


def _raise_secret_missing(name: str) -> None:
    raise SecretMissing(f"secret {name} is not set", name)


class _Unpicklable(Exception):
    def __init__(self, message: str, extra: object) -> None:
        super().__init__(message)
        self.extra = extra

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("cannot pickle this error")


def _raise_unpicklable(name: str) -> None:
    raise _Unpicklable(f"broken {name}", object())


def test_pool_reports_secret_missing() -> None:
    with multiprocessing.get_context("fork").Pool(2) as pool:
        job = functools.partial(run_job, _raise_secret_missing)
        with pytest.raises(SecretMissing) as raised:
            list(pool.imap_unordered(job, ["a", "b"]))
    assert raised.value.name in ("a", "b")


def test_pool_reports_unpicklable_error() -> None:
    with multiprocessing.get_context("fork").Pool(2) as pool:
        job = functools.partial(run_job, _raise_unpicklable)
        with pytest.raises(RenderError, match="_Unpicklable: broken"):
            list(pool.imap_unordered(job, ["a", "b"]))


def test_render_without_secrets_exits(tmp_path: Path) -> None:
    """Two render jobs and no secret source: the missing secret is reported, exit 1."""
    env = dict(campusctl_env(), CAMPUSCTL_STATE=str(tmp_path / "state"))
    env.pop("CAMPUSCTL_LAB_SECRETS", None)
    completed = subprocess.run(
        [
            *(sys.executable, "-m", "campusctl", "render", "-i", str(SAMPLE)),
            *("--out", str(tmp_path / "configs"), "-j", "2"),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "E2003" in completed.stderr
    assert "Traceback" not in completed.stderr
