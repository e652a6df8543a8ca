"""The diff's own loader and tree walks give what hier_config's give.

The engine parses, orders and prints every device's configs with these
instead of hier_config's slower equivalents. So each is checked against the
hier_config function it replaces, on the diff fixtures and on every golden
rendered config.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hier_config import Platform, get_hconfig, get_hconfig_driver
from hier_config.child import HConfigChild
from hier_config.exceptions import DuplicateChildError
from hier_config.models import MatchRule, OrderingRule
from hier_config.root import HConfig

from campusctl.diff.delta import config_to_get_to
from campusctl.diff.dependencies import DEPENDENCIES, _facts, dependency_order, predecessors
from campusctl.diff.drivers import hconfig_driver, parse_config
from campusctl.diff.load import load_config
from campusctl.diff.match import is_idempotent, predicate, sectional_exit, set_order_weight
from campusctl.diff.nodes import lines_below
from campusctl.diff.remediation import replace_changes
from campusctl.diff.tree import all_lines, exiting_lines, has_path
from campusctl.platforms import PlatformId

TESTS = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
PLATFORMS = ["huawei_vrp", "h3c_comware", "cisco_ios", "ruijie_rgos"]
_HEADER = re.compile(r"^# campusctl intended configuration of \S+ \((\w+),")


def _configs() -> list[tuple[str, Path]]:
    found = [
        (platform, path)
        for platform in PLATFORMS
        for path in sorted((FIXTURES / platform).glob("*.cfg"))
    ]
    for path in sorted((TESTS / "render" / "golden").glob("*/*.cfg")):
        header = _HEADER.match(path.read_text(encoding="utf-8"))
        if header is not None:
            found.append((header[1], path))
    return found


CONFIGS = _configs()


def _dump(tree: HConfig) -> list[tuple[object, ...]]:
    return [
        (c.text, c.real_indent_level, c.order_weight, sorted(c.comments), c.tags)
        for c in tree.all_children()
    ]


def _changes(platform: str) -> HConfig:
    running = (FIXTURES / platform / "running.cfg").read_text(encoding="utf-8")
    intended = (FIXTURES / platform / "intended.cfg").read_text(encoding="utf-8")
    return replace_changes(running, intended, platform)[0]


def test_every_platform_has_configs() -> None:
    assert {platform for platform, _path in CONFIGS} == set(PLATFORMS)
    assert len(CONFIGS) > 30


@pytest.mark.parametrize(("platform", "path"), CONFIGS, ids=[str(p) for _x, p in CONFIGS])
def test_loader_gives_hier_config_tree(platform: str, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    driver = hconfig_driver(platform)
    assert _dump(load_config(driver, text)) == _dump(get_hconfig(driver, text))


def test_loader_known_lines_equal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines read before, and lines read after the kept readings start over, give the same tree."""
    import campusctl.diff.load as load

    platform, path = CONFIGS[0]
    text = path.read_text(encoding="utf-8")
    driver = hconfig_driver(platform)
    expected = _dump(get_hconfig(driver, text))
    assert _dump(load_config(driver, text)) == expected
    assert _dump(load_config(driver, text)) == expected
    monkeypatch.setattr(load, "READ_LINES_KEPT", 3)
    load.line_rules(driver).read.clear()
    assert _dump(load_config(driver, text)) == expected
    assert len(load.line_rules(driver).read) <= 3


def test_loader_reads_unfolded_banner_as_hier_config_does() -> None:
    """A banner the campus driver cannot fold goes to hier_config's own banner reading."""
    text = (
        "hostname SW1\nbanner motd\nAuthorised staff only\n!\nline vty 0 4\n transport input ssh\n"
    )
    driver = hconfig_driver("cisco_ios")
    tree = load_config(driver, text)
    assert _dump(tree) == _dump(get_hconfig(driver, text))
    assert any(c.text.startswith("banner motd") for c in tree.children)


def _delta_dump(tree: HConfig) -> list[tuple[object, ...]]:
    return [
        (c.text, c.order_weight, sorted(c.comments), sorted(c.tags), c.new_in_config, c.depth())
        for c in tree.all_children()
    ]


