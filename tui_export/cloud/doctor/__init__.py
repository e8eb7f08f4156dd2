"""The pre-flight check: everything that would stop an export or a download, found before it starts.

`run_doctor(session, ...)` probes credentials, the clock, each permission the flow needs (read-only
calls and a DryRun: it never changes anything), the export role, the OSS endpoints and this computer,
and returns a `Report` with the smallest RAM policy granting what is missing (docs/doctor.md).
"""

from tui_export.cloud.doctor.policy import minimal_policy
from tui_export.cloud.doctor.report import Check, Report
from tui_export.cloud.doctor.run import DoctorOptions, run_doctor

__all__ = ["Check", "DoctorOptions", "Report", "minimal_policy", "run_doctor"]
