"""``campusctl hostkey show|pin|forget``: inspect and re-pin the devices' SSH host keys."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from campusctl.cli.inventory import INVENTORY_OPTION
from campusctl.cli.output import console, error_console
from campusctl.errors import CampusError, UsageError
from campusctl.i18n import _

if TYPE_CHECKING:
    from campusctl.hostkeys.keys import PublicKey
    from campusctl.hostkeys.pinning import KeyTarget

hostkey_app = typer.Typer(
    help=_(
        "Show, pin and forget the SSH host keys campusctl accepts from each device; "
        "every change goes to the audit log."
    ),
    no_args_is_help=True,
)

PATTERN_ARGUMENT = typer.Argument(..., help=_("Ansible host pattern: schools, devices or groups."))


def _targets(inventory_path: Path, pattern: str | None) -> list[KeyTarget]:
    from campusctl.hostkeys.pinning import key_targets
    from campusctl.inventory import load_inventory

    inventory = load_inventory(inventory_path)
    found = key_targets(inventory, pattern)
    if not found:
        raise UsageError(
            _("no switch or wireless controller matches {pattern}").format(pattern=pattern or "all")
        )
    return found


def _state(inventory_path: Path) -> Path:
    from campusctl.inventory import find_root
    from campusctl.state import state_dir

    return state_dir(find_root(inventory_path))


@hostkey_app.command(
    "show",
    help=_(
        "Show the pinned host keys; with --scan, compare them with the keys the devices present."
    ),
)
def show(
    pattern: str | None = typer.Argument(
        None, help=_("Ansible host pattern: schools, devices or groups (default: all).")
    ),
    inventory_path: Path = INVENTORY_OPTION,
    scan: bool = typer.Option(
        False,
        "--scan",
        help=_(
            "Also read the key each device presents (key exchange only, no login); "
            "exit 1 when one is not pinned."
        ),
    ),
    concurrency: int = typer.Option(
        32, "--concurrency", min=1, help=_("Devices read at the same time.")
    ),
) -> None:
    """Show the pinned host keys and, with ``--scan``, the presented ones."""
    targets = _targets(inventory_path, pattern)
    pinned = {target.device: target.pinned() for target in targets}
    scanned: dict[str, tuple[str, str, bool]] = {}
    if scan:
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            results = pool.map(lambda t: _scan(t, pinned[t.device]), targets)
            scanned = {
                target.device: result for target, result in zip(targets, results, strict=True)
            }

    # Fingerprints fold onto more lines in a narrow terminal: a cut one is useless.
    table = Table(box=None, pad_edge=False)
    table.add_column(_("device"))
    table.add_column(_("address"))
    table.add_column(_("pinned"), overflow="fold")
    if scan:
        table.add_column(_("presented"), overflow="fold")
        table.add_column(_("status"), overflow="fold")
    for target in targets:
        keys = pinned[target.device]
        row = [
            target.device,
            f"{target.host}:{target.port}",
            "\n".join(f"{key.algorithm} {key.sha256}" for key in keys) or _("none"),
        ]
        if scan:
            row += scanned[target.device][:2]
        table.add_row(*row)
    console.print(table)
    stores = sorted({target.store.describe() for target in targets})
    console.print(_("Pinned keys are kept in {stores}.").format(stores=", ".join(stores)))

    unpinned = sum(1 for _key, _status, ok in scanned.values() if not ok)
    if unpinned:
        error_console.print(
            _(
                "{count} device(s) present a key that is not pinned or cannot be read. Check each "
                "key on the device's console before you run `campusctl hostkey pin`."
            ).format(count=unpinned)
        )
        raise typer.Exit(1)


def _scan(target: KeyTarget, pinned: list[PublicKey]) -> tuple[str, str, bool]:
    """Return the presented key, its status and whether it is pinned."""
    try:
        presented = target.presented()
    except CampusError as err:
        return "-", str(err), False
    shown = f"{presented.algorithm} {presented.sha256}"
    if presented in pinned:
        return shown, _("pinned"), True
    return shown, _("CHANGED") if pinned else _("not pinned"), False


@hostkey_app.command(
    "pin",
    help=_(
        "Pin a device's host key after you have verified it out of band: the key the device "
        "presents must match --fingerprint, or --key is pinned as given."
    ),
)
def pin(
    device: str = typer.Argument(..., help=_("Device name, or a pattern that matches one device.")),
    fingerprint: str | None = typer.Option(
        None,
        "--fingerprint",
        help=_(
            "Fingerprint read on the device's console: SHA256:… as ssh-keygen -l prints it, "
            "or MD5 as aa:bb:…"
        ),
    ),
    key: str | None = typer.Option(
        None,
        "--key",
        help=_(
            "The whole public key, 'TYPE BASE64', collected out of band; pinned without "
            "contacting the device."
        ),
    ),
    inventory_path: Path = INVENTORY_OPTION,
) -> None:
    """Pin one device's verified host key, replacing the keys pinned before."""
    from campusctl.hostkeys.keys import PublicKey, normalize_fingerprint
    from campusctl.hostkeys.pinning import pin as pin_key

    if fingerprint is None and key is None:
        raise UsageError(
            _(
                "give --fingerprint (read on the device's console) or --key (the whole public "
                "key); campusctl never pins a key it has not been told to trust"
            )
        )
    if fingerprint is not None:
        normalize_fingerprint(fingerprint)
    given = PublicKey.parse(key) if key is not None else None
    found = _targets(inventory_path, device)
    if len(found) != 1:
        raise UsageError(
            _(
                "{pattern} matches {count} devices; pin takes one device, because a host key "
                "belongs to one device"
            ).format(pattern=device, count=len(found))
        )
    target = found[0]
    change = pin_key(target, _state(inventory_path), fingerprint=fingerprint, key=given)
    assert change.new is not None
    console.print(
        _("{device}: pinned {key} in {store}").format(
            device=change.device,
            key=f"{change.new.algorithm} {change.new.sha256}",
            store=change.store,
        )
    )
    for old in change.old:
        if old != change.new:
            console.print(
                _("{device}: no longer accepts {key}").format(
                    device=change.device, key=f"{old.algorithm} {old.sha256}"
                )
            )


@hostkey_app.command(
    "forget",
    help=_(
        "Remove the pinned host keys of the selected devices; campusctl then does not connect "
        "to them until a key is pinned again."
    ),
)
def forget(pattern: str = PATTERN_ARGUMENT, inventory_path: Path = INVENTORY_OPTION) -> None:
    """Remove the pinned keys of every selected device."""
    from campusctl.hostkeys.pinning import forget as forget_keys

    state = _state(inventory_path)
    for target in _targets(inventory_path, pattern):
        change = forget_keys(target, state)
        if change is None:
            console.print(_("{device}: no key was pinned").format(device=target.device))
            continue
        for old in change.old:
            console.print(
                _("{device}: forgot {key}").format(
                    device=change.device, key=f"{old.algorithm} {old.sha256}"
                )
            )


def register(app: typer.Typer) -> None:
    """Add ``campusctl hostkey`` to the command line."""
    app.add_typer(hostkey_app, name="hostkey")
