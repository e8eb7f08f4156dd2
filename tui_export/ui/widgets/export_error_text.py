"""One cloud refusal as plain lines for an inline error area: code, what it means,
the next step, and the RequestId support will ask for.

app.show_error is the app-wide place for errors; a dialog that keeps its form
open after a refusal (DryRun, bucket creation) also shows it inline, next to the
fields the user will fix, with these lines.
"""

from __future__ import annotations

from tui_export.core.i18n import t


def is_cloud_error(exc: BaseException) -> bool:
    try:
        from tui_export.cloud.errors import CloudError
    except ImportError:  # the cloud layer not there yet: recognise it by shape
        return hasattr(exc, "code") and hasattr(exc, "request_id")
    return isinstance(exc, CloudError)


def cloud_error_lines(exc: BaseException, lang: str) -> list[str]:
    """["ImageIsExporting: An export of this image is already running.", "Next: ...", "RequestId: ..."]."""
    code = getattr(exc, "code", "") or type(exc).__name__
    message = getattr(exc, "message", "") or str(exc)
    what, next_step = message, ""
    explain = getattr(exc, "explain", None)
    if callable(explain):
        try:
            what, next_step = explain(lang)
        except Exception:  # an explanation must never hide the error itself
            pass
    lines = [f"{code}: {what or message}"]
    if next_step:
        lines.append(t("export_form.next_step", lang, step=next_step))
    request_id = getattr(exc, "request_id", "")
    if request_id:
        lines.append(t("export_form.request_id", lang, request_id=request_id))
    return lines
