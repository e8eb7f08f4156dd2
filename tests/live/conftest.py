"""The opt-in suite against a real account: `TUI_EXPORT_LIVE=1` and real credentials (the app's
own chain: environment, aliyun CLI profile, a saved profile via TUI_EXPORT_LIVE_PROFILE).

Read-only calls and DryRun only. The session handed to the tests refuses every call that could
change the account (export without DryRun, cancel, role or bucket creation) before it is sent.
Optional: TUI_EXPORT_LIVE_REGION (default cn-hangzhou), TUI_EXPORT_LIVE_BUCKET (a bucket of yours
in that region, for the OSS checks), TUI_EXPORT_LIVE_IMAGE (a custom image there, for the DryRun).
"""

from __future__ import annotations

import os

import pytest

LIVE = os.environ.get("TUI_EXPORT_LIVE") == "1"
SKIP_REASON = ("the live suite runs only with TUI_EXPORT_LIVE=1 and real credentials "
               "(README: 'Check it against your own account first')")
REGION = os.environ.get("TUI_EXPORT_LIVE_REGION") or "cn-hangzhou"
BUCKET = os.environ.get("TUI_EXPORT_LIVE_BUCKET") or ""
IMAGE = os.environ.get("TUI_EXPORT_LIVE_IMAGE") or ""

_CHANGES = ("create_bucket", "ensure_role", "cancel")


class ChangesRefused(AssertionError):
    pass


@pytest.fixture(scope="session")
def live_credentials():
    if not LIVE:
        pytest.skip(SKIP_REASON)
    from tui_export.cloud.credentials import resolve

    found = resolve(os.environ.get("TUI_EXPORT_LIVE_PROFILE") or None)
    if not found:
        from tui_export.core.i18n import t_all

        # `checked` holds catalogue keys with values (NoCredentials), worded here as the doctor does
        pytest.skip("TUI_EXPORT_LIVE=1 but no credentials were found (checked: "
                    + (t_all(getattr(found, "checked", ()), "en") or "-") + ")")
    return found


def refuse_changes(session):
    """`session` with every call that could change the account refused before it is sent: the
    session's own (export without DryRun, cancel, role or bucket creation) and the services'
    under them (a test or the doctor reaching session.ram / .ecs / .oss directly)."""
    def refused(name):
        def call(*args, **kwargs):
            raise ChangesRefused(f"the live suite never calls {name}")
        return call

    for name in _CHANGES:
        setattr(session, name, refused(name))
    for service, names in ((session.ram, ("create_role", "attach_policy", "ensure")),
                           (session.ecs, ("cancel_once",)), (session.oss, ("create_bucket",))):
        for name in names:
            setattr(service, name, refused(f"{type(service).__name__}.{name}"))
    real_export, real_export_once = session.export, session.ecs.export_once

    def dry_run_only(request, dry_run=False):
        if not dry_run:
            raise ChangesRefused("the live suite never starts an export (DryRun only)")
        return real_export(request, dry_run=True)

    def export_once_dry_run_only(request, *, dry_run=False):
        if not dry_run:
            raise ChangesRefused("the live suite never starts an export (DryRun only)")
        return real_export_once(request, dry_run=True)

    session.export = dry_run_only
    session.ecs.export_once = export_once_dry_run_only
    return session


@pytest.fixture(scope="session")
def live_session(live_credentials):
    """A CloudSession on the real account that refuses, before sending, anything that changes it."""
    from tui_export.cloud.session import CloudSession

    return refuse_changes(CloudSession(live_credentials, default_region=REGION))
