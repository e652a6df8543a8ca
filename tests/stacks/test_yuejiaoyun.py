"""Tests of the 粤教云 program: servers, portal, storage and its configuration checks."""

from __future__ import annotations

from ipaddress import ip_network
from pathlib import Path

import pulumi
import pytest

from campusctl.stacks.errors import StackConfigError
from campusctl.stacks.projects import plan_stack
from campusctl.stacks.sites import ProvinceSite
from campusctl.stacks.yuejiaoyun.compute import InstanceGroup, InstanceGroupArgs
from campusctl.stacks.yuejiaoyun.config import InstanceRole, read_config
from campusctl.stacks.yuejiaoyun.portal import Backend, Portal, PortalArgs
from tests.stacks.support import (
    STACKS,
    apply_config,
    capture,
    children,
    sample_plan,
    stack_file_config,
)

VOLUME = "openstack:blockstorage/volume:Volume"
INSTANCE = "openstack:compute/instance:Instance"
PORT = "openstack:networking/port:Port"
LB = "openstack:loadbalancer/loadBalancer:LoadBalancer"
MEMBER = "openstack:loadbalancer/member:Member"
RECORD = "openstack:dns/recordSet:RecordSet"


def _group(count: int, data_gb: int) -> InstanceGroup:
    return InstanceGroup(
        "yjy-test-postgres",
        InstanceGroupArgs(
            role=InstanceRole("postgres", "data", count, "c8.m64", 80, data_gb),
            slot=1,
            network_id="net",
            subnet_v4_id="sub4",
            subnet_v6_id="sub6",
            ipv4=ip_network("198.18.243.0/24"),  # type: ignore[arg-type]
            ipv6=ip_network("2001:db8:fff0:4::/64"),  # type: ignore[arg-type]
            security_group_id="sg",
            image_id="image",
            volume_type="luks-ssd",
            key_pair="ops",
            tags={"owner": "netops"},
        ),
    )


def test_instances_boot_from_encrypted_volumes() -> None:
    plan = capture(lambda: _group(2, 500))
    volumes = plan.by_type(VOLUME)
    assert sorted(v.inputs["name"] for v in volumes) == [
        "yjy-test-postgres-01-boot",
        "yjy-test-postgres-01-data",
        "yjy-test-postgres-02-boot",
        "yjy-test-postgres-02-data",
    ]
    assert {v.inputs["volumeType"] for v in volumes} == {"luks-ssd"}
    for instance in plan.by_type(INSTANCE):
        (device,) = instance.inputs["blockDevices"]
        assert device["sourceType"] == "volume"
        assert device["destinationType"] == "volume"
        assert device["bootIndex"] == 0


def test_instances_get_fixed_dual_stack_addresses() -> None:
    plan = capture(lambda: _group(2, 0))
    addresses = sorted(
        (ip["ipAddress"] for port in plan.by_type(PORT) for ip in port.inputs["fixedIps"]), key=len
    )
    # Slot 1 of the tier starts at host 20 + 20.
    assert addresses == [
        "198.18.243.40",
        "198.18.243.41",
        "2001:db8:fff0:4::28",
        "2001:db8:fff0:4::29",
    ]
    assert plan.by_type(VOLUME) and all(
        v.inputs["name"].endswith("-boot") for v in plan.by_type(VOLUME)
    )


def test_instance_group_children_are_parented() -> None:
    plan = capture(lambda: _group(1, 10))
    component = plan.by_type("campus:yuejiaoyun:InstanceGroup")[0]
    custom = [r for r in plan.resources if r.custom]
    assert custom and all(r.parent == component.urn for r in custom)
    assert component.outputs["addressesV4"] == ["198.18.243.40"]


@pulumi.runtime.test
def test_instance_metadata_has_role() -> pulumi.Output[None]:
    group = _group(1, 0)

    def check(addresses: list[str]) -> None:
        assert addresses == ["198.18.243.40"]

    return pulumi.Output.from_input(group.addresses_v4).apply(check)


