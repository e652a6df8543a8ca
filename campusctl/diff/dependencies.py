"""Objects that config lines create and the lines that name them, per platform.

A controller rejects a line that names an object it does not have yet.
Examples are a Comware ISP domain that uses a RADIUS scheme, a Huawei VAP
profile that binds a security profile, a Cisco policy tag that maps a WLAN,
and an SSID bound to a VLAN. It also rejects deleting an object that is
still in use. So a remediation pushes each new object before the lines that
name it, and each removal after the lines that stop naming it.

Each rule is matched against one line and the sections above it (outermost
first), so the same words can define an object in one place and name it in
another (Huawei ``authentication-scheme X`` under ``aaa`` and under
``aaa`` / ``domain Y``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from hier_config.child import HConfigChild
from hier_config.root import HConfig

from campusctl.diff.nodes import in_push_order, lines_below
from campusctl.platforms import PlatformId

logger = logging.getLogger(__name__)

ObjectKey = tuple[str, str]
"""(kind, name) of one configuration object, such as ("radius", "campus-wlan")."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One line form that defines or names objects of ``kind``.

    ``parents`` match the sections above the line, outermost first, and their
    number must equal the line's depth minus one. ``pattern`` matches the
    line; its named group ``name`` is the object's name, or ``names`` a VLAN
    list (``10 20 to 30``, ``10,20-30``).
    """

    kind: str
    parents: tuple[re.Pattern[str], ...]
    pattern: re.Pattern[str]

    def keys(self, path: Sequence[str]) -> set[ObjectKey]:
        """Return the objects this rule finds in the line at ``path``."""
        if len(path) != len(self.parents) + 1:
            return set()
        if not all(p.search(t) for p, t in zip(self.parents, path[:-1], strict=True)):
            return set()
        match = self.pattern.search(path[-1])
        if match is None:
            return set()
        groups = match.groupdict()
        if groups.get("names") is not None:
            return {(self.kind, str(v)) for v in _vlan_list(groups["names"])}
        return {(self.kind, groups.get("name") or "")}


def _vlan_list(text: str) -> set[int]:
    vlans: set[int] = set()
    words = text.replace(",", " ").split()
    index = 0
    while index < len(words):
        word = words[index]
        if index + 2 < len(words) and words[index + 1] == "to":
            vlans.update(range(int(word), int(words[index + 2]) + 1))
            index += 3
            continue
        low, _, high = word.partition("-")
        if low.isdigit():
            vlans.update(range(int(low), int(high or low) + 1))
        index += 1
    return vlans


def _r(kind: str, *parts: str) -> Rule:
    """Build a rule: every part but the last matches a section, the last matches the line."""
    *parents, line = parts
    return Rule(kind, tuple(re.compile(p) for p in parents), re.compile(line))


@dataclass(frozen=True, slots=True)
class Dependencies:
    """The defining and naming rules of one platform."""

    defines: tuple[Rule, ...]
    references: tuple[Rule, ...]
    builtin: frozenset[ObjectKey] = frozenset()
    """Objects every device has (Cisco's ``group radius``), never ordered against."""


_NAME = r"(?P<name>\S+)"

COMWARE = Dependencies(
    defines=(
        _r("radius", rf"^radius scheme {_NAME}$"),
        _r("hwtacacs", rf"^hwtacacs scheme {_NAME}$"),
        _r("domain", rf"^domain (?:name )?{_NAME}$"),
        _r("portal-web-server", rf"^portal web-server {_NAME}$"),
        _r("service-template", rf"^wlan service-template {_NAME}$"),
        _r("ap", rf"^wlan ap {_NAME}(?: model .*)?$"),
        _r("ap-group", rf"^wlan ap-group {_NAME}$"),
        _r("vlan", r"^vlan (?P<names>\d+(?: to \d+)?)$"),
        _r("wips-attack-policy", "^wips$", rf"^attack-detect-policy {_NAME}$"),
        _r("wips-countermeasure-policy", "^wips$", rf"^countermeasure-policy {_NAME}$"),
        _r("wips-domain", "^wips$", rf"^virtual-security-domain {_NAME}$"),
    ),
    references=(
        _r("radius", "^domain ", rf"\bradius-scheme {_NAME}"),
        _r("hwtacacs", "^domain ", rf"\bhwtacacs-scheme {_NAME}"),
        _r(
            "domain",
            "^wlan service-template ",
            rf"^(?:dot1x|mac-authentication|portal) domain {_NAME}$",
        ),
        _r("portal-web-server", "^wlan service-template ", rf"^portal apply web-server {_NAME}$"),
        _r("vlan", "^wlan service-template ", r"^vlan (?P<name>\d+)$"),
        _r("service-template", "^wlan ap ", "^radio ", rf"^service-template {_NAME}"),
        _r("ap", "^wlan ap-group ", rf"^ap {_NAME}$"),
        _r("wips-domain", "^wlan ap-group ", rf"^wips virtual-security-domain {_NAME}$"),
        _r(
            "wips-attack-policy",
            "^wips$",
            "^virtual-security-domain ",
            rf"^attack-detect-policy {_NAME}$",
        ),
        _r(
            "wips-countermeasure-policy",
            "^wips$",
            "^virtual-security-domain ",
            rf"^countermeasure-policy {_NAME}$",
        ),
    ),
)

_VRP_AAA_SCHEMES = ("authentication", "authorization", "accounting")

HUAWEI = Dependencies(
    defines=(
        _r("radius", rf"^radius-server template {_NAME}$"),
        _r("hwtacacs", rf"^hwtacacs-server template {_NAME}$"),
        _r("dot1x-access-profile", rf"^dot1x-access-profile name {_NAME}$"),
        _r("mac-access-profile", rf"^mac-access-profile name {_NAME}$"),
        _r("portal-access-profile", rf"^portal-access-profile name {_NAME}$"),
        _r("url-template", rf"^url-template name {_NAME}$"),
        _r("web-auth-server", rf"^web-auth-server {_NAME}$"),
        _r("authentication-profile", rf"^authentication-profile name {_NAME}$"),
        _r("vlan", r"^vlan (?P<name>\d+)$"),
        _r("vlan", r"^vlan batch (?P<names>.+)$"),
        *(_r(f"{k}-scheme", "^aaa$", rf"^{k}-scheme {_NAME}$") for k in _VRP_AAA_SCHEMES),
        _r("domain", "^aaa$", rf"^domain {_NAME}$"),
        *(
            _r(f"wlan-{k}", "^wlan$", rf"^{k} name {_NAME}$")
            for k in (
                "security-profile",
                "ssid-profile",
                "vap-profile",
                "traffic-profile",
                "regulatory-domain-profile",
                "rrm-profile",
                "wids-profile",
                "ap-group",
            )
        ),
    ),
    references=(
        *(
            _r(f"{k}-scheme", "^aaa$", "^domain ", rf"^{k}-scheme {_NAME}$")
            for k in _VRP_AAA_SCHEMES
        ),
        _r("radius", "^aaa$", "^domain ", rf"^radius-server {_NAME}$"),
        _r("hwtacacs", "^aaa$", "^domain ", rf"^hwtacacs-server {_NAME}$"),
        *(
            _r(
                f"{k}-access-profile",
                "^authentication-profile name ",
                rf"^{k}-access-profile {_NAME}$",
            )
            for k in ("dot1x", "mac", "portal")
        ),
        *(
            _r(f"{k}-scheme", "^authentication-profile name ", rf"^{k}-scheme {_NAME}$")
            for k in _VRP_AAA_SCHEMES
        ),
        _r("radius", "^authentication-profile name ", rf"^radius-server {_NAME}$"),
        _r("domain", "^authentication-profile name ", rf"^access-domain {_NAME}"),
        _r("url-template", "^web-auth-server ", rf"^url-template {_NAME}$"),
        _r("web-auth-server", "^portal-access-profile name ", rf"^web-auth-server {_NAME}"),
        *(
            _r(f"wlan-{k}", "^wlan$", "^vap-profile name ", rf"^{k} {_NAME}$")
            for k in ("ssid-profile", "security-profile", "traffic-profile")
        ),
        _r(
            "authentication-profile",
            "^wlan$",
            "^vap-profile name ",
            rf"^authentication-profile {_NAME}$",
        ),
        _r("vlan", "^wlan$", "^vap-profile name ", r"^service-vlan vlan-id (?P<name>\d+)$"),
        *(
            _r(f"wlan-{k}", "^wlan$", "^ap-group name ", rf"^{k} {_NAME}$")
            for k in ("regulatory-domain-profile", "wids-profile")
        ),
        _r("wlan-vap-profile", "^wlan$", "^ap-group name ", rf"^vap-profile {_NAME} wlan "),
        _r("wlan-rrm-profile", "^wlan$", "^ap-group name ", "^radio ", rf"^rrm-profile {_NAME}$"),
        _r("wlan-ap-group", "^wlan$", "^ap-id ", rf"^ap-group {_NAME}$"),
    ),
)

CISCO = Dependencies(
    defines=(
        _r("aaa", "^aaa new-model$"),
        _r("radius", rf"^radius server {_NAME}$"),
        _r("radius-group", rf"^aaa group server radius {_NAME}$"),
        _r("tacacs", rf"^tacacs server {_NAME}$"),
        _r("tacacs-group", rf"^aaa group server tacacs\+ {_NAME}$"),
        _r("authentication-list", rf"^aaa authentication (?:dot1x|login) {_NAME} "),
        _r("authorization-list", rf"^aaa authorization (?:network|credential-download) {_NAME} "),
        _r("accounting-list", rf"^aaa accounting (?:identity|network) {_NAME} "),
        _r("webauth-parameter-map", rf"^parameter-map type webauth {_NAME}$"),
        _r("wlan", rf"^wlan {_NAME} \d+ "),
        _r("policy-profile", rf"^wireless profile policy {_NAME}$"),
        _r("policy-tag", rf"^wireless tag policy {_NAME}$"),
        _r("policy-map", rf"^policy-map {_NAME}$"),
        _r("vlan", r"^vlan (?P<names>[\d,\-]+)$"),
    ),
    references=(
        _r("aaa", r"^aaa (?:authentication|authorization|accounting) (?!update\b)(?P<name>)"),
        _r("aaa", r"^aaa group server (?P<name>)"),
        _r("radius", "^aaa group server radius ", rf"^server name {_NAME}$"),
        _r("tacacs", r"^aaa group server tacacs\+ ", rf"^server name {_NAME}$"),
        _r("radius-group", rf"^aaa (?:authentication|authorization|accounting) .* group {_NAME}"),
        _r("tacacs-group", rf"^aaa (?:authentication|authorization|accounting) .* group {_NAME}"),
        _r(
            "authentication-list",
            "^wlan ",
            rf"^security (?:dot1x|web-auth) authentication-list {_NAME}$",
        ),
        _r("authorization-list", "^wlan ", rf"^mac-filtering {_NAME}$"),
        _r("webauth-parameter-map", "^wlan ", rf"^security web-auth parameter-map {_NAME}$"),
        _r("accounting-list", "^wireless profile policy ", rf"^accounting-list {_NAME}$"),
        _r("vlan", "^wireless profile policy ", r"^vlan (?P<name>\d+)$"),
        _r("policy-map", "^wireless profile policy ", rf"^service-policy client \S+ {_NAME}$"),
        _r("wlan", "^wireless tag policy ", rf"^wlan {_NAME} policy "),
        _r("policy-profile", "^wireless tag policy ", rf"^wlan \S+ policy {_NAME}$"),
        _r("policy-tag", r"^ap [0-9a-f]{4}\.", rf"^policy-tag {_NAME}$"),
    ),
    builtin=frozenset({("radius-group", "radius"), ("radius-group", "tacacs+")}),
)

RUIJIE = Dependencies(
    defines=(
        _r("aaa", "^aaa new-model$"),
        _r("radius-group", r"^radius-server host \S+(?P<name>)"),
        _r("dot1x-list", rf"^aaa authentication dot1x {_NAME} "),
        _r("accounting-list", rf"^aaa accounting network {_NAME} "),
        _r("web-auth-list", rf"^aaa authentication web-auth {_NAME} "),
        _r("web-auth-template", rf"^web-auth template {_NAME}$"),
        _r("wlan", r"^wlan-config (?P<name>\d+) "),
        _r("ap-group", rf"^ap-group {_NAME}$"),
        _r("vlan", r"^vlan (?P<names>[\d,\-]+)$"),
    ),
    references=(
        _r("aaa", r"^aaa (?:authentication|authorization|accounting) (?!update\b)(?P<name>)"),
        _r("radius-group", r"^aaa (?:authentication|accounting) .* group radius(?P<name>)$"),
        _r("wlan", r"^wlansec (?P<name>\d+)$"),
        _r("dot1x-list", "^wlansec ", rf"^(?:dot1x|mab) authentication {_NAME}$"),
        _r("accounting-list", "^wlansec ", rf"^dot1x accounting {_NAME}$"),
        _r("web-auth-template", "^wlansec ", rf"^web-auth template {_NAME}$"),
        _r("wlan", "^ap-group ", r"^interface-mapping (?P<name>\d+) "),
        _r("vlan", "^ap-group ", r"^interface-mapping \d+ (?P<name>\d+) "),
        _r("ap-group", "^ap-config ", rf"^ap-group {_NAME}$"),
    ),
)

DEPENDENCIES: dict[PlatformId, Dependencies] = {
    PlatformId.H3C_COMWARE: COMWARE,
    PlatformId.HUAWEI_VRP: HUAWEI,
    PlatformId.CISCO_IOS: CISCO,
    PlatformId.RUIJIE_RGOS: RUIJIE,
}


def _keys(rules: tuple[Rule, ...], path: Sequence[str]) -> set[ObjectKey]:
    found: set[ObjectKey] = set()
    any_line, candidates = _rules_at_depth(rules).get(len(path), (None, ()))
    if any_line is not None and any_line.search(path[-1]) is None:
        return found
    for rule in candidates:
        found |= rule.keys(path)
    return found


_DEPTH_INDEX: dict[int, dict[int, tuple[re.Pattern[str] | None, tuple[Rule, ...]]]] = {}
_GROUP_NAME = re.compile(r"\(\?P<\w+>")


def _rules_at_depth(
    rules: tuple[Rule, ...],
) -> dict[int, tuple[re.Pattern[str] | None, tuple[Rule, ...]]]:
    """Return ``rules`` by the depth of line they match, each depth with one pattern for all its lines.

    A line that the joined pattern does not match matches no rule of its
    depth, which spares trying each rule on most lines. The rule sets are
    the module's constants, so their ids stay valid.
    """
    index = _DEPTH_INDEX.get(id(rules))
    if index is None:
        by_depth: dict[int, list[Rule]] = {}
        for rule in rules:
            by_depth.setdefault(len(rule.parents) + 1, []).append(rule)
        index = {depth: (_any_line(group), tuple(group)) for depth, group in by_depth.items()}
        _DEPTH_INDEX[id(rules)] = index
    return index


def _any_line(rules: list[Rule]) -> re.Pattern[str] | None:
    """Return one pattern that matches a line wherever a rule's line pattern does."""
    default = re.compile("").flags
    if any(rule.pattern.flags != default for rule in rules):
        return None
    # Group names repeat across rules, and the joined pattern needs none.
    return re.compile(
        "|".join(f"(?:{_GROUP_NAME.sub('(?:', rule.pattern.pattern)})" for rule in rules)
    )


# The objects each line defines and names, by (platform rules, line path).
# Ordering looks up the same lines many times (every section level, the
# top level twice), and trying every rule on a line is the costly part.
# The rule sets are the module's constants, so their ids stay valid.
_LINE_KEYS: dict[
    tuple[int, tuple[str, ...]], tuple[frozenset[ObjectKey], frozenset[ObjectKey]]
] = {}
_LINE_KEYS_LIMIT = 200_000
"""Entries kept before the cache starts over (a few hundred devices' lines)."""


def _line_keys(
    deps: Dependencies, path: tuple[str, ...]
) -> tuple[frozenset[ObjectKey], frozenset[ObjectKey]]:
    """Return the objects the line at ``path`` defines and the objects it names."""
    key = (id(deps), path)
    found = _LINE_KEYS.get(key)
    if found is None:
        if len(_LINE_KEYS) >= _LINE_KEYS_LIMIT:
            _LINE_KEYS.clear()
        found = (frozenset(_keys(deps.defines, path)), frozenset(_keys(deps.references, path)))
        _LINE_KEYS[key] = found
    return found


@dataclass(slots=True)
class _Facts:
    """Objects that one remediation node and its subtree create, name and remove."""

    defines: set[ObjectKey]
    references: set[ObjectKey]
    removes: set[ObjectKey]


_NO_FACTS = _Facts(set(), set(), set())
"""The facts of a line without lines below it that defines and names nothing; never changed."""

FactsMemo = dict[int, "_Facts"]
"""Facts already computed in one ordering pass, by ``id`` of the node.

Ordering computes the facts of a section at every level above it, and the
top level twice, while the subtrees it reads do not change. A memo
must not outlive the tree whose nodes it names.
"""


def _facts(
    node: HConfigChild, deps: Dependencies, prefix: str, memo: FactsMemo | None = None
) -> _Facts:
    if memo is not None:
        known = memo.get(id(node))
        if known is not None:
            return known
    path = tuple(line.removeprefix(prefix) for line in node.path())
    return _facts_at(node, path, deps, prefix, memo)


def _facts_at(
    node: HConfigChild,
    path: tuple[str, ...],
    deps: Dependencies,
    prefix: str,
    memo: FactsMemo | None,
) -> _Facts:
    """Return the facts of ``node``, whose path without negations is ``path``."""
    if memo is not None:
        known = memo.get(id(node))
        if known is not None:
            return known
    defined, named = _line_keys(deps, path)
    below_lines = lines_below(node)
    if not below_lines and not defined and not named:
        # Most lines are leaves that define and name nothing; they share one
        # empty result, which no caller changes.
        if memo is not None:
            memo[id(node)] = _NO_FACTS
        return _NO_FACTS
    # A line that stops naming an object must go before the object's removal,
    # so a negated line's names count as references too.
    facts = _Facts(set(), set(named), set())
    if node.text.startswith(prefix):
        facts.removes |= defined
    else:
        facts.defines |= defined
    # The subtree's facts are the union of its children's. A child drops only
    # references to objects it defines itself, which this node drops as well.
    for child in below_lines:
        below = _facts_at(child, (*path, child.text.removeprefix(prefix)), deps, prefix, memo)
        facts.defines |= below.defines
        facts.references |= below.references
        facts.removes |= below.removes
    facts.references -= facts.defines | deps.builtin
    if memo is not None:
        memo[id(node)] = facts
    return facts


def predecessors(facts: Sequence[_Facts]) -> list[set[int]]:
    """Return, for each sibling, the indexes of the siblings that must go before it.

    Sibling j follows sibling i when i defines an object that j names, or i
    names an object that j removes. Indexing which siblings name and remove
    each object finds those pairs without testing every pair.
    """
    naming: dict[ObjectKey, list[int]] = {}
    removing: dict[ObjectKey, list[int]] = {}
    for index, found in enumerate(facts):
        for key in found.references:
            naming.setdefault(key, []).append(index)
        for key in found.removes:
            removing.setdefault(key, []).append(index)
    after: list[set[int]] = [set() for _ in facts]
    for i, first in enumerate(facts):
        for key in first.defines:
            for j in naming.get(key, ()):
                if j != i:
                    after[j].add(i)
        for key in first.references:
            for j in removing.get(key, ()):
                if j != i:
                    after[j].add(i)
    return after


def dependency_order(
    nodes: Sequence[HConfigChild],
    platform: PlatformId,
    memo: FactsMemo | None = None,
    above: tuple[str, ...] | None = None,
) -> list[HConfigChild]:
    """Return ``nodes`` (siblings, in push order) reordered so no line names a missing object.

    New objects go before the siblings that name them; removed objects go
    after every sibling that still mentions them. Otherwise the given order
    is kept. A cycle is broken at the section where it is found.

    :param above: the path of the nodes' parent without negations, which
        spares rebuilding each node's path from its ancestors.
    """
    deps = DEPENDENCIES[platform]
    if not nodes:
        return []
    prefix = nodes[0].driver.negation_prefix
    if above is None:
        facts = [_facts(node, deps, prefix, memo) for node in nodes]
    else:
        facts = [
            _facts_at(node, (*above, node.text.removeprefix(prefix)), deps, prefix, memo)
            for node in nodes
        ]
    if not any(found.defines or found.removes for found in facts):
        # Nothing to create or remove among these siblings: no order to enforce.
        return list(nodes)
    after = predecessors(facts)
    ordered: list[int] = []
    state: dict[int, bool] = {}  # False while visiting, True once placed.
    # Each object goes right before its first user, so the plan keeps the intended order.
    for index in range(len(nodes)):
        _visit(index, after, state, ordered, nodes)
    return [nodes[j] for j in ordered]


def _visit(
    index: int,
    after: list[set[int]],
    state: dict[int, bool],
    ordered: list[int],
    nodes: Sequence[HConfigChild],
) -> None:
    """Place the siblings that ``index`` needs first, then ``index`` itself.

    A function of the module, not a closure: a recursive closure refers to
    itself, a cycle that only the garbage collector frees.
    """
    if index in state:
        if not state[index]:
            logger.debug("dependency cycle at %r; keeping the given order", nodes[index].text)
        return
    state[index] = False
    for before in sorted(after[index]):
        _visit(before, after, state, ordered, nodes)
    state[index] = True
    ordered.append(index)


def order_sections(
    tree: HConfig | HConfigChild, platform: PlatformId, memo: FactsMemo | None = None
) -> None:
    """Reorder the children of every section below ``tree``'s top level, in place.

    The top level is ordered by the caller, which also splits it into the
    regular and the management part.
    """
    prefix = tree.driver.negation_prefix
    for child in lines_below(tree):
        _order_below(child, (child.text.removeprefix(prefix),), platform, memo, prefix)


def _order_below(
    section: HConfigChild,
    path: tuple[str, ...],
    platform: PlatformId,
    memo: FactsMemo | None,
    prefix: str,
) -> None:
    """Order ``section``'s children and every section below; ``path`` is its path without negations."""
    below = lines_below(section)
    if not below:
        return
    current = in_push_order(below)
    wanted = dependency_order(current, platform, memo, above=path)
    if [id(c) for c in wanted] != [id(c) for c in current]:
        for weight, child in enumerate(wanted):
            child.order_weight = weight
    for child in below:
        _order_below(child, (*path, child.text.removeprefix(prefix)), platform, memo, prefix)


def references_of(node: HConfigChild, platform: PlatformId) -> set[ObjectKey]:
    """Return the objects ``node``'s subtree names but does not define."""
    deps = DEPENDENCIES[platform]
    return set(_facts(node, deps, node.driver.negation_prefix).references)


def definitions_of(node: HConfigChild, platform: PlatformId) -> set[ObjectKey]:
    """Return the objects ``node``'s subtree creates."""
    deps = DEPENDENCIES[platform]
    return set(_facts(node, deps, node.driver.negation_prefix).defines)


def place_by_dependency(
    regular: Sequence[HConfigChild],
    late: Sequence[HConfigChild],
    management_names: set[ObjectKey],
    platform: PlatformId,
    memo: FactsMemo | None = None,
) -> tuple[list[HConfigChild], list[HConfigChild]]:
    """Split top-level sections into the regular and the management part, in push order.

    ``late`` contains the management-path sections, pushed last. A new object in
    it that only regular sections name (a RADIUS server for the wireless
    users) moves to the regular part, before its users. An object that the
    management path also names (``management_names``: the login AAA) stays
    late, and the regular sections that name it follow it there.
    """
    deps = DEPENDENCIES[platform]
    regular_list = list(regular)
    late_list = list(late)
    everything = [*regular_list, *late_list]
    if not everything:
        return [], []
    negation = everything[0].driver.negation_prefix
    facts = {id(n): _facts(n, deps, negation, memo) for n in (*regular_list, *late_list)}

    pinned: set[int] = set()  # Regular sections moved late, which stay late.
    changed = True
    while changed:
        changed = False
        needed: set[ObjectKey] = set()
        for node in regular_list:
            needed |= facts[id(node)].references
        for node in list(late_list):
            node_facts = facts[id(node)]
            if id(node) in pinned or node.text.startswith(negation):
                continue
            if not node_facts.defines & needed:
                continue
            if node_facts.defines & management_names:
                continue
            late_list.remove(node)
            regular_list.append(node)
            changed = True
        late_defines: set[ObjectKey] = set()
        late_mentions: set[ObjectKey] = set()
        for node in late_list:
            late_defines |= facts[id(node)].defines
            late_mentions |= facts[id(node)].references
        for node in list(regular_list):
            node_facts = facts[id(node)]
            if node_facts.references & late_defines or node_facts.removes & late_mentions:
                regular_list.remove(node)
                late_list.append(node)
                pinned.add(id(node))
                changed = True
    original = {id(n): i for i, n in enumerate((*regular, *late))}
    regular_list.sort(key=lambda n: original[id(n)])
    late_list.sort(key=lambda n: original[id(n)])
    return (
        dependency_order(regular_list, platform, memo),
        dependency_order(late_list, platform, memo),
    )
