"""What the doctor found: one `Check` per line, and the whole `Report` (its JSON shape is a contract)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from tui_export.core.i18n import t


@dataclass(frozen=True)
class Check:
    """`ok`: True fine, False must be fixed, None not checked or asked when needed."""
    name: str                 # stable id: "credentials", "clock", "ecs:ExportImage", "oss.public_endpoint"...
    ok: bool | None
    detail: str               # in the report's language
    label: str = ""           # the line's title in the report's language
    missing_action: str = ""  # the RAM action this check found denied

    def as_json(self) -> dict:
        return {"name": self.name, "ok": self.ok, "detail": self.detail}


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)
    policy: dict | None = None
    identity_arn: str = ""
    lang: str = "en"

    @property
    def missing_actions(self) -> list[str]:
        seen: list[str] = []
        for check in self.checks:
            if check.missing_action and check.missing_action not in seen:
                seen.append(check.missing_action)
        return seen

    @property
    def healthy(self) -> bool:
        """Nothing missing: no check failed (None means not checked or asked when needed)."""
        return all(c.ok is not False for c in self.checks)

    @property
    def exit_code(self) -> int:
        return 0 if self.healthy else 3

    def as_json(self) -> dict:
        return {"checks": [c.as_json() for c in self.checks], "missing_actions": self.missing_actions,
                "policy": self.policy}

    def policy_text(self) -> str:
        return json.dumps(self.policy, indent=2) if self.policy else ""

    def lines(self) -> list[str]:
        """The report for a terminal or a screen: one line per check, then the policy with its text."""
        out = []
        for c in self.checks:
            mark = "✓" if c.ok else "✗" if c.ok is False else "·"
            out.append(f"{mark} {c.label or c.name}: {c.detail}")
        out.append("")
        out.append(t("doctor.all_good" if self.healthy else "doctor.something_wrong", self.lang))
        if self.missing_actions:
            out.append(t("doctor.missing", self.lang, actions=", ".join(self.missing_actions)))
        if self.policy:
            who = self.identity_arn or t("doctor.this_identity", self.lang)
            out.append(t("doctor.policy_intro", self.lang, who=who))
            out.append(self.policy_text())
        return out
