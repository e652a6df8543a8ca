"""Commands that stop for confirmation, and a planner for config pushes.

A block push sends many lines and reads the result once; that only works
for lines that answer with a prompt. A line that asks a question
(``Continue? [Y/N]``) must be sent alone, its question awaited and answered,
and the answer must never travel as a config line of its own. This module
holds, per platform, the commands known to ask, what they ask and the answer,
and splits a command list into batches and interactive steps, or rejects
commands that no automated change may run (reboots, erasing the startup
configuration).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from campusctl.i18n import _
from campusctl.netkit._platform import resolve_platform
from campusctl.netkit.errors import ConfirmationRefused, UnexpectedDialogue
from campusctl.platforms import PlatformId


class ConfirmPolicy(StrEnum):
    """What the planner does with a command that asks for confirmation."""

    INTERACTIVE = "interactive"  # send alone, answer the dialogue
    REFUSE = "refuse"  # never run in an automated change


@dataclass(frozen=True, slots=True)
class DialogueStep:
    """One question of a dialogue: a regex that matches it and the answer."""

    question: str
    answer: str
    optional: bool = False


@dataclass(frozen=True, slots=True)
class ConfirmRule:
    """A command pattern that asks for confirmation on one platform."""

    command: str
    steps: tuple[DialogueStep, ...]
    policy: ConfirmPolicy = ConfirmPolicy.INTERACTIVE

    def matches(self, line: str) -> bool:
        """True when ``line`` (stripped) is a command of this rule."""
        return _compiled(self.command).fullmatch(line.strip()) is not None


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_YN = r"\[Y/N\]\s*:?\s*$"
_CONFIRM = r"\[confirm\]\s*$"
_YES_NO = r"\[yes/no\]\s*:?\s*$"


def _step(question: str, answer: str, *, optional: bool = False) -> DialogueStep:
    return DialogueStep(question, answer, optional)


def _refuse(command: str) -> ConfirmRule:
    return ConfirmRule(command, (), ConfirmPolicy.REFUSE)


_REFUSED_EVERYWHERE = (
    _refuse(r"reboot(?:\s.*)?"),
    _refuse(r"reload(?:\s.*)?"),
    _refuse(r"reset saved-configuration(?:\s.*)?"),
    _refuse(r"write erase"),
    _refuse(r"erase (?:startup-config|nvram:).*"),
    _refuse(r"(?:delete|format)\s.*"),
)

# Questions as the command references print them; matching is case-blind
# because some VRP models ask "[y/n]".
_RULES: dict[PlatformId, tuple[ConfirmRule, ...]] = {
    PlatformId.HUAWEI_VRP: (
        ConfirmRule(r"clear configuration (?:this|interface\s+\S+)", (_step(_YN, "Y"),)),
        ConfirmRule(r"undo vsi\s+\S+", (_step(_YN, "Y"),)),
        ConfirmRule(
            r"save(?:\s+\S+)?",
            (
                _step(r"Are you sure to continue\?\s*\[Y/N\]\s*:?\s*$", "y"),
                _step(r"(?:overwrite|continue)\?\s*\[Y/N\]\s*:?\s*$", "y", optional=True),
            ),
        ),
        ConfirmRule(
            r"(?:rsa|dsa|ecc) local-key-pair create(?:\s.*)?",
            (
                _step(r"replace them\?\s*\[y/n\]\s*:?\s*$", "y", optional=True),
                _step(
                    r"Input the (?:bits|number of bits) in the modulus\[default = \d+\]:\s*$",
                    "2048",
                ),
            ),
        ),
        ConfirmRule(r"undo stack(?:\s.*)?", (), ConfirmPolicy.REFUSE),
        ConfirmRule(r"stack slot \d+ renumber \d+", (), ConfirmPolicy.REFUSE),
        *_REFUSED_EVERYWHERE,
    ),
    PlatformId.H3C_COMWARE: (
        ConfirmRule(r"default", (_step(r"Continue\?\s*" + _YN, "Y"),)),
        ConfirmRule(
            r"save(?:\s+(?!force\b)\S+)?",
            (
                _step(r"Are you sure\?\s*" + _YN, "Y"),
                _step(r"Please input the file name.*:\s*$", "", optional=True),
                _step(r"overwrite\?\s*" + _YN, "Y", optional=True),
            ),
        ),
        ConfirmRule(
            r"public-key local create (?:rsa|dsa|ecdsa)(?:\s.*)?",
            (
                _step(r"replace it\?\s*" + _YN, "Y", optional=True),
                _step(r"Input the modulus length \[default = \d+\]:\s*$", "2048", optional=True),
            ),
        ),
        ConfirmRule(r"undo vlan all", (), ConfirmPolicy.REFUSE),
        ConfirmRule(r"irf member \d+ renumber \d+", (), ConfirmPolicy.REFUSE),
        *_REFUSED_EVERYWHERE,
    ),
    PlatformId.CISCO_IOS: (
        ConfirmRule(r"no username\s+\S+(?:\s.*)?", (_step(_CONFIRM, ""),)),
        ConfirmRule(
            r"crypto key generate rsa(?:\s.*)?",
            (
                _step(r"replace them\?\s*" + _YES_NO, "yes", optional=True),
                _step(r"How many bits in the modulus \[\d+\]:\s*$", "2048", optional=True),
            ),
        ),
        ConfirmRule(
            r"crypto key zeroize(?:\s.*)?",
            (_step(r"remove (?:these|all) keys\?.*" + _YES_NO, "yes"),),
        ),
        ConfirmRule(
            r"copy running-config startup-config",
            (_step(r"Destination filename \[startup-config\]\?\s*$", ""),),
        ),
        ConfirmRule(r"clear logging", (_step(_CONFIRM, ""),)),
        *_REFUSED_EVERYWHERE,
    ),
    PlatformId.RUIJIE_RGOS: (
        # NOTE: RGOS dialogues follow the Cisco forms; not checked on a device.
        ConfirmRule(
            r"crypto key generate rsa(?:\s.*)?",
            (
                _step(r"replace them\?\s*" + _YES_NO, "yes", optional=True),
                _step(r"modulus.*\[\d+\]:\s*$", "2048", optional=True),
            ),
        ),
        ConfirmRule(r"clear logging", (_step(_CONFIRM, ""),)),
        *_REFUSED_EVERYWHERE,
    ),
}


def confirm_rules(platform: str | PlatformId) -> tuple[ConfirmRule, ...]:
    """Return the confirmation table of ``platform``."""
    return _RULES[resolve_platform(platform)]


@functools.cache
def _any_rule(platform: PlatformId) -> re.Pattern[str]:
    """Return one pattern that matches a line when any rule of ``platform`` does.

    A push checks every line against every rule, and almost no line prompts
    for confirmation, so one match of the alternation rules most lines out.
    """
    return re.compile("|".join(f"(?:{rule.command})" for rule in _RULES[platform]), re.IGNORECASE)


def find_rule(line: str, platform: str | PlatformId) -> ConfirmRule | None:
    """Return the rule that ``line`` falls under on ``platform``, if any."""
    platform_id = resolve_platform(platform)
    stripped = line.strip()
    if _any_rule(platform_id).fullmatch(stripped) is None:
        return None
    for rule in _RULES[platform_id]:
        if rule.matches(stripped):
            return rule
    return None


@dataclass(frozen=True, slots=True)
class Batch:
    """Lines that can be sent as one block and read once."""

    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Interactive:
    """A line that must be sent alone and its dialogue answered."""

    line: str
    steps: tuple[DialogueStep, ...]


PlanStep = Batch | Interactive


def plan_push(
    commands: Iterable[str],
    platform: str | PlatformId,
    *,
    allow_interactive: bool = True,
    device: str | None = None,
) -> list[PlanStep]:
    """Split ``commands`` into batches and interactive steps, in order.

    :raise ConfirmationRefused: for a command that must never run
        automatically, or for any command that asks when
        ``allow_interactive`` is False.
    """
    steps: list[PlanStep] = []
    pending: list[str] = []
    for line in commands:
        rule = find_rule(line, platform)
        if rule is None:
            pending.append(line)
            continue
        if rule.policy is ConfirmPolicy.REFUSE:
            raise ConfirmationRefused(
                _(
                    "Command {command!r} is never run by an automated change; run it by hand."
                ).format(command=line.strip()),
                command=line,
                device=device,
            )
        if not allow_interactive:
            raise ConfirmationRefused(
                _("Command {command!r} requires confirmation; not allowed in batch mode.").format(
                    command=line.strip()
                ),
                command=line,
                device=device,
            )
        if pending:
            steps.append(Batch(tuple(pending)))
            pending = []
        steps.append(Interactive(line, rule.steps))
    if pending:
        steps.append(Batch(tuple(pending)))
    return steps


def run_dialogue(
    step: Interactive,
    send: Callable[[str], None],
    read_until: Callable[[Sequence[str]], tuple[int, str]],
    prompt: str,
) -> str:
    """Send ``step.line`` and answer its questions until ``prompt`` returns.

    :param send: writes a line (the callee adds the line ending).
    :param read_until: reads until one of the given regexes matches the end
        of the buffer; returns the index of the pattern and the text read.
    :param prompt: regex of the device prompt that ends the dialogue.
    :return: everything the device printed.
    :raise UnexpectedDialogue: when a required question does not come.
    """
    send(step.line)
    transcript: list[str] = []
    remaining = list(step.steps)
    while True:
        patterns = [prompt, *(s.question for s in remaining)]
        index, text = read_until(patterns)
        transcript.append(text)
        if index == 0:
            missing = [s.question for s in remaining if not s.optional]
            if missing:
                raise UnexpectedDialogue(
                    _(
                        "Command {command!r} returned to the prompt without asking {question!r}."
                    ).format(command=step.line, question=missing[0])
                )
            return "".join(transcript)
        answered = remaining[index - 1]
        # Questions are asked in order; skipped optional ones are gone.
        remaining = remaining[index:]
        send(answered.answer)
