"""STS 2015-04-01 AssumeRole and GetCallerIdentity (on the RAM port), and the ECS metadata
service's RAM credentials."""

from __future__ import annotations

import json
import re
import time

from tui_export.sim.keys import KeyRegistry
from tui_export.sim.rpc.errors import RpcError, invalid, missing
from tui_export.sim.rpc.server import RpcCall, RpcService
from tui_export.sim.world import World, second_time

VERSION = "2015-04-01"
_ARN_RE = re.compile(r"acs:ram::(\d+):role/([A-Za-z0-9.-]+)")
METADATA_ROOT = "/latest/meta-data/ram/security-credentials/"


def sts_service(world: World, keys: KeyRegistry, users=None) -> RpcService:
    assumed: dict[str, tuple[str, str]] = {}   # STS key id -> (role ARN with session, role id)

    def get_caller_identity(call: RpcCall) -> dict:
        """Who signed: the account itself, one of the scenario's RAM users, or an assumed role."""
        account = world.account.account_id
        user = users.of_key(call.key.access_key_id) if users is not None else None
        if user is not None:
            return {"AccountId": account, "UserId": user.user_id, "PrincipalId": user.user_id,
                    "Arn": user.arn(account), "IdentityType": "RAMUser"}
        if call.key.token is not None:
            arn, role_id = assumed.get(call.key.access_key_id) or (
                f"acs:ram::{account}:assumed-role/{world.metadata_role}/instance", "300000000000000000:instance")
            return {"AccountId": account, "UserId": role_id, "PrincipalId": role_id,
                    "Arn": arn.replace(":role/", ":assumed-role/"), "IdentityType": "AssumedRoleUser",
                    "RoleId": role_id.partition(":")[0]}
        return {"AccountId": account, "UserId": account, "PrincipalId": account,
                "Arn": f"acs:ram::{account}:root", "IdentityType": "Account"}

    def assume_role(call: RpcCall) -> dict:
        arn = call.get("RoleArn")
        if not arn:
            raise missing("RoleArn")
        if not call.get("RoleSessionName"):
            raise missing("RoleSessionName")
        match = _ARN_RE.fullmatch(arn)
        if not match:
            raise invalid("RoleArn")
        account, role_name = match.groups()
        try:
            ttl = int(call.get("DurationSeconds") or 3600)
        except ValueError:
            raise invalid("DurationSeconds") from None
        if not 900 <= ttl <= 43200:
            raise invalid("DurationSeconds")
        with world.lock:
            # RAM role names are case-insensitive in ARNs (GetRole's Arn is lower case).
            role = next((r for r in world.roles.values() if r.name.lower() == role_name.lower()), None)
            if role is None or account != world.account.account_id:
                raise RpcError("EntityNotExist.Role", arn)
        record = keys.issue_sts(ttl)
        session = call.get("RoleSessionName")
        assumed[record.access_key_id] = (f"{arn}/{session}", f"{role.role_id}:{session}")
        return {
            "AssumedRoleUser": {"Arn": f"{arn}/{session}", "AssumedRoleId": f"{role.role_id}:{session}"},
            "Credentials": {
                "AccessKeyId": record.access_key_id, "AccessKeySecret": record.secret,
                "SecurityToken": record.token, "Expiration": second_time(record.expires_at),
            },
        }

    return RpcService("Sts", VERSION, "sts.aliyuncs.com",
                      {"AssumeRole": assume_role, "GetCallerIdentity": get_caller_identity},
                      denied_code="NoPermission")


class MetadataService:
    """GET /latest/meta-data/ram/security-credentials/[<role>], as 100.100.100.200 serves it."""

    def __init__(self, world: World, keys: KeyRegistry, ttl_s: float = 6 * 3600) -> None:
        self.world = world
        self.keys = keys
        self.ttl_s = ttl_s
        self._current = None

    def __call__(self, path: str):
        if not path.startswith(METADATA_ROOT.rstrip("/")):
            return None
        role = self.world.metadata_role
        rest = path[len(METADATA_ROOT):] if path.startswith(METADATA_ROOT) else ""
        if not rest:
            return 200, role.encode(), "text/plain"
        if rest.strip("/") != role:
            return 404, b"Not Found", "text/plain"
        record = self._current
        if record is None or record.expires_at - time.time() < self.ttl_s / 2:
            record = self._current = self.keys.issue_sts(self.ttl_s)
        body = {
            "AccessKeyId": record.access_key_id, "AccessKeySecret": record.secret,
            "SecurityToken": record.token, "Expiration": second_time(record.expires_at),
            "LastUpdated": second_time(time.time()), "Code": "Success",
        }
        return 200, json.dumps(body).encode(), "application/json"
