"""ansible-lint rule: no task-level ``timeout:`` or ``provider:`` on network tasks.

Under ``connection: network_cli`` Ansible ignores a task's ``timeout:`` and the
old ``provider:`` dictionary; the persistent command timeout applies instead,
so a slow save on a busy core switch fails although the device finished. The
inventory plugin sets ``ansible_command_timeout`` and
``ansible_connect_timeout`` per platform and role; tasks must rely on them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ansiblelint.rules import AnsibleLintRule

if TYPE_CHECKING:
    from ansiblelint.errors import MatchError
    from ansiblelint.file_utils import Lintable
    from ansiblelint.utils import Task

NETWORK_MODULE_PREFIXES = ("gdedu.campus.", "ansible.netcommon.", "cisco.ios.")


class CampusNetworkTimeoutRule(AnsibleLintRule):
    """Network tasks must not set timeout or provider; the inventory sets timeouts."""

    id = "campus-network-timeout"
    description = (
        "Task-level timeout and provider are ignored under network_cli; set "
        "ansible_command_timeout in the inventory (campusctl does it per platform and role)."
    )
    severity = "HIGH"
    tags = ["campus", "network"]
    version_changed = "0.1.0"

    def matchtask(self, task: Task, file: Lintable | None = None) -> list[MatchError]:
        """Report a network task that carries ``timeout:`` or a ``provider:`` argument."""
        action = str(task["action"].get("__ansible_module_original__", ""))
        raw = task.raw_task
        is_network = (
            action.startswith(NETWORK_MODULE_PREFIXES) or raw.get("connection") == "network_cli"
        )
        if not is_network:
            return []
        found: list[MatchError] = []
        if "timeout" in raw:
            found.append(
                self.create_matcherror(
                    message="task-level timeout under network_cli is ignored",
                    filename=file,
                    lineno=task.line,
                )
            )
        arguments = raw.get(action)
        if isinstance(arguments, dict) and "provider" in arguments:
            found.append(
                self.create_matcherror(
                    message="provider is not supported under network_cli",
                    filename=file,
                    lineno=task.line,
                )
            )
        return found
