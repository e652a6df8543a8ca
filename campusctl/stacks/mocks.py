"""Pulumi mocks that stand in for the engine and the providers offline.

:class:`PlanMocks` returns resource registrations and invoke results with
deterministic values (ids derived from the type and name, placeholder PEM
blocks for keys and certificates), so a plan is byte-identical across runs.
:class:`CapturingMonitor` records every registration with its parent and
dependencies, which ``pulumi.runtime.MockResourceArgs`` does not carry.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from pulumi.runtime import MockCallArgs, MockResourceArgs, Mocks, rpc
from pulumi.runtime.mocks import MockMonitor

_ID_NAMESPACE = uuid.UUID("5d1f7a0e-4c44-4f0e-9a4e-440000000000")

#: Text shown in plans in place of a secret value.
SECRET_MARK = "[secret]"
#: Text shown in plans in place of a value only known after deployment.
UNKNOWN_MARK = "[unknown]"


def mock_id(kind: str, name: str) -> str:
    """Return a stable UUID-shaped id for the resource or invoke result ``kind``/``name``."""
    return str(uuid.uuid5(_ID_NAMESPACE, f"{kind}::{name}"))


def _pem(label: str, name: str) -> str:
    return f"-----BEGIN {label}-----\nMOCK {name}\n-----END {label}-----\n"


def _tls_outputs(typ: str, name: str) -> dict[str, Any]:
    if typ == "tls:index/privateKey:PrivateKey":
        return {
            "privateKeyPem": _pem("PRIVATE KEY", name),
            "privateKeyPemPkcs8": _pem("PRIVATE KEY", name),
            "publicKeyPem": _pem("PUBLIC KEY", name),
            "publicKeyFingerprintSha256": "SHA256:" + mock_id("fingerprint", name),
        }
    if typ == "tls:index/certRequest:CertRequest":
        return {"certRequestPem": _pem("CERTIFICATE REQUEST", name)}
    if typ in (
        "tls:index/selfSignedCert:SelfSignedCert",
        "tls:index/locallySignedCert:LocallySignedCert",
    ):
        return {
            "certPem": _pem("CERTIFICATE", name),
            "validityStartTime": "2027-01-01T00:00:00Z",
            "readyForRenewal": False,
        }
    return {}


class PlanMocks(Mocks):
    """Deterministic results for every resource and invoke the stacks use."""

    def new_resource(self, args: MockResourceArgs) -> tuple[str | None, dict[Any, Any]]:
        """Return a stable id and the inputs plus the computed outputs the programs read."""
        outputs: dict[str, Any] = dict(args.inputs)
        outputs.update(_tls_outputs(args.typ, args.name))
        if args.typ == "keycloak:index/realm:Realm":
            return str(args.inputs.get("realm", args.name)), outputs
        if args.typ == "keycloak:index/group:Group":
            outputs.setdefault("path", "/" + str(args.inputs.get("name", args.name)))
        return mock_id(args.typ, args.name), outputs

    def call(self, args: MockCallArgs) -> tuple[dict[Any, Any], list[tuple[str, str]]]:
        """Return the id and name of a looked-up network, image, flavor or Barbican container."""
        name = str(args.args.get("name", ""))
        if args.token in (
            "openstack:networking/getNetwork:getNetwork",
            "openstack:images/getImage:getImage",
            "openstack:compute/getFlavor:getFlavor",
        ):
            return {"id": mock_id(args.token, name), "name": name}, []
        if args.token == "openstack:keymanager/getContainer:getContainer":
            container_id = mock_id(args.token, name)
            return {
                "id": container_id,
                "name": name,
                "containerRef": f"https://key-manager.invalid/v1/containers/{container_id}",
            }, []
        return {}, []


@dataclass(slots=True)
class Registration:
    """One resource registration as the engine would receive it."""

    urn: str
    type: str
    name: str
    custom: bool
    parent: str
    dependencies: list[str]
    protect: bool
    inputs: dict[str, Any]
    property_dependencies: dict[str, list[str]] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)


class CapturingMonitor(MockMonitor):
    """A mock monitor that records registrations, their parents and dependencies."""

    def __init__(self, mocks: Mocks) -> None:
        super().__init__(mocks)
        self.registrations: dict[str, Registration] = {}

    def RegisterResource(self, request: Any) -> Any:
        """Register the resource with the mocks and record what was sent."""
        response = super().RegisterResource(request)  # type: ignore[no-untyped-call]
        if request.type == "pulumi:pulumi:Stack":
            return response
        self.registrations[response.urn] = Registration(
            urn=response.urn,
            type=request.type,
            name=request.name,
            custom=bool(request.custom),
            parent=request.parent,
            dependencies=sorted(set(request.dependencies)),
            protect=bool(request.protect),
            inputs=rpc.deserialize_properties(request.object, keep_unknowns=True),
            property_dependencies={
                key: sorted(set(deps.urns))
                for key, deps in sorted(request.propertyDependencies.items())
            },
        )
        return response

    def RegisterResourceOutputs(self, request: Any) -> Any:
        """Record the outputs a component registers with ``register_outputs``."""
        registration = self.registrations.get(request.urn)
        if registration is not None:
            registration.outputs = rpc.deserialize_properties(request.outputs, keep_unknowns=True)
        return super().RegisterResourceOutputs(request)  # type: ignore[no-untyped-call]
