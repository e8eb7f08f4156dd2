"""The export form's RAM role section: check AliyunECSImageExportDefaultRole, and create
it (or attach its policy) after a confirmation, exactly as the facade's plan says.

A section of ExportForm (ui/screens/export_form.py), not a screen of its own: it is a
ModalScreen subclass only so that Textual collects its `@on` handlers.
"""

from __future__ import annotations

from textual import on, work
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui_export.core import rules
from tui_export.core.i18n import t
from tui_export.core.models import RoleState
from tui_export.ui.screens.confirm import ConfirmDialog


class RoleLoaded(Message):
    def __init__(self, state: RoleState, plan: object) -> None:
        super().__init__()
        self.state = state
        self.plan = plan


def plan_actions(plan, state: RoleState) -> list[str]:
    """The RAM actions ensure_role() will take, from the facade's RolePlan (or the state)."""
    steps = getattr(plan, "steps", None)
    if steps is not None:
        return [getattr(step, "action", str(step)) for step in steps]
    return (["CreateRole"] if state is RoleState.MISSING else []) + ["AttachPolicyToRole"]


def plan_text(plan, lang: str) -> str:
    """The RolePlan's lines (keys and values from cloud/ram.py) in the user's language; steps as bullets."""
    lines = getattr(plan, "message_lines", None)
    if not callable(lines):
        return ""
    return "\n".join(("  • " if key.startswith("role_plan.step.") else "") + t(key, lang, **values)
                     for key, values in lines())


def plan_fixable(plan) -> bool:
    """False when the role exists but trusts someone else: we don't rewrite that policy."""
    return getattr(plan, "trust_ok", True)


class RoleSection(ModalScreen):
    """Needs the form's `role_state`, `role_plan`, `busy`, `_t`, `_ready`, `_update_submit`."""

    @work(thread=True, exclusive=True, exit_on_error=False, group="xf-role", name="role")
    def load_role(self) -> None:
        state = self.session.role_state()
        plan = self.session.describe_role_plan() if state is not RoleState.PRESENT else None
        self.post_message(RoleLoaded(state, plan))

    @work(thread=True, exclusive=True, exit_on_error=False, group="xf-role", name="ensure-role")
    def ensure_role(self) -> None:
        state = self.session.ensure_role()
        self.post_message(RoleLoaded(state, None))

    def on_role_loaded(self, message: RoleLoaded) -> None:
        self.busy = False
        self.role_plan = message.plan
        self._show_role(message.state)
        self._update_submit()
        if self._role_just_created and self._ready():
            # The role was the last thing missing and its button is gone: the
            # keyboard user's next step is the submit button, not the top of the form.
            self.query_one("#xf-submit", Button).focus()
        self._role_just_created = False

    def _show_role(self, state: RoleState | None) -> None:
        self.role_state = state
        label = self.query_one("#xf-role-state", Static)
        button = self.query_one("#xf-ensure-role", Button)
        role = rules.EXPORT_ROLE_NAME
        if state is RoleState.PRESENT:
            label.update(Content(self._t("export_form.role_present", role=role)))
            label.set_classes("-ok")
            button.add_class("-hidden")
            return
        if state is None:
            label.update(Content(self._t("export_form.role_unknown", role=role)))
            label.set_classes("-bad")
            button.label = self._t("export_form.role_retry")
            button.remove_class("-hidden")
            return
        key = "export_form.role_missing" if state is RoleState.MISSING else "export_form.role_policy_missing"
        label.set_classes("-bad")
        if not plan_fixable(self.role_plan):
            # The role trusts another principal: say so, offer nothing we wouldn't do.
            label.update(Content(plan_text(self.role_plan, self.lang)))
            button.add_class("-hidden")
            return
        label.update(Content(self._t(key, role=role, policy=rules.EXPORT_ROLE_POLICY)))
        button.label = Content(self._role_button_label(state))
        button.remove_class("-hidden")

    def _role_button_label(self, state: RoleState) -> str:
        # Exactly what ensure_role() will do, from the facade's plan.
        actions = plan_actions(self.role_plan, state)
        key = "export_form.role_create" if "CreateRole" in actions else "export_form.role_attach"
        return self._t(key, role=rules.EXPORT_ROLE_NAME, policy=rules.EXPORT_ROLE_POLICY)

    def _role_loading(self) -> bool:
        return any(w.group == "xf-role" and w.is_running for w in self.workers)

    @on(Button.Pressed, "#xf-ensure-role")
    def _ensure_role_pressed(self) -> None:
        if self.role_state is None:   # the check failed earlier: try again
            self._show_role_checking()
            self.load_role()
            return
        if self._read_only_refused("create_role"):
            return
        body = "\n".join(line for line in (self._t("export_form.role_confirm_body", role=rules.EXPORT_ROLE_NAME),
                                            plan_text(self.role_plan, self.lang)) if line)
        self.app.push_screen(
            ConfirmDialog(self._t("export_form.role_confirm_title"), body, self._t("export_form.role_confirm_go")),
            self._role_confirmed,
        )

    def _role_confirmed(self, yes: bool | None) -> None:
        if not yes:
            return
        self._role_just_created = True
        self.busy = True
        self._show_role_checking(creating=True)
        self._update_submit()
        self.ensure_role()

    def _show_role_checking(self, *, creating: bool = False) -> None:
        key = "export_form.role_creating" if creating else "export_form.role_checking"
        self.query_one("#xf-role-state", Static).update(Content(self._t(key, role=rules.EXPORT_ROLE_NAME)))
        self.query_one("#xf-ensure-role").add_class("-hidden")
