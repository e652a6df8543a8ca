"""NAPALM's bundled community drivers, run only when first used.

``import napalm`` runs the package's ``__init__``, which imports every driver
NAPALM bundles (EOS, IOS-XR, Junos, NX-OS) with the eAPI, XML and NETCONF
libraries they need: about 140 ms of each process that drives a device,
for drivers campusctl never runs. :func:`defer_bundled_drivers` installs an
import finder that creates those modules at once, with their name, path and
spec, and runs their code on first use: an attribute they lack, ``dir()``
(which ``napalm.get_network_driver`` reads), or ``vars()``. A submodule
(``napalm.junos.junos``) imports as usual.
``importlib.util.LazyLoader`` does not fit: ``import napalm.junos`` reads
the module's ``__spec__``, and any attribute read runs a lazy module.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
from collections.abc import Sequence
from typing import Any

BUNDLED = frozenset(
    f"napalm.{name}"
    for name in ("eos", "iosxr", "junos", "nxos", "nxos_ssh", "pyIOSXR", "nxapi_plumbing")
)
"""NAPALM's bundled modules except ``napalm.ios``, whose driver the Cisco driver subclasses."""


class _Deferred(types.ModuleType):
    """A module whose code has not run yet: the first use runs it, then it is a plain module."""

    def __getattr__(self, name: str) -> Any:
        _run(self)
        return getattr(self, name)

    def __dir__(self) -> list[str]:
        _run(self)
        return dir(self)

    @property
    def __dict__(self) -> dict[str, Any]:  # type: ignore[override]
        _run(self)
        return self.__dict__


def _run(module: types.ModuleType) -> None:
    """Run ``module``'s code with its own loader, once."""
    module.__class__ = types.ModuleType
    spec = module.__spec__
    loader = spec.loader if spec is not None else None
    if not isinstance(loader, _DeferringLoader):
        return
    spec.loader = module.__loader__ = loader.loader  # type: ignore[union-attr]
    loader.loader.exec_module(module)


class _DeferringLoader(importlib.abc.Loader):
    """Create the module as usual but leave its code to its first use."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self.loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        module.__class__ = _Deferred


class _DeferringFinder(importlib.abc.MetaPathFinder):
    """Find NAPALM's bundled modules where Python would, with a deferring loader."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in BUNDLED:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None:
            return spec
        spec.loader = _DeferringLoader(spec.loader)
        return spec


def defer_bundled_drivers() -> None:
    """Make NAPALM's bundled drivers run on first use. Does nothing once NAPALM is imported."""
    if "napalm" in sys.modules or any(isinstance(f, _DeferringFinder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _DeferringFinder())


def import_napalm() -> types.ModuleType:
    """Return the ``napalm`` package, its bundled drivers deferred (see the module's doc)."""
    defer_bundled_drivers()
    return importlib.import_module("napalm")
