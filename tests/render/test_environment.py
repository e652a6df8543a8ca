"""The strict environment: whitespace control, includes, undefined names and rejected values."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from campusctl.render.environment import make_environment, render
from campusctl.render.errors import TemplateFailure


def _env(tmp_path: Path, templates: dict[str, str]) -> jinja2.Environment:
    for name, text in templates.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return make_environment(tmp_path)


def test_block_tags_leave_no_blank_lines(tmp_path: Path) -> None:
    source = (
        "{% for v in vlans %}\nvlan {{ v.id }}\n  {% if v.name %}\n name {{ v.name }}\n"
        "  {% endif %}\n{% endfor %}\n"
    )
    env = _env(tmp_path, {"vlans.j2": source})
    vlans = [{"id": 10, "name": None}, {"id": 20, "name": "PRINTERS"}]
    # `v.name` is None for VLAN 10 but only tested in `if`, never written.
    assert render(env, "vlans.j2", {"vlans": vlans}, "dev") == "vlan 10\nvlan 20\n name PRINTERS\n"


def test_inline_endif_with_plus_keeps_lines(tmp_path: Path) -> None:
    source = "{% for n in ports %}\n    {{n}}{% if not loop.last %},{% endif +%}\n{% endfor %}\n"
    env = _env(tmp_path, {"ports.j2": source})
    assert render(env, "ports.j2", {"ports": [1, 2, 3]}, "dev") == "    1,\n    2,\n    3\n"


def test_included_templates_keep_last_newline(tmp_path: Path) -> None:
    env = _env(
        tmp_path,
        {
            "vlan.j2": "vlan 10\n name STAFF\n",
            "vrf.j2": "ip vrf MGMT\n",
            "main.j2": "{% include 'vlan.j2' %}\n{% include 'vrf.j2' %}\n",
        },
    )
    assert render(env, "main.j2", {}, "dev") == "vlan 10\n name STAFF\nip vrf MGMT\n"


def test_undefined_variable_names_template_and_line(tmp_path: Path) -> None:
    env = _env(tmp_path, {"port.j2": "interface {{ name }}\n description {{ desc }}\n"})
    with pytest.raises(TemplateFailure, match=r"port\.j2:2.*'desc' is undefined") as info:
        render(env, "port.j2", {"name": "Gi1/0/1"}, "SW-1")
    assert info.value.line == 2
    assert "SW-1" in str(info.value)


def test_misspelt_loop_variable_fails(tmp_path: Path) -> None:
    env = _env(tmp_path, {"v.j2": "{% for v in vlanz %}vlan {{ v }}\n{% endfor %}"})
    with pytest.raises(TemplateFailure, match="'vlanz' is undefined"):
        render(env, "v.j2", {"vlans": [10, 20]}, "dev")


@pytest.mark.parametrize("value", [None, False, True, ""])
def test_rejected_values_never_written(tmp_path: Path, value: object) -> None:
    env = _env(tmp_path, {"d.j2": "interface Gi1/0/1\n description {{ desc }}\n"})
    with pytest.raises(TemplateFailure, match=r"d\.j2:2"):
        render(env, "d.j2", {"desc": value}, "dev")


def test_syntax_error_names_template_and_line(tmp_path: Path) -> None:
    env = _env(tmp_path, {"bad.j2": "hostname x\n{% if %}\n"})
    with pytest.raises(TemplateFailure) as info:
        render(env, "bad.j2", {}, "dev")
    assert info.value.line == 2
    assert "bad.j2" in str(info.value)


def test_missing_template_names_it(tmp_path: Path) -> None:
    env = _env(tmp_path, {})
    with pytest.raises(TemplateFailure, match=r"nothere\.j2"):
        render(env, "nothere.j2", {}, "dev")