def _sections_emptied(text: str) -> str:
    """Return ``text`` with only its top-level lines: every section left empty."""
    return "\n".join(line for line in text.splitlines() if line and not line[0].isspace())


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("running_name", ["running.cfg", "converged.cfg", None, "emptied"])
def test_delta_equals_hier_config(platform: str, running_name: str | None) -> None:
    """Both directions of every fixture pair, from an empty config and from empty sections.

    Each delta gets trees of its own, because ours takes the target's new lines
    themselves instead of copies.
    """
    intended_text = (FIXTURES / platform / "intended.cfg").read_text("utf-8")
    if running_name is None:
        running_text = ""
    elif running_name == "emptied":
        running_text = _sections_emptied(intended_text)
    else:
        running_text = (FIXTURES / platform / running_name).read_text("utf-8")

    def trees() -> tuple[HConfig, HConfig]:
        return parse_config(running_text, platform), parse_config(intended_text, platform)

    for forward in (True, False):
        ours_pair, theirs_pair = trees(), trees()
        if not forward:
            ours_pair, theirs_pair = ours_pair[::-1], theirs_pair[::-1]
        ours = config_to_get_to(*ours_pair)
        assert _delta_dump(ours) == _delta_dump(theirs_pair[0].config_to_get_to(theirs_pair[1]))
    assert config_to_get_to(*trees()).children


@pytest.mark.parametrize("platform", PLATFORMS)
def test_delta_keeps_target_lines(platform: str) -> None:
    """The target lists the same lines at the same paths after the delta took its new ones."""
    intended_text = (FIXTURES / platform / "intended.cfg").read_text("utf-8")
    target = parse_config(intended_text, platform)
    before = [(tuple(c.path()), c.text) for c in all_lines(target)]
    config_to_get_to(parse_config(_sections_emptied(intended_text), platform), target)
    assert [(tuple(c.path()), c.text) for c in all_lines(target)] == before
    # Comments and new_in_config are the only marks the delta leaves on the lines it took.
    fresh = parse_config(intended_text, platform)
    assert [d[:3] + d[4:] for d in _dump(target)] == [d[:3] + d[4:] for d in _dump(fresh)]


def test_delta_fills_empty_sections() -> None:
    """A section the running config has empty gets every target line, marked new as hier_config marks it."""
    running = "interface Vlanif10\naaa\n"
    target = (
        "interface Vlanif10\n ip address 198.18.0.1 24\n"
        "aaa\n domain campus\n  authentication-scheme campus\n"
    )
    ours = config_to_get_to(parse_config(running, "huawei_vrp"), parse_config(target, "huawei_vrp"))
    theirs = parse_config(running, "huawei_vrp").config_to_get_to(
        parse_config(target, "huawei_vrp")
    )
    assert _delta_dump(ours) == _delta_dump(theirs)
    assert [(c.text, c.new_in_config, sorted(c.comments)) for c in ours.all_children()] == [
        ("interface Vlanif10", False, []),
        ("ip address 198.18.0.1 24", True, []),
        ("aaa", False, []),
        ("domain campus", True, ["new section"]),
        ("authentication-scheme campus", True, []),
    ]


def test_delta_rejects_duplicate_masked_lines() -> None:
    """Two lines of a new section with the same text fail in both, where the driver allows none."""
    target = parse_config("aaa\n local-user a password cipher X\n", "huawei_vrp")
    section = next(iter(target.children))
    section.children.append(section.instantiate_child("local-user a password cipher X"))
    empty = parse_config("", "huawei_vrp")
    with pytest.raises(DuplicateChildError):
        empty.config_to_get_to(target)
    with pytest.raises(DuplicateChildError):
        config_to_get_to(empty, target)
    # Where the running config has the section, the lines are added one by one
    # and the repeated one is skipped as already added, in both.
    theirs = parse_config("aaa\n", "huawei_vrp").config_to_get_to(target)
    ours = config_to_get_to(parse_config("aaa\n", "huawei_vrp"), target)
    assert _delta_dump(ours) == _delta_dump(theirs)
    assert [c.text for c in ours.all_children()] == ["aaa", "local-user a password cipher X"]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_order_weights_equal_hier_config(platform: str) -> None:
    ours, theirs = _changes(platform), _changes(platform)
    set_order_weight(ours)
    theirs.set_order_weight()
    weights = [c.order_weight for c in theirs.all_children()]
    assert [c.order_weight for c in ours.all_children()] == weights
    assert len(set(weights)) > 1


