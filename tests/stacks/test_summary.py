"""Tests of the terminal summary of planned resources."""

from __future__ import annotations

import pytest
from rich.console import Console

from campusctl.cli.stack import _print_resources
from campusctl.stacks.plan import Plan, PlannedResource
from campusctl.stacks.projects import StackPlan
from campusctl.stacks.summary import key_inputs, parent_name, short_type


@pytest.mark.parametrize(
    ("token", "short"),
    [
        ("openstack:networking/subnet:Subnet", "networking/subnet"),
        ("tls:index/privateKey:PrivateKey", "tls/privateKey"),
        ("keycloak:openid/client:Client", "openid/client"),
        ("campus:yuejiaoyun:Portal", "yuejiaoyun:Portal"),
        ("pulumi:pulumi:Stack", "pulumi:Stack"),
    ],
)
def test_short_type_forms(token: str, short: str) -> None:
    assert short_type(token) == short


def _resource(type_: str, inputs: dict[str, object], parent: str) -> PlannedResource:
    return PlannedResource("urn", type_, "r", True, parent, [], False, inputs, {}, inputs)


def test_key_inputs_known_type() -> None:
    rule = _resource(
        "openstack:networking/secGroupRule:SecGroupRule",
        {
            "direction": "ingress",
            "ethertype": "IPv6",
            "protocol": "tcp",
            "portRangeMin": 443,
            "remoteIpPrefix": "::/0",
            "tags": [],
        },
        "",
    )
    assert (
        key_inputs(rule)
        == "direction=ingress ethertype=IPv6 protocol=tcp portRangeMin=443 remoteIpPrefix=::/0"
    )


def test_key_inputs_fallback_skips_tags() -> None:
    other = _resource(
        "openstack:compute/serverGroup:ServerGroup",
        {"tags": ["a=b"], "name": "g", "policies": "soft-anti-affinity"},
        "",
    )
    assert key_inputs(other) == "name=g policies=soft-anti-affinity"


def test_parent_name_of_stack_child() -> None:
    stack_child = _resource(
        "x:y:Z", {}, "urn:pulumi:prod::yuejiaoyun::pulumi:pulumi:Stack::yuejiaoyun-prod"
    )
    nested = _resource(
        "x:y:Z",
        {},
        "urn:pulumi:prod::yuejiaoyun::pulumi:pulumi:Stack$campus:yuejiaoyun:Yuejiaoyun::yjy-prod",
    )
    assert parent_name(stack_child) == "-"
    assert parent_name(nested) == "yjy-prod"


def test_resource_table_keeps_brackets(monkeypatch: pytest.MonkeyPatch) -> None:
    console = Console(record=True, width=400)
    monkeypatch.setattr("campusctl.cli.stack.console", console)
    secret = _resource("vault:index/secret:Secret", {"name": "[bold]x", "value": "[secret]"}, "")
    _print_resources(StackPlan(Plan("demo", "dev", [secret], {}, [])))
    text = console.export_text()
    assert "name=[bold]x value=[secret]" in text
