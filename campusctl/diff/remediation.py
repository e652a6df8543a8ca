"""Remediation: the commands that take a device from its running to its intended config.

``plan_remediation`` parses both texts with the campus hier_config driver of
the platform, removes the differences the device itself causes (reflowed
VLAN lists, hidden defaults, masked secrets), and returns the ordered
commands, with the changes that can cut the management path in a second list
so the engine can apply them last under a confirmed commit.

Two semantics:

* replace: the intended config is the whole truth, and every running line it
  lacks is negated, except in protected sections (stack members, licences,
  keys, console) which a replace never negates.
* merge: only the top-level sections and lines the intended config mentions
  are converged; everything else on the device is left alone.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from hier_config.child import HConfigChild
from hier_config.root import HConfig

from campusctl.diff.adjust import (
    default_physical_interfaces,
    drop_protected_negations,
    drop_subsumed_negations,
    order_trunk_after_link_type,
    restore_secrets,
)
from campusctl.diff.blocks import device_form, differing_blocks, split_blocks
from campusctl.diff.delta import config_to_get_to
from campusctl.diff.dependencies import (
    FactsMemo,
    ObjectKey,
    order_sections,
    place_by_dependency,
    references_of,
)
from campusctl.diff.drivers import (
    hconfig_driver,
    parse_config,
    restore_banner_lines,
)
from campusctl.diff.lists import compact_lists, normalise_lists
from campusctl.diff.load import load_preprocessed
from campusctl.diff.management import is_management, management_patterns
from campusctl.diff.match import set_order_weight
from campusctl.diff.nodes import in_push_order, lines_below
from campusctl.diff.normalise import (
    SecretMap,
    add_defaults,
    compare_plain_secrets,
    drop_hidden,
    mask_tree,
    never_shared,
)
from campusctl.diff.sections import SectionKey, differing_sections, section_keys
from campusctl.diff.tree import (
    Scratch,
    clone_into,
    exiting_lines,
    release,
)
from campusctl.netkit._platform import resolve_platform
from campusctl.platforms import PlatformId

logger = logging.getLogger(__name__)


class DiffMode(StrEnum):
    """Scope of a remediation: the whole device, or what the intended config mentions.

    ``EXACT`` is the replace of a rollback. It also negates lines inside
    protected sections (console settings), because the rollback must remove
    what the change added there. The sections themselves stay, because no
    device can delete them.
    """

    MERGE = "merge"
    REPLACE = "replace"
    EXACT = "exact"


@dataclass(frozen=True, slots=True, eq=False)
class ParsedConfig:
    """A configuration text, read once to diff many times.

    Parsing a full switch config costs more than copying its tree. So a
    config that takes part in several diffs is read once: the intended
    config in plan, change and verification, and the backup as the target of
    each rollback pass. The driver's preprocessing and the top-level
    ``blocks`` are computed at once. The hier_config ``tree`` and the key of
    each top-level section (``keys``) are built when a diff first needs
    them: a convergence check that compares blocks needs neither (see
    :mod:`campusctl.diff.blocks` and :mod:`campusctl.diff.sections`). Every
    diff works on its own tree (:meth:`copy`), because the normalisation
    rewrites the trees it is given.
    """

    text: str
    platform: PlatformId
    preprocessed: str
    blocks: tuple[str, ...] | None
    _built: list[HConfig] = field(default_factory=list, init=False, repr=False)
    _built_keys: list[tuple[SectionKey, ...]] = field(default_factory=list, init=False, repr=False)

    @classmethod
    def parse(cls, text: str, platform: str | PlatformId) -> ParsedConfig:
        """Read ``text`` for the campus driver of ``platform``."""
        platform_id = resolve_platform(platform)
        driver = hconfig_driver(platform_id)
        preprocessed = driver.config_preprocessor(text)
        return cls(text, platform_id, preprocessed, split_blocks(preprocessed, driver))

    @property
    def tree(self) -> HConfig:
        """The tree of the config, built on first use and shared: diffs change copies of it."""
        if not self._built:
            self._built.append(self.fresh_tree())
        return self._built[0]

    @property
    def keys(self) -> tuple[SectionKey, ...]:
        """The key of each top-level section of :attr:`tree`, in order."""
        if not self._built_keys:
            self._built_keys.append(section_keys(self.tree))
        return self._built_keys[0]

    def fresh_tree(self) -> HConfig:
        """Parse the config into a new tree that the caller owns."""
        return load_preprocessed(hconfig_driver(self.platform), self.preprocessed, self.text)

    def copy(self) -> HConfig:
        """Return a tree that the caller may change.

        A copy of :attr:`tree` once it is built, because a copy costs less
        than a parse. Until then, a parse of its own: the intended config of
        a first apply is diffed once as a whole, and its verification
        compares blocks, so parsing it once beats parsing and copying.
        """
        if not self._built:
            return self.fresh_tree()
        copy = HConfig(self.tree.driver)
        for child in self.tree.children:
            clone_into(child, copy)
        return copy

    def release(self) -> None:
        """Free the tree, if one was built (see :class:`campusctl.diff.tree.Scratch`)."""
        if self._built:
            release(self._built.pop())
        self._built_keys.clear()


ConfigInput = str | ParsedConfig


def _parsed(
    config: ConfigInput, platform_id: PlatformId, scratch: Scratch
) -> tuple[ParsedConfig, bool]:
    """Return ``config`` parsed, and whether this call parsed it.

    A tree parsed here belongs to the caller's diff, which may change it
    instead of a copy, and is freed with ``scratch``.
    """
    if isinstance(config, ParsedConfig):
        if config.platform is not platform_id:
            raise ValueError(
                f"a config parsed for {config.platform.value} cannot be diffed on {platform_id.value}"
            )
        return config, False
    parsed = ParsedConfig.parse(config, platform_id)
    scratch.on_exit(parsed.release)
    return parsed, True


def _own_tree(parsed: ParsedConfig, owned: bool, scratch: Scratch) -> HConfig:
    """Return ``parsed``'s tree if this diff owns it, else a tree of its own."""
    return parsed.tree if owned else scratch.keep(parsed.copy())


