"""Keep the account the engine logs in with out of a replace.

A device managed by campusctl may carry a login that the intended config does
not name: the embedded lab's account, or a break-glass account that staging
added. A replace would delete it and cut the engine's own session. Unless the
intended config names that account, its lines are left out of the running
config before the diff, so the diff neither deletes nor reports them.
"""

from __future__ import annotations

import re


def _account_pattern(username: str) -> re.Pattern[str]:
    name = re.escape(username)
    # VRP "local-user X ..." and "ssh user X ...", Comware "local-user X class manage"
    # sections and "ssh user X ...", IOS and RGOS "username X ...".
    return re.compile(rf"^(\s*)(?:local-user|username|ssh user) {name}(?:\s|$)")


def hide_login_account(running: str, intended: str, username: str) -> str:
    """Return ``running`` without the lines of ``username``'s account.

    The account stays when ``intended`` names it, so the diff manages it like
    any other line. A matched line's deeper-indented children go with it.
    """
    pattern = _account_pattern(username)
    # Only a line that contains the name can match, so most lines are not tried.
    if username in intended and any(
        pattern.match(line) for line in intended.splitlines() if username in line
    ):
        return running
    if username not in running:
        return running
    kept: list[str] = []
    dropped_indent: int | None = None
    for line in running.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        if dropped_indent is not None:
            if line.strip() and line.strip() != "#" and indent > dropped_indent:
                continue
            dropped_indent = None
        match = pattern.match(line) if username in line else None
        if match:
            dropped_indent = len(match.group(1))
            continue
        kept.append(line)
    return "\n".join(kept) + ("\n" if running.endswith("\n") else "")