def test_prod_publishes_inventory_endpoints(province: ProvinceSite) -> None:
    plan = sample_plan("yuejiaoyun", "prod").plan
    vips = sorted(lb.inputs["vipAddress"] for lb in plan.by_type(LB))
    assert vips == sorted(
        [
            "198.18.254.10",
            "2001:db8:fffe::10",
            "198.18.254.20",
            "2001:db8:fffe::20",
            "198.18.254.30",
            "2001:db8:fffe::30",
            "198.18.254.40",
            "2001:db8:fffe::40",
        ]
    )
    records = {
        (r.inputs["name"], r.inputs["type"]): r.inputs["records"] for r in plan.by_type(RECORD)
    }
    assert records[("dx.yjy.gdedu.example.", "AAAA")] == ["2001:db8:fffe::20"]
    assert len(records) == 8


def test_prod_members_are_tier_servers(province: ProvinceSite) -> None:
    plan = sample_plan("yuejiaoyun", "prod").plan
    members = {m.inputs["address"] for m in plan.by_type(MEMBER) if "-dx-v4" in m.name}
    assert members == {"198.18.241.20", "198.18.241.21"}


def test_prod_attaches_every_city(province: ProvinceSite) -> None:
    plan = sample_plan("yuejiaoyun", "prod").plan
    attachments = plan.by_type("campus:yuejiaoyun:CityAttachment")
    assert [a.name for a in attachments] == ["yjy-prod-city-440100", "yjy-prod-city-440300"]
    assert plan.outputs["cityAttachments"] == {
        "440100": {"ipv4": "198.18.246.8/29", "ipv6": "2001:db8:fff6:1::/64"},
        "440300": {"ipv4": "198.18.246.24/29", "ipv6": "2001:db8:fff6:3::/64"},
    }


def test_program_children_all_parented(province: ProvinceSite) -> None:
    plan = sample_plan("yuejiaoyun", "dev").plan
    (root,) = plan.by_type("campus:yuejiaoyun:Yuejiaoyun")
    assert root.parent.endswith("pulumi:pulumi:Stack::yuejiaoyun-dev")
    others = [r for r in plan.resources if r.urn != root.urn]
    assert others
    assert not [
        r.name for r in others if r.parent.split("::")[2].split("$")[-1] == "pulumi:pulumi:Stack"
    ]
    assert children(plan, "campus:yuejiaoyun:Yuejiaoyun")


def _prod_config(**changes: str) -> dict[str, str]:
    values = stack_file_config("yuejiaoyun", "prod")
    values.update({f"yuejiaoyun:{k}": v for k, v in changes.items()})
    return values


def test_config_reads_prod_file(pulumi_config: dict[str, str]) -> None:
    apply_config(_prod_config())
    config = read_config()
    assert config.zone == "yjy.gdedu.example."
    assert [r.name for r in config.roles] == [
        "resource-center",
        "exchange-api",
        "keycloak",
        "postgres",
        "bastion",
    ]
    assert config.endpoints[3].fqdn == "id.yjy.gdedu.example"
    assert config.inventory.as_posix() == "../../inventory"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("zone", "yjy.gdedu.example", "must end with a dot"),
        (
            "networks",
            '{"portal": {"ipv4": "198.18.254.0/24", "ipv6": "2001:db8:fffe::/64"}}',
            "every tier",
        ),
        ("attachmentIpv4", "2001:db8::/48", "is not an IPv4 prefix"),
        (
            "instances",
            '[{"name": "x", "tier": "nowhere", "count": 1, "flavor": "f", "bootGb": 1}]',
            "unknown tier",
        ),
        ("endpoints", '[{"fqdn": "a.yjy.gdedu.example", "tier": "data"}]', "is not one of"),
        (
            "extraIngress",
            '[{"tier": "management", "port": 22, "prefix": "not-a-prefix"}]',
            "extraIngress",
        ),
    ],
)
def test_config_rejects_invalid(
    pulumi_config: dict[str, str], key: str, value: str, message: str
) -> None:
    apply_config(_prod_config(**{key: value}))
    with pytest.raises(StackConfigError, match=message):
        read_config()


