"""The checklist in order: credentials, account, clock, permissions, export role, OSS endpoints, local."""

from __future__ import annotations

from dataclasses import dataclass

from tui_export.cloud.doctor import local, probes
from tui_export.cloud.doctor.policy import minimal_policy
from tui_export.cloud.doctor.report import Check, Report
from tui_export.core.i18n import t, t_all

# What the flow needs and can be probed without a change, in the order the flow meets them.
PROBED_ACTIONS = ("ecs:DescribeRegions", "ecs:DescribeImages", "ecs:DescribeTasks", "ecs:ExportImage",
                  "ram:GetRole", "oss:ListBuckets", "oss:GetBucketInfo", "oss:GetObject")
# Needed only on some paths, and only provable by doing them.
ASKED_WHEN_NEEDED = ("ram:CreateRole", "ram:AttachPolicyToRole", "ecs:CancelTask")


@dataclass(frozen=True)
class DoctorOptions:
    region: str = ""              # "" = the session's default region
    bucket: str = ""              # "" = the first bucket of the region, if any
    lang: str = "en"
    download_dir: str = ""        # "" = the current directory (the app's default)
    source: str = ""              # where the credentials came from, in words (never the secret)
    key_hint: str = ""            # the masked AccessKey id


def no_credentials_report(checked: tuple[tuple[str, dict], ...], options: DoctorOptions) -> Report:
    """checked: where the credentials were looked for, as catalogue keys with values (NoCredentials.checked)."""
    lang = options.lang
    report = Report(lang=lang)
    report.checks.append(Check("credentials", False,
                               t("doctor.credentials.none", lang, checked=t_all(checked, lang) or "-"),
                               t("doctor.check.credentials", lang)))
    report.checks += _local(options)
    return report


def run_doctor(session, options: DoctorOptions) -> Report:
    lang = options.lang
    region = options.region or session.endpoints.default_region
    report = Report(lang=lang)
    add = report.checks.append
    add(Check("credentials", True, t("doctor.credentials.source", lang, source=options.source or "-",
                                      key_id=options.key_hint or "-"), t("doctor.check.credentials", lang)))
    check, report.identity_arn = probes.account(session, lang)
    add(check)
    add(probes.clock(session, lang))

    add(probes.permission("ecs:DescribeRegions", lambda: session.regions(lang), lang)[0])
    add(probes.permission("ecs:DescribeImages", lambda: session.image_count(region), lang)[0])
    add(probes.permission("ecs:DescribeTasks", lambda: session.ecs.tasks(region), lang)[0])
    check, buckets = probes.permission("oss:ListBuckets", session.buckets, lang)
    bucket = options.bucket or next((b.name for b in buckets or () if b.region_id == region), "")
    bucket_region = next((b.region_id for b in buckets or () if b.name == bucket), region)

    from tui_export.core.models import ExportRequest
    probe = ExportRequest(region, probes.PROBE_IMAGE_ID, bucket or probes.PROBE_BUCKET)
    add(probes.permission("ecs:ExportImage", lambda: session.export(probe, dry_run=True), lang,
                          ok_key="doctor.perm.ok_dry_run", refused_means_allowed=True)[0])
    add(probes.asked_when_needed("ecs:CancelTask", lang))

    role_check, role = probes.permission("ram:GetRole", session.ram.get_role, lang)
    add(role_check)
    for action in ("ram:CreateRole", "ram:AttachPolicyToRole"):
        add(probes.asked_when_needed(action, lang))
    report.checks += _export_role(session, role_check, role, lang)

    add(check)   # oss:ListBuckets, after the ECS and RAM ones (the flow's order)
    report.checks += _bucket_checks(session, bucket, bucket_region, lang)
    report.checks += _local(options)
    report.policy = minimal_policy(report.missing_actions, bucket or None)
    return report


