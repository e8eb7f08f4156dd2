"""RAM 2015-05-01: GetRole, CreateRole, ListRoles, ListPoliciesForRole, AttachPolicyToRole."""

from __future__ import annotations

import json
import re

from tui_export.sim import rules
from tui_export.sim.rpc.errors import RpcError, missing
from tui_export.sim.rpc.server import RpcCall, RpcService
from tui_export.sim.world import Role, World, second_time

VERSION = "2015-05-01"
_ROLE_NAME_RE = re.compile(r"[A-Za-z0-9.-]+")

# System policies the sim knows (AttachPolicyToRole refuses other System names).
SYSTEM_POLICIES = {
    rules.EXPORT_ROLE_POLICY: "Default policy for the ECS image export role.",
    "AliyunECSImageImportRolePolicy": "Default policy for the ECS image import role.",
    "AdministratorAccess": "Full access to all cloud resources.",
    "AliyunOSSFullAccess": "Full access to OSS.",
    "AliyunOSSReadOnlyAccess": "Read-only access to OSS.",
    "AliyunECSFullAccess": "Full access to ECS.",
    "AliyunECSReadOnlyAccess": "Read-only access to ECS.",
    "AliyunRAMFullAccess": "Full access to RAM.",
    "AliyunSTSAssumeRoleAccess": "Permission to call STS AssumeRole.",
}


def ram_service(world: World) -> RpcService:
    api = RamApi(world)
    return RpcService("Ram", VERSION, "ram.aliyuncs.com", {
        "GetRole": api.get_role,
        "CreateRole": api.create_role,
        "ListRoles": api.list_roles,
        "ListPoliciesForRole": api.list_policies_for_role,
        "AttachPolicyToRole": api.attach_policy_to_role,
    }, denied_code="NoPermission")


def _role_name(call: RpcCall) -> str:
    name = call.get("RoleName")
    if not name:
        raise missing("RoleName")
    if len(name) > 64:
        raise RpcError("InvalidParameter.RoleName.Length")
    if not _ROLE_NAME_RE.fullmatch(name):
        raise RpcError("InvalidParameter.RoleName.InvalidChars")
    return name


class RamApi:
    def __init__(self, world: World) -> None:
        self.world = world

    def role_fields(self, role: Role) -> dict:
        return {
            "RoleName": role.name, "RoleId": role.role_id, "Description": role.description,
            "Arn": f"acs:ram::{self.world.account.account_id}:role/{role.name}",
            "AssumeRolePolicyDocument": role.trust_policy, "MaxSessionDuration": role.max_session_duration,
            "CreateDate": second_time(role.created), "UpdateDate": second_time(role.created),
        }

    def _role(self, name: str) -> Role:
        role = self.world.roles.get(name)
        if role is None:
            raise RpcError("EntityNotExist.Role", name)
        return role

    def get_role(self, call: RpcCall) -> dict:
        name = _role_name(call)
        with self.world.lock:
            return {"Role": self.role_fields(self._role(name))}

    def create_role(self, call: RpcCall) -> dict:
        name = _role_name(call)
        document = call.get("AssumeRolePolicyDocument")
        if not document:
            raise missing("AssumeRolePolicyDocument")
        try:
            parsed = json.loads(document)
            if not isinstance(parsed, dict) or not isinstance(parsed.get("Statement"), list):
                raise ValueError("a policy needs a Statement list")
        except ValueError as exc:
            raise RpcError("MalformedPolicyDocument", str(exc)) from None
        description = call.get("Description")
        if len(description) > 1024:
            raise RpcError("InvalidParameter", "Description")
        try:
            duration = int(call.get("MaxSessionDuration") or 3600)
        except ValueError:
            raise RpcError("InvalidParameter", "MaxSessionDuration") from None
        if not 3600 <= duration <= 43200:
            raise RpcError("InvalidParameter", "MaxSessionDuration")
        with self.world.lock:
            if name in self.world.roles:
                raise RpcError("EntityAlreadyExists.Role")
            role = Role(name, document, description, max_session_duration=duration)
            self.world.roles[name] = role
            return {"Role": self.role_fields(role)}

    def list_roles(self, call: RpcCall) -> dict:
        with self.world.lock:
            roles = [self.role_fields(r) for r in sorted(self.world.roles.values(), key=lambda r: r.name)]
        for role in roles:
            del role["AssumeRolePolicyDocument"]
        return {"IsTruncated": False, "Roles": {"Role": roles}}

    def list_policies_for_role(self, call: RpcCall) -> dict:
        name = _role_name(call)
        with self.world.lock:
            role = self._role(name)
            policies = [{
                "PolicyName": policy, "PolicyType": kind, "DefaultVersion": "v1",
                "Description": SYSTEM_POLICIES.get(policy, ""), "AttachDate": second_time(role.created),
            } for policy, kind in role.policies]
        return {"Policies": {"Policy": policies}}

    def attach_policy_to_role(self, call: RpcCall) -> dict:
        kind = call.get("PolicyType")
        if not kind:
            raise missing("PolicyType")
        if kind not in ("System", "Custom"):
            raise RpcError("InvalidParameter.PolicyType")
        policy = call.get("PolicyName")
        if not policy:
            raise missing("PolicyName")
        name = _role_name(call)
        with self.world.lock:
            role = self._role(name)
            known = SYSTEM_POLICIES if kind == "System" else self.world.custom_policies
            if policy not in known:
                raise RpcError("EntityNotExist.Policy", policy)
            if (policy, kind) in role.policies:
                raise RpcError("EntityAlreadyExists.Role.Policy")
            role.policies.append((policy, kind))
        return {}
