"""The one place errors reach the user.

Every failure (a worker's exception, a refused action) ends here and becomes a
notification — or, for the ones that stop the app from working, a dialog — in
the user's language: what happened, what to do next, the error code and the
RequestId to quote to support. Never a traceback: that goes to the log file.
Cloud text is escaped before it meets markup.
"""

from __future__ import annotations

import errno
import logging
import socket
from dataclasses import dataclass

from rich.markup import escape

from tui_export.core.i18n import t, t_or
from tui_export.ui.app_contract import contract
from tui_export.ui.screens.error_dialog import ErrorDialog

log = logging.getLogger("tui_export.ui")

# Codes of a cloud that never answered: titled as a network problem, not a refusal.
NO_ANSWER_CODES = frozenset({"NetworkError", "Timeout"})

# Codes that mean "this credential doesn't work": a dialog, not a toast.
AUTH_CODES = frozenset({
    "InvalidAccessKeySecret", "InvalidAccessKeyId.NotFound", "InvalidAccessKeyId.Inactive",
    "InvalidAccessKeyId", "SignatureDoesNotMatch", "IncompleteSignature", "Forbidden.AccessKeyDisabled",
    "InvalidSecurityToken.Expired", "InvalidSecurityToken.Malformed", "InvalidSecurityToken",
    "InvalidSecurityToken.MismatchWithAccessKey", "NoCredentials",
})


@dataclass(frozen=True)
class ErrorView:
    """What the user reads about one failure (plain text, not markup)."""
    title: str
    what: str
    next_step: str
    code: str = ""
    request_id: str = ""

    def lines(self, lang: str) -> list[str]:
        out = [self.what]
        if self.next_step:
            out.append(self.next_step)
        ids = []
        if self.code:
            ids.append(t("error.code", lang, code=self.code))
        if self.request_id:
            ids.append(t("error.request_id", lang, request_id=self.request_id))
        if ids:
            out.append("  ".join(ids))
        return out

    def markup(self, lang: str) -> str:
        return "\n".join(escape(line) for line in self.lines(lang))


def describe(exc: BaseException, lang: str) -> ErrorView:
    """Turn any exception into an ErrorView. CloudError explains itself; the rest
    get a generic sentence (their details are in the log, not on screen)."""
    code = getattr(exc, "code", "") or ""
    request_id = getattr(exc, "request_id", "") or ""
    explain = getattr(exc, "explain", None)
    if code and callable(explain):
        try:
            what, next_step = explain(lang)
        except Exception:  # an explanation must never hide the error itself
            log.exception("explain(%s) failed", code)
            what, next_step = str(getattr(exc, "message", "") or code), ""
        # A failure on this computer (nothing was sent) is never titled as the cloud's refusal,
        # nor a cloud that never answered.
        kind = "local" if getattr(exc, "local", False) else "network" if code in NO_ANSWER_CODES else "cloud"
        title = t(f"error.title.{kind}", lang)
        return ErrorView(title, what or code, next_step or "", code, request_id)
    if code.startswith(("credentials.", "secret_store.")):
        # CredentialError: str() is safe to show (no secrets) and names the file/profile;
        # a refused file also says it in the user's language.
        from tui_export.cloud.bad_input import localized

        what = t(code, lang)
        detail = localized(exc, lang)
        if detail and detail != what:
            what = f"{what}\n{detail}"
        return ErrorView(t("error.title.credentials", lang), what, t("cred.next", lang))
    if isinstance(exc, (ConnectionError, TimeoutError, socket.error)) and not _local_os_error(exc):
        return ErrorView(t("error.title.network", lang), t("error.network.what", lang),
                         t("error.network.next", lang), code, request_id)
    if isinstance(exc, OSError):   # a file or folder here (the cloud layer translates its own)
        return ErrorView(t("error.title.local", lang),
                         t("error.local_file.what", lang, detail=exc.strerror or type(exc).__name__,
                           path=exc.filename or "?"),
                         t("error.local_file.next", lang), code, request_id)
    return ErrorView(
        t("error.title.unexpected", lang),
        t("error.unexpected.what", lang, kind=type(exc).__name__),
        t("error.unexpected.next", lang),
        code, request_id,
    )