@dataclass(frozen=True, slots=True)
class RemediationPlan:
    """The commands for one device, in push order.

    ``commands`` and ``management_commands`` are config-mode lines with
    their indentation and the platform's section exits (``quit``/``exit``);
    push ``commands`` first, then ``management_commands`` under a
    confirmed commit.
    """

    platform: PlatformId
    mode: DiffMode
    commands: tuple[str, ...]
    management_commands: tuple[str, ...] = field(default=())

    @property
    def empty(self) -> bool:
        """True when the device is already in the intended state."""
        return not self.commands and not self.management_commands

    @property
    def all_commands(self) -> tuple[str, ...]:
        """Every command in push order."""
        return self.commands + self.management_commands

    def text(self) -> str:
        """Return the commands as one text block."""
        return "\n".join(self.all_commands)


def plan_remediation(
    running: ConfigInput,
    intended: ConfigInput,
    platform: str | PlatformId,
    *,
    mode: DiffMode = DiffMode.REPLACE,
    management_vlan: int | None = None,
    management_acls: Iterable[str] = (),
) -> RemediationPlan:
    """Return the commands that take ``running`` to ``intended`` on ``platform``.

    Either config may be given parsed (:class:`ParsedConfig`) to save its parse.

    :param management_vlan: its SVI changes go to ``management_commands``.
        Without it, the SVI whose subnet contains the default gateway is used.
    :param management_acls: names or numbers of the ACLs that guard remote
        login; their changes go to ``management_commands`` too. The ACLs
        that VTY lines and the SSH server reference are added to them.
    """
    platform_id = resolve_platform(platform)
    with Scratch() as scratch:
        target, target_owned = _parsed(intended, platform_id, scratch)
        not_proven = _unless_converged(running, target, mode, scratch)
        if not_proven is None:
            return RemediationPlan(platform=platform_id, mode=mode, commands=())
        run, run_owned = not_proven
        run_tree, int_tree, run_secrets, int_secrets = _comparable(
            _own_tree(run, run_owned, scratch),
            _own_tree(target, target_owned, scratch),
            platform_id,
        )
        if mode is DiffMode.MERGE:
            run_tree = scratch.keep(_merge_scope(run_tree, int_tree))
        remediation = scratch.keep(_remediation_tree(run_tree, int_tree, platform_id, mode))
        plan = _plan(
            remediation,
            run_tree,
            int_tree,
            (run_secrets, int_secrets),
            platform_id,
            mode,
            management_vlan=management_vlan,
            management_acls=management_acls,
        )
    logger.debug(
        "Remediation (%s, %s): %d commands, %d management commands",
        platform_id.value,
        mode.value,
        len(plan.commands),
        len(plan.management_commands),
    )
    return plan


