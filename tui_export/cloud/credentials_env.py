"""Credentials from environment variables (ALIBABA_CLOUD_ACCESS_KEY_ID and its cousins)."""

from __future__ import annotations

from collections.abc import Mapping

from tui_export.cloud.credential_errors import IncompleteCredentials
from tui_export.cloud.credential_values import Credentials, ResolvedCredentials, StaticProvider

# (id, secret, token, region names) per family, first complete family wins.
ENV_FAMILIES: tuple[tuple[str, str, str | None, tuple[str, ...]], ...] = (
    ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN",
     ("ALIBABA_CLOUD_REGION_ID", "ALIBABA_CLOUD_REGION")),
    ("ALIBABACLOUD_ACCESS_KEY_ID", "ALIBABACLOUD_ACCESS_KEY_SECRET", "ALIBABACLOUD_SECURITY_TOKEN",
     ("ALIBABACLOUD_REGION_ID", "ALIBABACLOUD_REGION")),
    ("ALICLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY_SECRET", "ALICLOUD_SECURITY_TOKEN",
     ("ALICLOUD_REGION_ID", "ALICLOUD_REGION")),
    ("ALIYUN_ACCESS_KEY_ID", "ALIYUN_ACCESS_KEY_SECRET", None, ()),
    # Terraform's provider names.
    ("ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN", ("ALICLOUD_REGION",)),
)
_ANY_REGION = tuple(r for fam in ENV_FAMILIES for r in fam[3])


def from_env(env: Mapping[str, str]) -> ResolvedCredentials | None:
    for id_var, secret_var, token_var, region_vars in ENV_FAMILIES:
        has_id, has_secret = bool(env.get(id_var)), bool(env.get(secret_var))
        if not (has_id or has_secret):
            continue
        if not (has_id and has_secret):
            missing = secret_var if has_id else id_var
            present = id_var if has_id else secret_var
            raise IncompleteCredentials(f"{present} is set but {missing} is not", variable=missing)
        region = next((env[r] for r in region_vars + _ANY_REGION if env.get(r)), None)
        creds = Credentials(env[id_var], env[secret_var],
                            (env.get(token_var) or None) if token_var else None, region)
        used = (id_var, secret_var) + ((token_var,) if token_var and env.get(token_var) else ())
        return ResolvedCredentials(("source.env", {"variable": id_var}), StaticProvider(creds), "environment",
                                   region_id=region, variables=used)
    return None
