"""RAM (2015-05-01) through aliyunsdkcore's CommonRequest: the export role.

ECS writes the exported files with the role AliyunECSImageExportDefaultRole, which
must trust ecs.aliyuncs.com and carry AliyunECSImageExportRolePolicy (docs/api.md, "The export role").
`ensure_role` is idempotent (cloudmux's flow): GetRole -> CreateRole on
EntityNotExist.Role -> ListPoliciesForRole -> AttachPolicyToRole if missing;
"already exists" answers count as success (two app instances may race).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable

from tui_export.cloud.errors import CloudError
from tui_export.core.models import EXPORT_ROLE_NAME, RoleState
from tui_export.core.rules import EXPORT_ROLE_POLICY, EXPORT_ROLE_TRUST_POLICY, EXPORT_ROLE_TRUSTED_SERVICE

RAM_VERSION = "2015-05-01"
POLICY_TYPE = "System"
ROLE_DESCRIPTION = "ECS uses this role to write exported images to OSS (created by tui-export)."
NEEDED_PERMISSIONS = ("ram:GetRole", "ram:CreateRole", "ram:ListPoliciesForRole", "ram:AttachPolicyToRole")

# call(request_factory, operation, *, retry=True) -> dict
RamCall = Callable[..., dict]


def common_request(action: str, **params):
    from aliyunsdkcore.request import CommonRequest
    r = CommonRequest(version=RAM_VERSION, action_name=action, product="Ram")
    r.set_method("POST")
    r.set_accept_format("json")
    for key, value in params.items():
        r.add_query_param(key, value)
    return r


def trusts_ecs(document: str | dict | None) -> bool:
    """Does the trust policy let the ECS service assume the role?"""
    if not document:
        return False
    try:
        doc = json.loads(document) if isinstance(document, str) else document
    except ValueError:
        return False
    for st in doc.get("Statement", []) or []:
        if (st.get("Effect") or "Allow") != "Allow":
            continue
        actions = st.get("Action")
        actions = [actions] if isinstance(actions, str) else (actions or [])
        if not any(a in ("sts:AssumeRole", "sts:*", "*") for a in actions):
            continue
        services = (st.get("Principal") or {}).get("Service") or []
        services = [services] if isinstance(services, str) else services
        if EXPORT_ROLE_TRUSTED_SERVICE in services:
            return True
    return False


@dataclass(frozen=True)
class RoleCheck:
    state: RoleState
    exists: bool = False
    trusts_ecs: bool = False
    policy_attached: bool = False
    arn: str = ""
    policies: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanStep:
    action: str                      # "CreateRole" | "AttachPolicyToRole"
    params: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class RolePlan:
    """What ensure_role() would do, for the UI's confirmation text."""
    role_name: str
    state: RoleState
    steps: tuple[PlanStep, ...]
    trust_policy: str = EXPORT_ROLE_TRUST_POLICY
    policy: str = f"{POLICY_TYPE}/{EXPORT_ROLE_POLICY}"
    permissions: tuple[str, ...] = NEEDED_PERMISSIONS
    trust_ok: bool = True            # False: the role exists but doesn't trust ECS (we won't rewrite it)

    @property
    def nothing_to_do(self) -> bool:
        return not self.steps and self.trust_ok

    def message_lines(self) -> tuple[tuple[str, dict], ...]:
        """The plan for the confirmation text, as (catalogue key, values) per line: the
        cloud layer says what, the UI and the headless commands word it (core/messages_ui_export.py).
        A `role_plan.step.*` line is one step of the plan."""
        role = {"role": self.role_name, "service": EXPORT_ROLE_TRUSTED_SERVICE}
        if not self.trust_ok:
            return (("role_plan.trust_mismatch", role),)
        if not self.steps:
            return (("role_plan.in_place", role),)
        values = {**role, "policy": EXPORT_ROLE_POLICY}
        return (("role_plan.head", {}),
                *((f"role_plan.step.{step.action}", values) for step in self.steps),
                ("role_plan.needs", {"permissions": ", ".join(self.permissions)}))


class RamService:
    def __init__(self, call: RamCall, role_name: str = EXPORT_ROLE_NAME) -> None:
        self._call = call
        self.role_name = role_name

    # --- raw calls ----------------------------------------------------------------
    def get_role(self) -> dict | None:
        """The Role dict, or None when it doesn't exist."""
        try:
            body = self._call(lambda: common_request("GetRole", RoleName=self.role_name), "GetRole")
        except CloudError as err:
            if err.code.startswith("EntityNotExist.Role"):
                return None
            raise
        return body.get("Role") or {}

    def policies(self) -> list[str]:
        body = self._call(lambda: common_request("ListPoliciesForRole", RoleName=self.role_name),
                          "ListPoliciesForRole")
        from tui_export.cloud.ecs import items
        return [f"{p.get('PolicyType', '')}/{p.get('PolicyName', '')}"
                for p in items(body.get("Policies"), "Policy")]

    def create_role(self) -> None:
        try:
            # safe to retry: after a lost answer the retry says "already exists", which is success
            self._call(lambda: common_request("CreateRole", RoleName=self.role_name,
                                              AssumeRolePolicyDocument=EXPORT_ROLE_TRUST_POLICY,
                                              Description=ROLE_DESCRIPTION), "CreateRole")
        except CloudError as err:
            if not err.code.startswith("EntityAlreadyExists"):
                raise

    def attach_policy(self) -> None:
        try:
            self._call(lambda: common_request("AttachPolicyToRole", PolicyType=POLICY_TYPE,
                                              PolicyName=EXPORT_ROLE_POLICY, RoleName=self.role_name),
                       "AttachPolicyToRole")
        except CloudError as err:
            if not err.code.startswith("EntityAlreadyExists"):
                raise

    # --- what the facade offers ---------------------------------------------------------
    def check(self) -> RoleCheck:
        role = self.get_role()
        if role is None:
            return RoleCheck(RoleState.MISSING)
        trust = trusts_ecs(role.get("AssumeRolePolicyDocument"))
        policies = tuple(self.policies())
        attached = f"{POLICY_TYPE}/{EXPORT_ROLE_POLICY}" in policies
        state = RoleState.PRESENT if (trust and attached) else RoleState.POLICY_MISSING
        return RoleCheck(state, True, trust, attached, role.get("Arn", "") or "", policies)

    def plan(self, check: RoleCheck | None = None) -> RolePlan:
        check = check or self.check()
        steps: list[PlanStep] = []
        if not check.exists:
            steps.append(PlanStep("CreateRole", {"RoleName": self.role_name,
                                                 "AssumeRolePolicyDocument": EXPORT_ROLE_TRUST_POLICY}))
        if not check.policy_attached:
            steps.append(PlanStep("AttachPolicyToRole", {"PolicyType": POLICY_TYPE, "PolicyName": EXPORT_ROLE_POLICY,
                                                         "RoleName": self.role_name}))
        return RolePlan(self.role_name, check.state, tuple(steps), trust_ok=not check.exists or check.trusts_ecs)

    def ensure(self) -> RoleState:
        check = self.check()
        if check.exists and not check.trusts_ecs:
            # We don't rewrite a trust policy someone else wrote: say what's wrong instead.
            raise CloudError("RoleTrustPolicyMismatch",
                             f"The role {self.role_name} does not trust {EXPORT_ROLE_TRUSTED_SERVICE}.",
                             retryable=False, operation="GetRole")
        if not check.exists:
            self.create_role()
        if not check.policy_attached:
            self.attach_policy()
        # no re-check: RAM reads may lag a moment behind writes; every step above either
        # succeeded or was found already done
        return RoleState.PRESENT
