"""A RAM refusal is explained by what was denied and the action to grant, and offers the doctor
(en and zh); an OSS AccessDenied that is no permission problem is not worded as one."""

from __future__ import annotations

import pytest

from tui_export.core.explain import explain, is_permission_denial, permission_for


@pytest.mark.parametrize("code, operation, action", [
    ("Forbidden.RAM", "DescribeRegions", "ecs:DescribeRegions"),
    ("Forbidden.RAM", "CancelTask", "ecs:CancelTask"),
    ("NoPermission", "AttachPolicyToRole", "ram:AttachPolicyToRole"),
    ("AccessDenied", "download", "oss:GetObject"),
    ("AccessDenied", "DeleteObject", "oss:DeleteObject"),           # cleanup
    ("AccessDenied", "DeleteMultipleObjects", "oss:DeleteObject"),
    ("AccessDenied", "GetBucketInfo", "oss:GetBucketInfo"),
])
def test_a_denial_names_the_operation_the_action_and_the_doctor(code, operation, action):
    assert permission_for(code, operation) == action
    what, nxt = explain(code, "en", operation=operation)
    shown = "GetObject" if operation == "download" else operation
    assert shown in what and action in what and action in nxt
    assert "tui-export doctor" in nxt and "Check my setup" in nxt
    what_zh, nxt_zh = explain(code, "zh", operation=operation)
    assert action in what_zh and "检查我的配置" in nxt_zh


def test_access_denied_for_a_region_mix_up_or_an_expired_link_is_no_permission_problem():
    endpoint = "The bucket you are attempting to access must be addressed using the specified endpoint."
    assert not is_permission_denial("AccessDenied", endpoint)
    assert "region" in explain("AccessDenied", "en", endpoint, "GetObject")[0]
    assert not is_permission_denial("AccessDenied", "Request has expired.")
    assert is_permission_denial("AccessDenied", "You have no right to access this object because of bucket acl.")
    assert is_permission_denial("Forbidden.RAM") and is_permission_denial("NoPermission")
    assert not is_permission_denial("InvalidAccessKeyId.NotFound")
