"""Overviews of a district and of a city: schools by type, coloured by compliance.

The district view draws every school under the district's education MAN with
its committed uplink bandwidth. The city view draws, per district and school
type, one node counting the schools in each compliance state, so that it stays
readable for cities with thousands of schools.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import graphviz

from campusctl.diagram.style import (
    PROVIDER_COLOUR,
    Row,
    add_legend,
    html,
    new_graph,
    set_title,
    speed_text,
    table,
)
from campusctl.i18n import _
from campusctl.inventory import Inventory
from campusctl.inventory.labels import school_type_label, tier_label
from campusctl.inventory.model import School, SchoolType


class ComplianceState(StrEnum):
    """Overall compliance of a school, from its rule results."""

    PASS = "pass"  # every applicable rule passed
    FAIL = "fail"  # at least one rule failed
    MANUAL = "manual"  # nothing failed, but some rules need a manual check
    UNVERIFIED = "unverified"  # no results for the school, or a device was not reached


STATE_COLOURS: dict[ComplianceState, str] = {
    ComplianceState.PASS: "#b6d7a8",
    ComplianceState.FAIL: "#ea9999",
    ComplianceState.MANUAL: "#ffe599",
    ComplianceState.UNVERIFIED: "#d9d9d9",
}


def state_label(state: ComplianceState) -> str:
    """Return the translated name of a compliance state."""
    labels = {
        ComplianceState.PASS: _("compliant"),
        ComplianceState.FAIL: _("not compliant"),
        ComplianceState.MANUAL: _("manual checks pending"),
        ComplianceState.UNVERIFIED: _("not verified"),
    }
    return labels[state]


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts of one school's rule results."""

    passed: int = 0
    failed: int = 0
    manual: int = 0
    not_applicable: int = 0
    unreachable: int = 0
    """Rules not judged because a device of the school could not be reached."""

    @property
    def state(self) -> ComplianceState:
        """The overall state, worst first: failed, unverified, manual checks pending, pass.

        A device that could not be reached leaves the school unverified.
        """
        if self.failed:
            return ComplianceState.FAIL
        if self.unreachable:
            return ComplianceState.UNVERIFIED
        if self.manual:
            return ComplianceState.MANUAL
        if self.passed:
            return ComplianceState.PASS
        return ComplianceState.UNVERIFIED


def _school_label(school: School, tally: Tally) -> str:
    rows = [
        Row([html(school.name)], bold=True),
        Row([html(f"{school.code} · {tier_label(school.tier)}")]),
        Row(
            [
                html(
                    _("uplink {bandwidth}").format(bandwidth=speed_text(school.committed_mbps))
                    if school.uplinks
                    else _("no uplink")
                )
            ]
        ),
        Row([html(state_label(tally.state))]),
    ]
    if tally.state is not ComplianceState.UNVERIFIED:
        rows.append(
            Row(
                [
                    html(
                        _("{passed} passed, {failed} failed, {manual} manual").format(
                            passed=tally.passed, failed=tally.failed, manual=tally.manual
                        )
                    )
                ]
            )
        )
    return table(rows, background=STATE_COLOURS[tally.state])


def _legend(graph: graphviz.Digraph) -> None:
    add_legend(
        graph,
        _("Legend"),
        [(STATE_COLOURS[state], state_label(state)) for state in ComplianceState],
    )