def is_cloud_error(exc: BaseException) -> bool:
    """The cloud answered with a refusal (its code, meaning and RequestId can be shown)."""
    from tui_export.cloud.errors import CloudError

    return isinstance(exc, CloudError)


def inline_lines(exc: BaseException, lang: str) -> list[str]:
    """The same view as plain lines, for a dialog that keeps its form open after a refusal
    (DryRun, bucket creation) and shows why next to the fields the user will fix."""
    return describe(exc, lang).lines(lang)


def _local_os_error(exc: BaseException) -> bool:
    """An OSError about a file here (socket.error is OSError itself, so look closer)."""
    if isinstance(exc, (ConnectionError, TimeoutError, socket.gaierror, socket.timeout)):
        return False
    return bool(getattr(exc, "filename", None)) or getattr(exc, "errno", None) in (
        errno.EACCES, errno.EPERM, errno.ENOENT, errno.ENOSPC, errno.EROFS, errno.EISDIR, errno.ENOTDIR)


def show_error(app, exc: BaseException, *, context: str = "", dialog: bool | None = None) -> ErrorView:
    """Show `exc` to the user (notification, or a dialog for credential failures)."""
    from tui_export.ui.screens.doctor import DoctorScreen   # the doctor shows errors through here

    lang = contract(app).lang
    view = describe(exc, lang)
    # The traceback goes to the log file only (never stderr, never the screen).
    log.error("error%s: %s %s", f" while {context}" if context else "", type(exc).__name__,
              view.code, exc_info=(type(exc), exc, exc.__traceback__))
    # A RAM refusal, wherever it happens (regions, images, role, export, cancel, download,
    # cleanup): the dialog says what was denied and the action to grant, and offers the doctor.
    denied = _permission_denial(exc, view.code)
    if dialog is None:
        # with the doctor open the refusal is on its list already: a notification is enough
        doctor_open = any(isinstance(s, DoctorScreen) for s in app.screen_stack)
        dialog = view.code in AUTH_CODES or (denied and not doctor_open)
    title = view.title if not context else f"{view.title} — {context}"
    if dialog:
        # Several workers fail on the same bad key at once: one dialog is enough.
        if not any(isinstance(s, ErrorDialog) and s.view.code == view.code for s in app.screen_stack):
            hint = t("error.auth_hint", lang) if view.code in AUTH_CODES and not contract(app).demo else ""
            variables = getattr(contract(app).session, "credential_variables", ()) if hint else ()
            if variables:   # keys from the environment: say which variables to fix or unset
                hint = t("error.auth_env", lang, names=", ".join(variables)) + "\n" + hint
            app.push_screen(ErrorDialog(view, lang, title=title, hint=hint, doctor=denied))
    else:
        app.notify(view.markup(lang), title=escape(title), severity="error", timeout=12)
    return view


def is_denial(exc: BaseException) -> bool:
    """A RAM refusal (the cloud's answer names an action to grant): offer the doctor."""
    return _permission_denial(exc, getattr(exc, "code", "") or "")


def _permission_denial(exc: BaseException, code: str) -> bool:
    from tui_export.core.explain import is_permission_denial

    return bool(code) and callable(getattr(exc, "explain", None)) and is_permission_denial(
        code, getattr(exc, "message", "") or "")


def report_worker_failure(node, event) -> bool:
    """For `on_worker_state_changed` handlers: show a failed worker's error once.

    Returns True when the event was a failure (and was shown)."""
    from textual.worker import WorkerState

    if event.state != WorkerState.ERROR or event.worker.error is None:
        return False
    app = node.app
    # what the app was doing, when the catalogue names that job
    context = t_or(f"job.{event.worker.group}", "", app.lang) if event.worker.group else ""
    show_error(app, event.worker.error, context=context)
    return True