def _export_role(session, role_check: Check, role: dict | None, lang: str) -> list[Check]:
    from tui_export.cloud.ram import trusts_ecs
    from tui_export.core.rules import EXPORT_ROLE_NAME, EXPORT_ROLE_POLICY

    label = t("doctor.check.export_role", lang)
    names = dict(role=EXPORT_ROLE_NAME, policy=EXPORT_ROLE_POLICY)
    if role_check.ok is not True:
        return [Check("export_role", None, t("doctor.role.unknown", lang), label)]
    if role is None:
        return [Check("export_role", None, t("doctor.role.missing", lang, **names), label)]
    out: list[Check] = []
    if not trusts_ecs(role.get("AssumeRolePolicyDocument")):
        return [Check("export_role", False, t("doctor.role.bad_trust", lang, **names), label)]
    # The policy list needs ram:ListPoliciesForRole: probed here, where it is needed.
    policies_check, policies = probes.permission("ram:ListPoliciesForRole", session.ram.policies, lang)
    if policies_check.ok is False:
        out.append(policies_check)
        out.append(Check("export_role", None, t("doctor.role.unknown", lang), label))
        return out
    attached = f"System/{EXPORT_ROLE_POLICY}" in (policies or ())
    out.append(Check("export_role", True if attached else None,
                     t("doctor.role.ok" if attached else "doctor.role.no_policy", lang, **names), label))
    return out


def _bucket_checks(session, bucket: str, region: str, lang: str) -> list[Check]:
    labels = {k: t(f"doctor.check.{k}", lang) for k in ("oss_public", "oss_internal", "oss_cname")}
    if not bucket:
        none = t("doctor.perm.no_bucket", lang)
        return [Check("oss:GetBucketInfo", None, none, t("doctor.check.permission", lang, action="oss:GetBucketInfo")),
                Check("oss:GetObject", None, none, t("doctor.check.permission", lang, action="oss:GetObject")),
                Check("oss.public_endpoint", None, t("doctor.oss.no_bucket", lang), labels["oss_public"])]
    import oss2

    endpoints = session.endpoints
    auth = session._oss_auth_now()
    manage = oss2.Bucket(auth, endpoints.oss_region_url(region, internal=False), bucket)
    out = [probes.permission("oss:GetBucketInfo", probes.guarded(manage.get_bucket_info, "GetBucketInfo"), lang)[0]]
    objects = session.oss_bucket(bucket, region)   # the endpoint downloads will use (CNAME, internal)
    # PublicEndpointForbidden leaves the permission unknown (None); the endpoint line explains it
    out.append(probes.permission("oss:GetObject", probes.head_missing_key(objects), lang)[0])

    public_url = endpoints.oss_region_url(region, internal=False)
    public = oss2.Bucket(auth, public_url, bucket)
    cname = endpoints.cname_for(bucket)
    # objects read through a custom domain or the internal endpoint don't need the public one
    out.append(probes.oss_reach("oss.public_endpoint", labels["oss_public"], public_url, public, bucket, lang,
                                cname_in_use=bool(cname) or endpoints.oss_internal))
    if endpoints.oss_internal:
        url = endpoints.oss_region_url(region, internal=True) if cname else endpoints.oss_object_url(bucket, region)[0]
        internal = oss2.Bucket(auth, url, bucket)
        out.append(probes.oss_reach("oss.internal_endpoint", labels["oss_internal"], url, internal, bucket, lang))
    else:
        out.append(Check("oss.internal_endpoint", None, t("doctor.oss.internal_unused", lang, region=region),
                         labels["oss_internal"]))
    if cname:
        out.append(probes.oss_reach("oss.custom_domain", labels["oss_cname"], cname, objects, bucket, lang))
    else:
        out.append(Check("oss.custom_domain", None, t("doctor.oss.cname_unset", lang), labels["oss_cname"]))
    return out


def _local(options: DoctorOptions) -> list[Check]:
    lang = options.lang
    return [local.keyring(lang), local.crc_speed(lang), local.free_space(options.download_dir, lang)]
