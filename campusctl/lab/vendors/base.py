"""What every emulated CLI shares: dispatch, config editing, undo, pipes.

A vendor subclass supplies tables (config grammar per view, exec commands),
its prompts and error texts, its device rules, and the handlers of its exec
commands, including those that ask for confirmation. The base class matches
each input line against the tables, edits the configuration tree, keeps the
view stack and turns parse failures into the vendor's error messages, so an
unimplemented command always gets the device's own "unrecognized command"
error.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import ClassVar

from campusctl.lab.configtree import Node, Style, render
from campusctl.lab.grammar import Failure, Form, FormTable, Match, compile_forms, match_line
from campusctl.lab.session import Session, SessionClosed, View, filter_output
from campusctl.platforms import PlatformId

log = logging.getLogger(__name__)

Handler = Callable[[list[str]], Awaitable[str | None]]

_PIPE_RE = re.compile(
    r"\s\|\s*(include|exclude|begin|section|count|inc|exc|beg|sec|i|e|b|s)\b\s*(.*)$"
)
_PIPE_MODES = {
    "inc": "include",
    "i": "include",
    "exc": "exclude",
    "e": "exclude",
    "beg": "begin",
    "b": "begin",
    "sec": "section",
    "s": "section",
}


_DIGITS = re.compile(r"(\d+)")


def _natural(text: str) -> tuple[tuple[int, str], ...]:
    """Return a sort key that orders numbers by value (Vlanif20 before Vlanif100)."""
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in _DIGITS.split(text))


SortKey = tuple[int, tuple[tuple[int, str], ...]]
MAX_CACHED_SORT_KEYS = 65536  # per vendor class; top-level lines of every device of a lab
MAX_CACHED_MATCHES = 16384  # per port list: the distinct lines of several full configs
MAX_PORT_LISTS = 64
_SORT_KEYS: dict[type, dict[str, SortKey]] = {}
_ORDER_PATTERNS: dict[type, tuple[re.Pattern[str], ...]] = {}
_NEGATION_PATTERNS: dict[type, tuple[tuple[ShownNegation, re.Pattern[str]], ...]] = {}
# Matches by (table, line) for each vendor class and port list. A match depends
# only on the vendor's tables, the line and the device's fixed port list, so
# devices of one model share them: their configs repeat most lines.
_MATCHES: dict[tuple[type, tuple[str, ...]], dict[tuple[int, str], Match]] = {}


@dataclass(frozen=True, slots=True)
class ShownNegation:
    """A command whose default is on, so the device prints its negation.

    IOS prints ``no ip domain lookup`` and nothing at the default, and VRP
    prints ``undo port trunk allow-pass vlan 1``. ``command`` is a regex over
    the command without the negation word, and ``view`` limits it to one view.
    ``positive_shown`` is true where the device prints the enabled form too
    (a 9800 WLAN's ``no shutdown`` and ``shutdown``).
    """

    command: str
    view: str | None = None
    positive_shown: bool = False


def _matches_for(vendor: type, ports: tuple[str, ...]) -> dict[tuple[int, str], Match]:
    """Return the shared match cache of a vendor class and port list."""
    key = (vendor, ports)
    found = _MATCHES.get(key)
    if found is None:
        if len(_MATCHES) >= MAX_PORT_LISTS:
            _MATCHES.clear()
        found = _MATCHES[key] = {}
    return found


class Vendor:
    """The CLI behaviour of one platform; one instance per session."""

    platform: ClassVar[PlatformId]
    style: ClassVar[Style]
    undo_word: ClassVar[str] = "undo"
    undo_key_only: ClassVar[frozenset[str]] = frozenset()
    pager_marker: ClassVar[str] = "  ---- More ----"
    pager_erase: ClassVar[str] = "\x1b[42D" + " " * 42 + "\x1b[42D"
    exec_views: ClassVar[frozenset[str]] = frozenset({"user"})
    config_tables: ClassVar[dict[str, list[str]]] = {}
    exec_table: ClassVar[list[str]] = []
    # Top-level order of sections when printed: regexes, earlier first.
    order: ClassVar[list[str]] = []
    falls_back: ClassVar[bool] = False  # IOS runs a global command typed in a sub-mode
    shown_negations: ClassVar[tuple[ShownNegation, ...]] = ()
    internal_error: ClassVar[str] = "Error: Failed to execute the command."

    _compiled: ClassVar[dict[tuple[type, str], FormTable]] = {}

    def __init__(self, session: Session) -> None:
        self.session = session
        self.runtime = session.runtime
        self.device = session.runtime.spec
        self._matches = _matches_for(type(self), tuple(self.device.interfaces))

    # Tables ------------------------------------------------------------------

    @classmethod
    def forms(cls, table: str) -> FormTable:
        """Return the compiled forms of a view (``exec`` for exec commands)."""
        key = (cls, table)
        cached = cls._compiled.get(key)
        if cached is None:
            lines = cls.exec_table if table == "exec" else cls.config_tables.get(table, [])
            cached = compile_forms(lines)
            cls._compiled[key] = cached
        return cached

    @classmethod
    def undo_forms(cls, table: str) -> FormTable:
        """Return the forms accepted after ``undo``/``no``: full forms and their keys.

        A command whose first word is in ``undo_key_only`` is removed by its
        key alone (VRP and Comware ``undo rule 5``); its full form is rejected.
        """
        key = (cls, "undo:" + table)
        cached = cls._compiled.get(key)
        if cached is None:
            cached = FormTable(
                form
                for form in cls.forms(table)
                if not (
                    form.tokens
                    and form.tokens[0].folded in cls.undo_key_only
                    and form.key_length is not None
                    and form.key_length < len(form.tokens)
                )
            )
            for form in cls.forms(table):
                if form.key_length is not None and form.key_length < len(form.tokens):
                    cached.append(
                        Form(
                            form.tokens[: form.key_length],
                            form.key_length,
                            form.view,
                            form.source,
                            form.merge,
                        )
                    )
            cls._compiled[key] = cached
        return cached

    # Hooks a vendor overrides -------------------------------------------------

    async def start(self) -> None:
        """Print the login banner and run login dialogues; set the first view."""
        raise NotImplementedError

    def prompt(self) -> str:
        """Return the prompt for the current view."""
        raise NotImplementedError

    def error(self, failure: Failure, line: str, position: int) -> str:
        """Return the vendor's message for a parse failure of ``line``."""
        raise NotImplementedError

    def view_label(self, view: str, words: list[str]) -> str:
        """Return the prompt label of a view entered with ``words``."""
        return " ".join(words)

    def check_rules(self, view: View, match: Match, undo: bool) -> str | None:
        """Return the device's rejection of a valid command, or None to apply it."""
        return None

    def canonical_interface(self, name: str) -> str:
        """Return the full interface name for an abbreviation."""
        return name

    def interface_exists(self, name: str) -> bool:
        """Return whether an interface name is valid on this device."""
        return True

    def is_config_view(self, view: View) -> bool:
        """Return whether config commands are read in ``view``."""
        return view.name not in self.exec_views

    def config_root(self) -> Node:
        """Return the tree config commands edit (a candidate on two-stage devices)."""
        return self.runtime.running

    def on_changed(self) -> None:
        """Record a configuration change."""
        self.runtime.config_changed = time.time()

    # Dispatch ----------------------------------------------------------------

    async def execute(self, line: str) -> None:
        """Run one input line in the current view."""
        if "\x1a" in line:
            # Ctrl+Z leaves every config view, like return on VRP and end on IOS.
            del self.session.views[1:]
            return
        stripped = line.strip()
        if not stripped:
            return
        faults = self.runtime.faults
        for prefix in faults.rejected:
            if stripped.lower().startswith(prefix.lower()):
                self.session.write(self.error(Failure.UNRECOGNIZED, stripped, 0) + "\n")
                return
        view = self.session.view
        if self.is_config_view(view) and not self._is_exec_word(stripped):
            if faults.drop_after is not None and self.session.config_lines >= faults.drop_after:
                self.session.drop()
            await self.configure(stripped)
            return
        await self.run_exec(stripped)

    def match(self, line: str, forms: FormTable) -> Match:
        """Match ``line`` against ``forms`` with this device's interface names; cached."""
        key = (id(forms), line)
        found = self._matches.get(key)
        if found is None:
            found = match_line(line, forms, self.interface_exists, self.canonical_interface)
            if len(self._matches) >= MAX_CACHED_MATCHES:
                self._matches.clear()
            self._matches[key] = found
        return found

    def _is_exec_word(self, line: str) -> bool:
        """Return whether a line in a config view is an exec command (display, do)."""
        if not self.exec_table:
            return False
        forms = self.forms("exec")
        first = line.split(maxsplit=1)[0].lower()
        if not forms.candidates(first):
            return False  # no exec command starts with this word
        match = self.match(line.split(" | ", maxsplit=1)[0], forms)
        return match.failure is None and self.exec_allowed_in_config(match)

    def exec_allowed_in_config(self, match: Match) -> bool:
        """Return whether an exec command also runs in config views (display on VRP)."""
        return False

    async def run_exec(self, line: str) -> None:
        """Run an exec command, with its output filter and the pager."""
        command, mode, pattern = line, "", ""
        pipe = _PIPE_RE.search(line)
        if pipe:
            command = line[: pipe.start()].strip()
            mode = _PIPE_MODES.get(pipe.group(1), pipe.group(1))
            pattern = pipe.group(2).strip()
        match = self.match(command, self.forms("exec"))
        if match.failure is not None or match.form is None:
            failure = match.failure or Failure.UNRECOGNIZED
            self.session.write(self.error(failure, line, match.position) + "\n")
            return
        handler = self.handler_for(match.form)
        output = await handler(match.words)
        if output is None:
            return
        if mode:
            output = filter_output(output, mode, pattern)
        await self.session.page(output)

    def handler_for(self, form: Form) -> Handler:
        """Return the method that runs an exec form: ``cmd_`` plus its first words."""
        words = [t.value for t in form.tokens if t.kind == "literal"]
        for count in range(len(words), 0, -1):
            name = "cmd_" + "_".join(words[:count]).replace("-", "_")
            handler = getattr(self, name, None)
            if handler is not None:
                return handler  # type: ignore[no-any-return]
        raise LookupError(f"no handler for exec form {form.source!r} on {self.platform}")

    # Configuration -----------------------------------------------------------

    async def configure(self, line: str) -> None:
        """Apply one config line in the current view, or print the rejection."""
        undo = False
        body = line
        first, _, rest = line.partition(" ")
        if first.lower() == self.undo_word and rest.strip():
            undo, body = True, rest.strip()
        if await self.view_command(body, undo):
            return

        views = list(self.session.views)
        best: Match | None = None
        for depth in range(len(views) - 1, -1, -1):
            view = views[depth]
            if not self.is_config_view(view):
                break
            forms = self.undo_forms(view.name) if undo else self.forms(view.name)
            match = self.match(body, forms)
            if match.failure is None:
                if depth != len(views) - 1:
                    del self.session.views[depth + 1 :]
                await self.apply(self.session.view, match, undo)
                return
            if best is None:
                best = match
            if not self.falls_back:
                break
        assert best is not None
        offset = len(line) - len(body)
        failure = best.failure or Failure.UNRECOGNIZED
        self.session.write(self.error(failure, line, best.position + offset) + "\n")

    async def view_command(self, line: str, undo: bool) -> bool:
        """Handle view navigation and special config commands; return True if handled."""
        return False

    async def apply(self, view: View, match: Match, undo: bool) -> None:
        """Change the configuration tree for a matched line."""
        assert match.form is not None
        rejection = self.check_rules(view, match, undo)
        if rejection is not None:
            self.session.write(rejection + "\n")
            return

        self.session.config_lines += 1
        self.on_changed()
        canonical = " ".join(match.words)
        parent = view.node
        shown = self._shown_negation(view.name, canonical)
        if shown is not None or (not undo and match.form.merge):
            self._drop_negations(parent, canonical, match)
        if shown is not None and undo:
            positive = self._find_text(parent, canonical)
            if positive is not None:
                parent.children.remove(positive)
            elif match.form.merge:
                self._drop_values(parent, match)
            negated = f"{self.undo_word} {canonical}"
            self.insert(parent, Node(negated, key=negated))
            return
        if shown is not None and not shown.positive_shown:
            # The command restores the default, which the device does not print. For a
            # list (VRP's allowed VLAN 1) the default is no list line, not the value.
            return
        existing = self.find_by_key(view.name, parent, match.key)
        if undo:
            self.remove(view.name, parent, existing, match)
            return

        if match.form.view is not None:
            node = existing
            if node is None:
                node = Node(canonical, section=True, key=match.key)
                self.insert(parent, node)
            label = self.view_label(match.form.view, match.words)
            self.session.views.append(View(match.form.view, node, label))
            return

        if existing is None:
            self.insert(parent, Node(canonical, key=match.key))
        elif match.form.merge:
            existing.text = self.merge(existing.text, canonical, match.key)
        else:
            existing.text = canonical

    def _shown_negation(self, view: str, canonical: str) -> ShownNegation | None:
        compiled = _NEGATION_PATTERNS.get(type(self))
        if compiled is None:
            compiled = tuple((e, re.compile(e.command)) for e in self.shown_negations)
            _NEGATION_PATTERNS[type(self)] = compiled
        for entry, pattern in compiled:
            if entry.view in (None, view) and pattern.fullmatch(canonical):
                return entry
        return None

    @staticmethod
    def _find_text(parent: Node, text: str) -> Node | None:
        return next((c for c in parent.children if c.text == text), None)

    def _drop_negations(self, parent: Node, canonical: str, match: Match) -> None:
        """Remove the printed negations that the command ``canonical`` overrides."""
        prefix = f"{self.undo_word} "
        values = (
            set(canonical[len(match.key) :].split()) if match.form and match.form.merge else None
        )
        for child in tuple(parent.children):
            if not child.text.startswith(prefix):
                continue
            body = child.text[len(prefix) :]
            if body == canonical or (
                values is not None
                and body.startswith(match.key + " ")
                and set(body[len(match.key) :].split()) <= values
            ):
                parent.children.remove(child)

    def _drop_values(self, parent: Node, match: Match) -> None:
        """Take the values of a negated list command out of the list line it names."""
        for child in parent.children:
            if child.text.startswith(match.key + " ") or child.text == match.key:
                self.remove("", parent, child, match)
                return

    def merge(self, old: str, new: str, key: str) -> str:
        """Merge the values of two lines with the same key (VLAN lists)."""
        values = old[len(key) :].split() + new[len(key) :].split()
        merged = list(dict.fromkeys(values))
        return f"{key} {' '.join(merged)}"

    def remove(self, view: str, parent: Node, existing: Node | None, match: Match) -> None:
        """Remove a line or section for an undo/no command."""
        if existing is None:
            return
        assert match.form is not None
        if match.form.merge and len(match.words) > (match.form.key_length or 0):
            removed = " ".join(match.words[match.form.key_length or 0 :]).split()
            keep = [v for v in existing.text[len(match.key) :].split() if v not in removed]
            if keep:
                existing.text = f"{match.key} {' '.join(keep)}"
                return
        parent.children.remove(existing)

    def find_by_key(self, view: str, parent: Node, key: str) -> Node | None:
        """Return the child of ``parent`` whose key is ``key``."""
        forms = self.forms(view)
        for child in parent.children:
            if child.key is None:
                first_line = child.text.split("\n")[0]
                found = match_line(first_line, forms, None, None)
                child.key = found.key if found.failure is None else first_line
            if child.key == key:
                return child
        return None

    def insert(self, parent: Node, node: Node) -> None:
        """Insert a new line where the vendor prints it."""
        if parent is not self.config_root() or not self.order:
            parent.children.append(node)
            return
        # A device prints each group in a fixed order, not in the order of entry.
        # The lab uses the natural order of the text, so a re-added line returns
        # to its place.
        sort_key = self._sort_key
        key = sort_key(node.text)
        for index, child in enumerate(parent.children):
            if sort_key(child.text) > key:
                parent.children.insert(index, node)
                return
        parent.children.append(node)

    def _sort_key(self, text: str) -> SortKey:
        """Return the place of a top-level line: its group in ``order``, then natural order.

        The keys are cached per vendor class, because an insert compares the
        new line with every top-level line before its place.
        """
        cls = type(self)
        cache = _SORT_KEYS.get(cls)
        if cache is None:
            cache = _SORT_KEYS[cls] = {}
            _ORDER_PATTERNS[cls] = tuple(re.compile(pattern) for pattern in cls.order)
        key = cache.get(text)
        if key is None:
            patterns = _ORDER_PATTERNS[cls]
            rank = next(
                (index for index, pattern in enumerate(patterns) if pattern.match(text)),
                len(patterns),
            )
            key = (rank, _natural(text))
            if len(cache) >= MAX_CACHED_SORT_KEYS:
                cache.clear()
            cache[text] = key
        return key

    async def read_delimited(self, delimiter: str, rest: str, notice: str) -> list[str]:
        """Read banner text up to ``delimiter``; text after it on that line is dropped.

        ``rest`` is what followed the delimiter on the command line. When it
        already contains the closing delimiter the banner is that one line;
        otherwise the device prints ``notice`` and reads lines, echoing each,
        until a line contains the delimiter.
        """
        if delimiter in rest:
            return [rest.split(delimiter, maxsplit=1)[0]]
        body = [rest] if rest else []
        self.session.write(notice + "\n")
        while True:
            text = await self.session.read_line()
            if delimiter in text:
                before = text.split(delimiter, maxsplit=1)[0]
                if before:
                    body.append(before)
                return body
            body.append(text)

    # Shared output helpers -----------------------------------------------------

    def config_lines(self, root: Node | None = None) -> list[str]:
        """Return the configuration printed in the vendor's layout."""
        style = replace(self.style, header=self.header_lines())
        return render(root or self.runtime.running, style)

    def header_lines(self) -> tuple[str, ...]:
        """Return the lines printed before the configuration (the software version)."""
        return self.style.header

    def section_text(self, node: Node) -> list[str]:
        """Return one section as the vendor prints ``display this``."""
        if node is self.runtime.running or node is self.config_root():
            return self.config_lines(node)
        return [node.text, *(" " * (d + 1) + c.text for d, c in node.walk())]

    def goodbye(self) -> None:
        """End the session."""
        self.session.close()
        raise SessionClosed  # pragma: no cover - close() raises
