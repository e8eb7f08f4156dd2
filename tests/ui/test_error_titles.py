"""What the user reads first says where a failure happened: the cloud's refusal, a cloud
that never answered, or this computer — never one dressed as another (ui/errors.py)."""

import pytest

from tui_export.cloud.errors import CloudError
from tui_export.ui.errors import describe


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_where_it_happened_is_in_the_title(lang):
    from tui_export.core.i18n import t

    refused = describe(CloudError("NoSuchBucket", "gone", 404, "REQ-1"), lang)
    assert refused.title == t("error.title.cloud", lang) and refused.request_id == "REQ-1"
    silent = describe(CloudError("Timeout", "read timed out", ambiguous=True), lang)
    assert silent.title == t("error.title.network", lang)
    local = describe(CloudError("ClientError", "The bucket_name is invalid", local=True), lang)
    assert local.title == t("error.title.local", lang)
    assert not any("RequestId" in line for line in local.lines(lang))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_file_problem_here_is_not_a_network_problem(lang, tmp_path):
    from tui_export.core.i18n import t

    try:
        (tmp_path / "missing" / "f").open("w")
    except OSError as exc:
        view = describe(exc, lang)
    assert view.title == t("error.title.local", lang)
    assert str(tmp_path / "missing" / "f") in view.what
    assert view.what != t("error.network.what", lang)
    assert describe(ConnectionRefusedError(111, "Connection refused"), lang).title == t("error.title.network", lang)