def _plan(
    remediation: HConfig,
    run_tree: HConfig,
    int_tree: HConfig,
    secrets: tuple[SecretMap, SecretMap],
    platform_id: PlatformId,
    mode: DiffMode,
    *,
    management_vlan: int | None,
    management_acls: Iterable[str],
) -> RemediationPlan:
    """Order the lines of ``remediation`` into the plan's commands and management commands."""
    run_secrets, int_secrets = secrets
    restore_secrets(remediation, int_secrets, run_secrets, platform_id)
    set_order_weight(remediation)
    order_trunk_after_link_type(remediation)

    memo: FactsMemo = {}
    order_sections(remediation, platform_id, memo)

    management = _one_pattern(
        management_patterns(
            platform_id, (run_tree, int_tree), vlan=management_vlan, acls=management_acls
        )
    )
    regular_nodes: list[HConfigChild] = []
    late_nodes: list[HConfigChild] = []
    for child in in_push_order(lines_below(remediation)):
        (late_nodes if is_management(child, management) else regular_nodes).append(child)
    regular_nodes, late_nodes = place_by_dependency(
        regular_nodes,
        late_nodes,
        _management_references(platform_id, management, run_tree, int_tree),
        platform_id,
        memo,
    )
    regular: list[str] = []
    late: list[str] = []
    for child in regular_nodes:
        regular.extend(exiting_lines(child))
    for child in late_nodes:
        late.extend(exiting_lines(child))
    return RemediationPlan(
        platform=platform_id,
        mode=mode,
        commands=_finish(regular, platform_id),
        management_commands=_finish(late, platform_id),
    )


def _one_pattern(patterns: list[re.Pattern[str]]) -> list[re.Pattern[str]]:
    """Return ``patterns`` joined into one alternation that matches where any of them does.

    Every top-level line of both configs is checked against the management
    patterns, and one search per line costs less than twenty. Patterns with
    flags of their own stay as they are.
    """
    default = re.compile("").flags
    if len(patterns) < 2 or any(p.flags != default for p in patterns):
        return patterns
    return [re.compile("|".join(f"(?:{p.pattern})" for p in patterns))]


_LOGIN_AAA_RE = re.compile(r"^(?:authentication|authorization|accounting) login\b")


def _management_references(
    platform_id: PlatformId, patterns: list[re.Pattern[str]], *trees: HConfig
) -> set[ObjectKey]:
    """Return the objects that management-path sections of ``trees`` name.

    Besides the sections the patterns match, a section that sets login AAA
    (Comware's ``domain system`` with ``authentication login``) counts.
    """
    names: set[ObjectKey] = set()
    for tree in trees:
        for child in tree.children:
            login = any(_LOGIN_AAA_RE.match(line.text) for line in lines_below(child))
            if login or is_management(child, patterns):
                names |= references_of(child, platform_id)
    return names


def remediation_empty(
    running: ConfigInput,
    intended: ConfigInput,
    platform: str | PlatformId,
    *,
    mode: DiffMode = DiffMode.REPLACE,
) -> bool:
    """Return whether :func:`plan_remediation` would return an empty plan, at less cost.

    The verdict is the same: both build the same remediation tree, and every
    step after it (secrets put back, ordering, the management split, the
    VLAN lists joined again) keeps each of its sections. Only those steps
    are skipped.
    """
    platform_id = resolve_platform(platform)
    with Scratch() as scratch:
        target, target_owned = _parsed(intended, platform_id, scratch)
        not_proven = _unless_converged(running, target, mode, scratch)
        if not_proven is None:
            return True
        run, run_owned = not_proven
        return _empty(
            _own_tree(run, run_owned, scratch),
            _own_tree(target, target_owned, scratch),
            platform_id,
            mode,
            scratch,
        )


def _unless_converged(
    running: ConfigInput, target: ParsedConfig, mode: DiffMode, scratch: Scratch
) -> tuple[ParsedConfig, bool] | None:
    """Return None when the shortcuts prove the diff empty; else ``running`` parsed, and whether it is owned.

    A running text is compared with the target block by block before it is
    parsed, which spares the parse of a converged device's config. Where
    blocks cannot be compared, the parsed configs are compared section by
    section. Where blocks were compared and most of them differ (a factory
    config against a full one), the sections would differ as much, so the
    parse is left to the whole diff. Either way, a result other than None
    decides nothing.
    """
    if not isinstance(running, str) or target.blocks is None:
        run, owned = _parsed(running, target.platform, scratch)
        return None if _converged_apart_from_shared(run, target, mode) else (run, owned)
    driver = hconfig_driver(target.platform)
    preprocessed = driver.config_preprocessor(running)
    blocks = split_blocks(preprocessed, driver)
    unshareable = never_shared(target.platform)
    rest = (
        None
        if blocks is None
        else differing_blocks(
            blocks,
            target.blocks,
            unshareable,
            functools.partial(device_form, driver=driver, platform=target.platform),
        )
    )
    if rest is not None:
        run_rest, target_rest = (
            scratch.keep(load_preprocessed(driver, text, text)) for text in rest
        )
        if _empty(run_rest, target_rest, target.platform, mode, scratch):
            return None
    run = ParsedConfig(running, target.platform, preprocessed, blocks)
    scratch.on_exit(run.release)
    if blocks is None and _converged_apart_from_shared(run, target, mode):
        return None
    return run, True