def test_overlapping_prefix_is_rejected(province: ProvinceSite, tmp_path: Path) -> None:
    text = (STACKS / "yuejiaoyun" / "Pulumi.prod.yaml").read_text(encoding="utf-8")
    # Move the resource tier into Tianhe's district pool.
    path = tmp_path / "test-overlap.yaml"
    path.write_text(text.replace("198.18.240.0/24", "198.18.16.0/24"), encoding="utf-8")
    with pytest.raises(StackConfigError, match=r"overlaps district 440106"):
        plan_stack("yuejiaoyun", "prod", province=province, config_file=path)


def test_endpoint_outside_portal_is_rejected(province: ProvinceSite, tmp_path: Path) -> None:
    text = (STACKS / "yuejiaoyun" / "Pulumi.prod.yaml").read_text(encoding="utf-8")
    path = tmp_path / "test-endpoint.yaml"
    path.write_text(text.replace("ipv4: 198.18.254.40", "ipv4: 198.18.253.40"), encoding="utf-8")
    with pytest.raises(StackConfigError, match="outside the portal subnets"):
        plan_stack("yuejiaoyun", "prod", province=province, config_file=path)


def _portal() -> Portal:
    return Portal(
        "yjy-test-portal",
        PortalArgs(
            vip_subnet_v4_id="portal-v4",
            vip_subnet_v6_id="portal-v6",
            security_group_id="sg-portal",
            tls_container_ref="https://key-manager.invalid/v1/containers/1",
            backends=(
                Backend(
                    label="res",
                    fqdn="res.yjy.gdedu.example",
                    vip_v4="198.18.254.10",
                    vip_v6="2001:db8:fffe::10",
                    subnet_v4_id="resource-v4",
                    subnet_v6_id="resource-v6",
                    addresses_v4=["198.18.240.20", "198.18.240.21"],
                    addresses_v6=["2001:db8:fff0:1::14", "2001:db8:fff0:1::15"],
                ),
            ),
            zone="yjy.gdedu.example.",
            zone_email="hostmaster@gdedu.example",
            tags={"owner": "netops"},
        ),
    )


def test_portal_one_balancer_per_family() -> None:
    plan = capture(_portal)
    balancers = {lb.inputs["vipAddress"]: lb.inputs for lb in plan.by_type(LB)}
    assert sorted(balancers) == ["198.18.254.10", "2001:db8:fffe::10"]
    assert balancers["198.18.254.10"]["vipSubnetId"] == "portal-v4"
    assert balancers["198.18.254.10"]["securityGroupIds"] == ["sg-portal"]
    listeners = plan.by_type("openstack:loadbalancer/listener:Listener")
    assert {(li.inputs["protocol"], li.inputs["protocolPort"]) for li in listeners} == {
        ("TERMINATED_HTTPS", 443)
    }
    assert all(li.inputs["tlsVersions"] == ["TLSv1.2", "TLSv1.3"] for li in listeners)


def test_portal_members_use_tier_subnets() -> None:
    plan = capture(_portal)
    members = sorted(
        (m.inputs["address"], m.inputs["subnetId"], m.inputs["protocolPort"])
        for m in plan.by_type(MEMBER)
    )
    assert members == [
        ("198.18.240.20", "resource-v4", 8443),
        ("198.18.240.21", "resource-v4", 8443),
        ("2001:db8:fff0:1::14", "resource-v6", 8443),
        ("2001:db8:fff0:1::15", "resource-v6", 8443),
    ]


def test_portal_records_and_outputs() -> None:
    plan = capture(_portal)
    records = sorted((r.inputs["type"], r.inputs["records"][0]) for r in plan.by_type(RECORD))
    assert records == [("A", "198.18.254.10"), ("AAAA", "2001:db8:fffe::10")]
    (zone,) = plan.by_type("openstack:dns/zone:Zone")
    assert zone.inputs["name"] == "yjy.gdedu.example."
    (portal,) = plan.by_type("campus:yuejiaoyun:Portal")
    assert portal.outputs["hosts"] == {
        "res.yjy.gdedu.example": ["198.18.254.10", "2001:db8:fffe::10"]
    }
    assert all(r.parent == portal.urn for r in plan.resources if r.custom)
