"""Render device intents into configuration text with the strict environment."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from campusctl.platforms import PlatformId
from campusctl.render.environment import make_environment, render
from campusctl.render.model import DeviceIntent
from campusctl.secrets import SecretStore

MAIN_TEMPLATE = "main.j2"


@dataclass(frozen=True, slots=True)
class Header:
    """The comment block at the top of every rendered file."""

    title: str
    inputs: str
    """SHA-256 of everything the device's configuration was computed from."""


class Renderer:
    """Renders intents to text; one per process, so compiled templates are reused."""

    def __init__(
        self,
        secrets: SecretStore,
        env: jinja2.Environment | None = None,
        bytecode_dir: Path | None = None,
    ) -> None:
        """Use ``env``, or the strict environment with compiled templates kept in ``bytecode_dir``."""
        self.secrets = secrets
        self.env = env or make_environment(secret=secrets.get, bytecode_dir=bytecode_dir)

    def preload(self) -> None:
        """Compile every template now, so forked workers inherit them compiled."""
        prefixes = tuple(f"{p.value}/" for p in PlatformId)
        for name in self.env.list_templates(extensions=["j2"]):
            if name.startswith(prefixes):
                self.env.get_template(name)

    def render(self, intent: DeviceIntent, inputs: str) -> str:
        """Return the configuration of ``intent``; ``inputs`` is the input hash for the header.

        :raise TemplateFailure: when a template fails (name and line in the message).
        :raise SecretMissing: when a secret the device needs is not set.
        """
        header = Header(
            title=(
                f"campusctl intended configuration of {intent.name} "
                f"({intent.platform}, {intent.role}), school {intent.school}"
            ),
            inputs=inputs,
        )
        context: dict[str, Any] = {"d": intent, "header": header}
        return render(self.env, f"{intent.platform}/{MAIN_TEMPLATE}", context, intent.name)