def _converged_apart_from_shared(run: ParsedConfig, target: ParsedConfig, mode: DiffMode) -> bool:
    """Return True if the sections the configs do not hold alike diff to nothing.

    True proves the whole diff empty (see :mod:`campusctl.diff.sections`);
    False decides nothing.
    """
    rest = differing_sections(
        run.tree, run.keys, target.tree, target.keys, never_shared(run.platform)
    )
    if rest is None:
        return False
    with Scratch() as scratch:
        run_rest, target_rest = scratch.keep(rest[0]), scratch.keep(rest[1])
        if not run_rest.children and not target_rest.children:
            return True
        return _empty(run_rest, target_rest, run.platform, mode, scratch)


def _empty(
    run_tree: HConfig, int_tree: HConfig, platform_id: PlatformId, mode: DiffMode, scratch: Scratch
) -> bool:
    """Return whether the remediation between two trees (changed in place) is empty."""
    run_tree, int_tree, _run_secrets, _int_secrets = _comparable(run_tree, int_tree, platform_id)
    if mode is DiffMode.MERGE:
        run_tree = scratch.keep(_merge_scope(run_tree, int_tree))
    remediation = scratch.keep(_remediation_tree(run_tree, int_tree, platform_id, mode))
    return not remediation.children


def _comparable(
    run_tree: HConfig, int_tree: HConfig, platform_id: PlatformId
) -> tuple[HConfig, HConfig, SecretMap, SecretMap]:
    """Normalise both trees in place for the diff; return them and their masked secrets."""
    normalise_lists(run_tree, int_tree, platform_id)
    for tree in (run_tree, int_tree):
        drop_hidden(tree, platform_id)
    add_defaults(run_tree, int_tree, platform_id)
    run_secrets = mask_tree(run_tree, platform_id)
    int_secrets = mask_tree(int_tree, platform_id)
    compare_plain_secrets(run_tree, int_tree, run_secrets, int_secrets, platform_id)
    return run_tree, int_tree, run_secrets, int_secrets


def _remediation_tree(
    run_tree: HConfig, int_tree: HConfig, platform_id: PlatformId, mode: DiffMode
) -> HConfig:
    """Return the changes from ``run_tree`` to ``int_tree`` that the device can and should take."""
    remediation = config_to_get_to(run_tree, int_tree)
    default_physical_interfaces(remediation, run_tree, platform_id)
    if mode is not DiffMode.MERGE:
        drop_protected_negations(
            remediation, platform_id, running=run_tree if mode is DiffMode.EXACT else None
        )
    drop_subsumed_negations(remediation, int_tree)
    return remediation


def replace_changes(
    running: str, intended: str, platform: str | PlatformId
) -> tuple[HConfig, HConfig, HConfig]:
    """Return what a replace would change, and both normalised trees, secrets masked.

    The first tree contains the changes: its negated lines are what the
    device has beyond ``intended``, the rest what it lacks or has differently. Lines
    a replace keeps on purpose (protected and device-owned sections, hardware
    ports) are not in it, so an empty tree means an empty plan.
    """
    platform_id = resolve_platform(platform)
    run_tree, int_tree, _run, _int = _comparable(
        parse_config(running, platform_id), parse_config(intended, platform_id), platform_id
    )
    return _remediation_tree(run_tree, int_tree, platform_id, DiffMode.REPLACE), run_tree, int_tree


def _finish(lines: list[str], platform_id: PlatformId) -> tuple[str, ...]:
    compacted = compact_lists(lines, platform_id)
    out: list[str] = []
    for line in compacted:
        out.extend(restore_banner_lines(line).split("\n"))
    return tuple(out)


def _merge_scope(running: HConfig, intended: HConfig) -> HConfig:
    """Return a copy of ``running`` holding only what ``intended`` mentions at top level.

    The copy is exact: lines that a post-load callback left repeated (IOS
    IPv6 ACL entries without their sequence numbers) stay repeated, where
    hier_config's ``add_deep_copy_of`` raises ``DuplicateChildError``.
    """
    scoped = HConfig(running.driver)
    intended_texts = {child.text for child in intended.children}
    for child in running.children:
        if child.text in intended_texts or running.driver.idempotent_for(child, intended.children):
            clone_into(child, scoped)
    return scoped


# The VLAN 1 interface every switch has: its section stays, but its
# addresses go when the intended config has none there.