def test_order_weight_last_matching_rule_wins() -> None:
    driver = get_hconfig_driver(Platform.GENERIC)
    driver.rules.ordering.extend(
        [
            OrderingRule(match_rules=(MatchRule(startswith="interface "),), weight=5),
            OrderingRule(match_rules=(MatchRule(startswith="interface Vlan"),), weight=-7),
            OrderingRule(
                match_rules=(MatchRule(startswith="interface "), MatchRule(equals="shutdown")),
                weight=9,
            ),
        ]
    )
    text = "interface Vlan10\n shutdown\ninterface Gi1\n shutdown\nhostname SW\n"
    ours, theirs = get_hconfig(driver, text), get_hconfig(driver, text)
    set_order_weight(ours)
    theirs.set_order_weight()
    assert [c.order_weight for c in ours.all_children()] == [-7, 9, 5, 9, 0]
    assert [c.order_weight for c in theirs.all_children()] == [-7, 9, 5, 9, 0]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_exiting_lines_equal_hier_config(platform: str) -> None:
    changes = _changes(platform)
    changes.set_order_weight()
    for child in changes.children:
        assert exiting_lines(child) == list(child.lines(sectional_exiting=True))


@pytest.mark.parametrize(("platform", "path"), CONFIGS, ids=[str(p) for _x, p in CONFIGS])
def test_sectional_exit_equals_driver(platform: str, path: Path) -> None:
    tree = parse_config(path.read_text(encoding="utf-8"), platform)
    driver = tree.driver
    for node in tree.all_children():
        lineage = tuple(reversed(tuple(node.path())))
        expected = driver.sectional_exit(node)
        parent_level = bool(expected) and node.sectional_exit_text_parent_level
        assert sectional_exit(node, lineage, driver) == (expected, parent_level), lineage


@pytest.mark.parametrize("platform", PLATFORMS)
def test_is_idempotent_equals_hier_config(platform: str) -> None:
    running = parse_config(
        (FIXTURES / platform / "running.cfg").read_text(encoding="utf-8"), platform
    )
    intended = parse_config(
        (FIXTURES / platform / "intended.cfg").read_text(encoding="utf-8"), platform
    )
    driver = running.driver
    tested = replaced = 0
    for node in running.all_children():
        lineage = tuple(node.path())
        section: HConfig | HConfigChild | None = intended
        for text in lineage[:-1]:
            section = None if section is None else section.children.get(text)
        if section is None:
            continue
        expected = node.is_idempotent_command(section.children)
        assert is_idempotent(node, tuple(reversed(lineage)), section.children, driver) is expected
        tested += 1
        replaced += expected
    assert tested > 20
    assert replaced > 0


def test_sectional_exit_asks_driver_without_adjust_exit() -> None:
    tree = get_hconfig(Platform.CISCO_IOS, "router bgp 65000\n template peer-policy P\n  x\n")
    policy = next(iter(next(iter(tree.children)).children))
    path = ("template peer-policy P", "router bgp 65000")
    assert sectional_exit(policy, path, tree.driver) == ("exit-peer-policy", False)


def test_exiting_lines_follow_exit_rules() -> None:
    """Cisco's BGP template sections end with their own exit word, at their lines' level."""
    tree = parse_config(
        "router bgp 65000\n template peer-policy P\n  send-community\n", "cisco_ios"
    )
    router = next(iter(tree.children))
    assert exiting_lines(router) == list(router.lines(sectional_exiting=True))
    assert "    exit-peer-policy" in exiting_lines(router)


@pytest.mark.parametrize(("platform", "path"), CONFIGS[:8], ids=[str(p) for _x, p in CONFIGS[:8]])
def test_has_path_equal_hier_config(platform: str, path: Path) -> None:
    tree = parse_config(path.read_text(encoding="utf-8"), platform)
    paths = {tuple(c.path()) for c in tree.all_children()}
    assert all(has_path(tree, p) for p in paths)
    # The same texts one level off, or with a line that is not there, are not found.
    absent = {(*p[:-1], p[-1] + " x") for p in paths} | {p[1:] for p in paths if len(p) > 1}
    assert not any(has_path(tree, p) for p in absent - paths)
    assert not has_path(tree, ())


def test_has_path_repeated_sections() -> None:
    """A text that a section contains twice is followed into both lines, as a list of paths would."""
    tree = HConfig(hconfig_driver("cisco_ios"))
    for child_text in ("permit 10", "permit 20"):
        section = tree.instantiate_child("ipv6 access-list A")
        tree.children.append(section, update_mapping=False)
        section.add_child(child_text)
    assert has_path(tree, ("ipv6 access-list A", "permit 10"))
    assert has_path(tree, ("ipv6 access-list A", "permit 20"))
    assert not has_path(tree, ("ipv6 access-list A", "permit 30"))


