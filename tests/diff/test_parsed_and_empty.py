"""Diffs from a config parsed once, and the emptiness check that verification uses.

``remediation_empty`` must give the verdict of ``plan_remediation(...).empty``
for every input, or a device that still differs would pass verification.
Each platform's converged config is checked with every single line left
out, and with one description changed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hier_config.exceptions import DuplicateChildError

from campusctl.diff import DiffMode, ParsedConfig, plan_remediation, remediation_empty

FIXTURES = Path(__file__).parent / "fixtures"
PLATFORMS = ["huawei_vrp", "h3c_comware", "cisco_ios", "ruijie_rgos"]
MODES = [DiffMode.REPLACE, DiffMode.MERGE, DiffMode.EXACT]


def _read(platform: str, name: str) -> str:
    return (FIXTURES / platform / name).read_text(encoding="utf-8")


def _one_line_less(text: str) -> list[str]:
    """Return ``text`` once per line with that line removed (separator lines kept)."""
    lines = text.splitlines()
    return [
        "\n".join(lines[:index] + lines[index + 1 :]) + "\n"
        for index, line in enumerate(lines)
        if line.strip() not in ("", "#", "!")
    ]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_copy_equals_deep_copy(platform: str) -> None:
    parsed = ParsedConfig.parse(_read(platform, "intended.cfg"), platform)
    copy = parsed.copy()
    assert copy == parsed.tree.deep_copy()
    assert list(copy.dump_simple()) == list(parsed.tree.dump_simple())
    assert [c.order_weight for c in copy.all_children()] == [
        c.order_weight for c in parsed.tree.all_children()
    ]
    first = next(iter(copy.children))
    first.delete()
    assert first.text in [c.text for c in parsed.tree.children], "the copy shares the tree"


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("mode", MODES)
def test_parsed_input_gives_same_plan(platform: str, mode: DiffMode) -> None:
    running, intended = _read(platform, "running.cfg"), _read(platform, "intended.cfg")
    parsed = ParsedConfig.parse(intended, platform)
    from_text = plan_remediation(running, intended, platform, mode=mode, management_vlan=99)
    for _repeat in range(2):  # a second diff from the same parse starts from an unchanged tree
        from_parse = plan_remediation(running, parsed, platform, mode=mode, management_vlan=99)
        assert from_parse == from_text


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("mode", MODES)
def test_empty_check_agrees_on_each_missing_line(platform: str, mode: DiffMode) -> None:
    intended = ParsedConfig.parse(_read(platform, "intended.cfg"), platform)
    converged = _read(platform, "converged.cfg")
    whole = plan_remediation(converged, intended, platform, mode=mode).empty
    assert remediation_empty(converged, intended, platform, mode=mode) is whole
    differing = 0
    for running in _one_line_less(converged):
        try:
            expected = plan_remediation(running, intended, platform, mode=mode).empty
        except DuplicateChildError:  # the line held two sections apart: no valid config
            with pytest.raises(DuplicateChildError):
                remediation_empty(running, intended, platform, mode=mode)
            continue
        assert remediation_empty(running, intended, platform, mode=mode) is expected, running
        differing += not expected
    assert differing > 0


@pytest.mark.parametrize("platform", PLATFORMS)
def test_one_changed_line_fails_empty_check(platform: str) -> None:
    intended = ParsedConfig.parse(_read(platform, "intended.cfg"), platform)
    converged = _read(platform, "converged.cfg")
    assert remediation_empty(converged, intended, platform)
    changed = converged.replace(" description ", " description X", 1)
    assert changed != converged
    assert not remediation_empty(changed, intended, platform)
    assert not plan_remediation(changed, intended, platform).empty


def test_parsed_config_rejects_other_platform() -> None:
    parsed = ParsedConfig.parse(_read("huawei_vrp", "intended.cfg"), "huawei_vrp")
    with pytest.raises(ValueError, match="h3c_comware"):
        plan_remediation(_read("h3c_comware", "running.cfg"), parsed, "h3c_comware")


def _flat_facts(node: object, deps: object, prefix: str) -> tuple[set[object], ...]:
    """Return (defines, references, removes) of a subtree, line by line, as ordering sees it."""
    from campusctl.diff.dependencies import _keys

    defines: set[object] = set()
    references: set[object] = set()
    removes: set[object] = set()
    for child in (node, *node.all_children()):  # type: ignore[attr-defined]
        path = [line.removeprefix(prefix) for line in child.path()]
        defined = _keys(deps.defines, path)  # type: ignore[attr-defined]
        named = _keys(deps.references, path)  # type: ignore[attr-defined]
        (removes if child.text.startswith(prefix) else defines).update(defined)
        references |= named
    references -= defines | deps.builtin  # type: ignore[attr-defined]
    return defines, references, removes


@pytest.mark.parametrize("platform", PLATFORMS)
def test_subtree_facts_equal_line_by_line(platform: str) -> None:
    from campusctl.diff.dependencies import DEPENDENCIES, _facts
    from campusctl.diff.remediation import replace_changes
    from campusctl.netkit._platform import resolve_platform

    deps = DEPENDENCIES[resolve_platform(platform)]
    memo: dict[int, object] = {}
    for tree in replace_changes(
        _read(platform, "running.cfg"), _read(platform, "intended.cfg"), platform
    ):
        prefix = tree.driver.negation_prefix
        nodes = list(tree.all_children())
        assert nodes
        for node in nodes:
            facts = _facts(node, deps, prefix, memo)  # type: ignore[arg-type]
            expected = _flat_facts(node, deps, prefix)
            assert (facts.defines, facts.references, facts.removes) == expected, node.text
