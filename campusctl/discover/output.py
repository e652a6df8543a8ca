"""Write an imported school file to its place in the inventory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from campusctl.discover.errors import ImportConfigError
from campusctl.i18n import _
from campusctl.inventory.yamlstrict import StrictDumper


class _Dumper(StrictDumper):
    """Flow style for leaf mappings (one port, one VLAN per line), block style above."""


def _represent_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    leaf = all(
        not isinstance(v, dict | list)
        or (isinstance(v, list) and all(isinstance(i, int) for i in v))
        for v in data.values()
    )
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=leaf)


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    return dumper.represent_sequence(
        "tag:yaml.org,2002:seq", data, flow_style=all(isinstance(i, int) for i in data)
    )


_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(list, _represent_list)


def dump_school(data: dict[str, Any], header: str = "") -> str:
    """Return the school file text; ``header`` becomes leading comment lines."""
    comment = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10000)
    return comment + body


def school_path(inventory: Path, code: str, district: str) -> Path:
    """Return ``<inventory>/schools/<city>/<district>/<code>.yml``."""
    city = f"{district[:4]}00"
    return inventory / "schools" / city / district / f"{code}.yml"


def write_school(path: Path, text: str, *, force: bool = False) -> None:
    """Write ``text`` to ``path``; refuse to replace a file unless ``force``.

    :raise ImportConfigError: when the file exists and ``force`` is off, or cannot be written.
    """
    if path.exists() and not force:
        raise ImportConfigError(
            _(
                "{path} already exists; pass --force to replace it or --out to write elsewhere"
            ).format(path=path)
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as err:
        raise ImportConfigError(
            _("cannot write {path} ({reason})").format(path=path, reason=err.strerror)
        ) from err