@pytest.mark.parametrize(("platform", "path"), CONFIGS, ids=[str(p) for _x, p in CONFIGS])
def test_lines_below_equal_children(platform: str, path: Path) -> None:
    tree = parse_config(path.read_text(encoding="utf-8"), platform)
    for node in (tree, *tree.all_children()):
        assert [id(line) for line in lines_below(node)] == [id(line) for line in node.children]


@pytest.mark.parametrize(("platform", "path"), CONFIGS, ids=[str(p) for _x, p in CONFIGS])
def test_all_lines_equal_hier_config(platform: str, path: Path) -> None:
    tree = parse_config(path.read_text(encoding="utf-8"), platform)
    lines = all_lines(tree)
    assert [id(line) for line in lines] == [id(line) for line in tree.all_children()]
    section = next(child for child in tree.children if child.children)
    assert [id(line) for line in all_lines(section)] == [
        id(line) for line in section.all_children()
    ]


@pytest.mark.parametrize(
    "rule",
    [
        MatchRule(equals="vlan 10"),
        MatchRule(equals=frozenset({"vlan 10", "vlan 20"})),
        MatchRule(startswith=("interface ", "vlan ")),
        MatchRule(endswith="10"),
        MatchRule(contains="an 1"),
        MatchRule(contains=("xyz", "lan")),
        MatchRule(re_search=r"^vlan \d0$"),
        MatchRule(startswith="vlan", re_search=r"\d+", contains="1"),
        MatchRule(),
    ],
)
def test_predicate_equals_is_match(rule: MatchRule) -> None:
    tree = parse_config("vlan 10\nvlan 20\nvlan 15\ninterface Vlan10\nhostname X\n", "cisco_ios")
    test = predicate(rule)
    for child in tree.children:
        expected = child.is_match(
            equals=rule.equals,
            startswith=rule.startswith,
            endswith=rule.endswith,
            contains=rule.contains,
            re_search=rule.re_search,
        )
        assert test(child.text) is expected, child.text


def _every_pair_predecessors(nodes: list[HConfigChild], platform: PlatformId) -> list[set[int]]:
    """Return each sibling's predecessors found by testing every pair of siblings."""
    deps = DEPENDENCIES[platform]
    prefix = nodes[0].driver.negation_prefix
    facts = [_facts(node, deps, prefix) for node in nodes]
    return [
        {
            i
            for i, first in enumerate(facts)
            if i != j and (first.defines & second.references or second.removes & first.references)
        }
        for j, second in enumerate(facts)
    ]


def _predecessors(nodes: list[HConfigChild], platform: PlatformId) -> list[set[int]]:
    deps = DEPENDENCIES[platform]
    prefix = nodes[0].driver.negation_prefix
    return predecessors([_facts(node, deps, prefix) for node in nodes])


# Users before the objects they name, and a removal before a line that still names it.
_COMWARE_DEPENDENT = """\
domain campus
 authentication lan-access radius-scheme rad1
 authorization lan-access radius-scheme rad1
#
wlan service-template guest
 portal apply web-server portal1
 portal domain campus
#
radius scheme rad1
 primary authentication 198.18.0.10
#
portal web-server portal1
 url http://198.18.0.20/portal
#
"""
_COMWARE_RUNNING = "radius scheme old\n primary authentication 198.18.0.11\n#\n"


def test_dependency_order_moves_objects_before_their_users() -> None:
    changes = replace_changes(_COMWARE_RUNNING, _COMWARE_DEPENDENT, "h3c_comware")[0]
    nodes = sorted(changes.children)
    ordered = dependency_order(nodes, PlatformId.H3C_COMWARE)
    assert ordered != nodes
    found = _predecessors(nodes, PlatformId.H3C_COMWARE)
    assert found == _every_pair_predecessors(nodes, PlatformId.H3C_COMWARE)
    assert any(found)
    texts = [n.text for n in ordered]
    assert texts.index("radius scheme rad1") < texts.index("domain campus")


@pytest.mark.parametrize("platform", PLATFORMS)
def test_predecessors_equal_every_pair_test(platform: str) -> None:
    platform_id = PlatformId(platform)
    changes = _changes(platform)
    sections = [changes, *(c for c in changes.all_children() if c.children)]
    for section in sections:
        nodes = sorted(section.children)
        assert _predecessors(nodes, platform_id) == _every_pair_predecessors(nodes, platform_id)