def district_overview(
    inventory: Inventory,
    district_code: str,
    tallies: Mapping[str, Tally],
    *,
    font: str,
    revision: str,
) -> graphviz.Digraph:
    """Return the overview of one district: its schools by type under the district MAN.

    :param inventory: the loaded inventory.
    :param district_code: the 6-digit district code.
    :param tallies: rule-result counts per school code; a missing school is unverified.
    :param font: the CJK-capable font family for every label.
    :param revision: the inventory revision printed in the title.
    """
    city, district = inventory.province.districts()[district_code]
    schools = inventory.schools_in(district_code)
    graph = new_graph(f"district_{district_code}", font)
    set_title(
        graph,
        f"{city.name} {district.name} ({district.code})",
        _("District overview: {count} schools by type · inventory revision {revision}").format(
            count=len(schools), revision=revision
        ),
    )
    man_rows = [
        Row([html(_("{district} education MAN").format(district=district.name))], bold=True)
    ]
    if district.man_uplink_mbps is not None:
        man_rows.append(Row([html(speed_text(district.man_uplink_mbps))]))
    graph.node("man", label=table(man_rows, background=PROVIDER_COLOUR))

    for school_type in SchoolType:
        members = [s for s in schools if s.type is school_type]
        if not members:
            continue
        with graph.subgraph(name=f"cluster_type_{school_type.value}") as cluster:
            cluster.attr(label=school_type_label(school_type), style="rounded")
            for school in members:
                cluster.node(
                    f"school_{school.code}",
                    label=_school_label(school, tallies.get(school.code, Tally())),
                )
    for school in schools:
        graph.edge(
            "man",
            f"school_{school.code}",
            label=speed_text(school.committed_mbps) if school.uplinks else "",
            style="solid" if school.uplinks else "dotted",
        )
    _legend(graph)
    return graph


def _type_label(
    school_type: SchoolType, schools: list[School], tallies: Mapping[str, Tally]
) -> str:
    counts = {state: 0 for state in ComplianceState}
    for school in schools:
        counts[tallies.get(school.code, Tally()).state] += 1
    header = _("{type}: {count}").format(type=school_type_label(school_type), count=len(schools))
    cells = [f'<TR><TD COLSPAN="{len(ComplianceState)}"><B>{html(header)}</B></TD></TR><TR>']
    for state in ComplianceState:
        cells.append(
            f'<TD BGCOLOR="{STATE_COLOURS[state]}" TITLE="{html(state_label(state))}">'
            f"{counts[state]}</TD>"
        )
    cells.append("</TR>")
    return (
        '<<TABLE BORDER="1" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4">'
        + "".join(cells)
        + "</TABLE>>"
    )


def city_overview(
    inventory: Inventory,
    city_code: str,
    tallies: Mapping[str, Tally],
    *,
    font: str,
    revision: str,
) -> graphviz.Digraph:
    """Return the overview of one city: per district and school type, schools by state.

    Each node counts the schools in each compliance state, in the order of the
    legend (compliant, not compliant, manual checks pending, not verified).

    :param inventory: the loaded inventory.
    :param city_code: the 6-digit city code.
    :param tallies: rule-result counts per school code; a missing school is unverified.
    :param font: the CJK-capable font family for every label.
    :param revision: the inventory revision printed in the title.
    """
    city = inventory.city(city_code)
    total = sum(len(inventory.schools_in(d.code)) for d in city.districts)
    graph = new_graph(f"city_{city_code}", font)
    set_title(
        graph,
        f"{city.name} ({city.code})",
        _(
            "City overview: {count} schools by district and type · inventory revision {revision}"
        ).format(count=total, revision=revision),
    )
    graph.node("city", label=table([Row([html(city.name)], bold=True)], background=PROVIDER_COLOUR))
    for district in city.districts:
        schools = inventory.schools_in(district.code)
        head_rows = [Row([html(f"{district.name} ({district.code})")], bold=True)]
        if district.man_uplink_mbps is not None:
            head_rows.append(
                Row(
                    [
                        html(
                            _("MAN {bandwidth}").format(
                                bandwidth=speed_text(district.man_uplink_mbps)
                            )
                        )
                    ]
                )
            )
        head = f"district_{district.code}"
        graph.node(head, label=table(head_rows, background=PROVIDER_COLOUR))
        graph.edge("city", head)
        with graph.subgraph(name=f"cluster_district_{district.code}") as cluster:
            cluster.attr(label="", style="rounded", color="#999999")
            for school_type in SchoolType:
                members = [s for s in schools if s.type is school_type]
                if not members:
                    continue
                node = f"district_{district.code}_{school_type.value}"
                cluster.node(node, label=_type_label(school_type, members, tallies))
                graph.edge(head, node)
    _legend(graph)
    return graph
