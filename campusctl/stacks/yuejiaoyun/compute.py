"""Servers of one role: ports, encrypted volumes, instances spread across hosts."""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network

import pulumi
import pulumi_openstack as openstack

from campusctl.stacks.common import child, tag_list
from campusctl.stacks.yuejiaoyun.config import InstanceRole

#: Host number, inside the tier subnet, of the first server of a role; roles sharing
#: a tier are offset by :data:`ROLE_BLOCK` addresses.
FIRST_HOST = 20
ROLE_BLOCK = 20


@dataclass(frozen=True, slots=True)
class InstanceGroupArgs:
    """Inputs of :class:`InstanceGroup`."""

    role: InstanceRole
    slot: int
    network_id: pulumi.Input[str]
    subnet_v4_id: pulumi.Input[str]
    subnet_v6_id: pulumi.Input[str]
    ipv4: IPv4Network
    ipv6: IPv6Network
    security_group_id: pulumi.Input[str]
    image_id: pulumi.Input[str]
    volume_type: str
    key_pair: str
    tags: dict[str, str]


class InstanceGroup(pulumi.ComponentResource):
    """``count`` servers of one role with fixed dual-stack addresses.

    Each server boots from a volume created from the image and gets a data
    volume, both of the configured volume type (an encrypted type), so no
    data sits on an unencrypted hypervisor disk. A soft anti-affinity server
    group keeps replicas on different hypervisors where capacity allows.
    """

    addresses_v4: list[str]
    addresses_v6: list[str]

    def __init__(
        self, name: str, args: InstanceGroupArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("campus:yuejiaoyun:InstanceGroup", name, None, opts)
        role = args.role
        tags = {**args.tags, "role": role.name}
        group = openstack.compute.ServerGroup(
            name, name=name, policies="soft-anti-affinity", opts=child(self)
        )
        self.addresses_v4 = []
        self.addresses_v6 = []
        instance_ids: list[pulumi.Output[str]] = []
        for index in range(role.count):
            host = FIRST_HOST + args.slot * ROLE_BLOCK + index
            server = f"{name}-{index + 1:02d}"
            address_v4, address_v6 = str(args.ipv4[host]), str(args.ipv6[host])
            self.addresses_v4.append(address_v4)
            self.addresses_v6.append(address_v6)
            port = openstack.networking.Port(
                server,
                name=server,
                network_id=args.network_id,
                admin_state_up=True,
                fixed_ips=[
                    openstack.networking.PortFixedIpArgs(
                        subnet_id=args.subnet_v4_id, ip_address=address_v4
                    ),
                    openstack.networking.PortFixedIpArgs(
                        subnet_id=args.subnet_v6_id, ip_address=address_v6
                    ),
                ],
                security_group_ids=[args.security_group_id],
                tags=tag_list(tags),
                opts=child(self),
            )
            boot = openstack.blockstorage.Volume(
                f"{server}-boot",
                name=f"{server}-boot",
                size=role.boot_gb,
                image_id=args.image_id,
                volume_type=args.volume_type,
                metadata=tags,
                opts=child(self),
            )
            instance = openstack.compute.Instance(
                server,
                name=server,
                flavor_name=role.flavor,
                key_pair=args.key_pair,
                block_devices=[
                    openstack.compute.InstanceBlockDeviceArgs(
                        uuid=boot.id,
                        source_type="volume",
                        destination_type="volume",
                        boot_index=0,
                        delete_on_termination=False,
                    )
                ],
                networks=[openstack.compute.InstanceNetworkArgs(port=port.id)],
                scheduler_hints=[openstack.compute.InstanceSchedulerHintArgs(group=group.id)],
                metadata=tags,
                tags=tag_list(tags),
                opts=child(self),
            )
            instance_ids.append(instance.id)
            if role.data_gb > 0:
                data = openstack.blockstorage.Volume(
                    f"{server}-data",
                    name=f"{server}-data",
                    size=role.data_gb,
                    volume_type=args.volume_type,
                    metadata=tags,
                    opts=child(self),
                )
                openstack.compute.VolumeAttach(
                    f"{server}-data",
                    instance_id=instance.id,
                    volume_id=data.id,
                    opts=child(self),
                )
        self.register_outputs(
            {
                "instanceIds": instance_ids,
                "addressesV4": self.addresses_v4,
                "addressesV6": self.addresses_v6,
            }
        )
