"""Every flow that can meet a RAM refusal says what was denied, which action to grant, and
offers "Check my setup" — the app on the embedded cloud with limited RAM users, real SDKs."""

from __future__ import annotations

import pytest
from tui_export.ui.screens.confirm import ConfirmDialog
from tui_export.ui.screens.images import ImagesScreen
from tui_export.ui.screens.profiles import ProfilesScreen
from tui_export.ui.screens.signin import SignInScreen
from tui_export.ui.screens.tasks import TasksScreen
from textual.widgets import Button, OptionList

from tui_export.cli import LaunchOptions
from tui_export.cloud.session import CloudSession, StaticCredentials
from tui_export.core.models import ExportRequest
from tui_export.sim import EmbeddedCloud
from tui_export.sim.scenario import load_scenario
from tui_export.ui.screens.error_dialog import ErrorDialog

from tests.ui.conftest import BUCKET_HZ, HZ, IMAGE_EXPORTING, IMAGE_WEB, wait_for

EVERYTHING_BUT = {
    "no-regions": ["ecs:DescribeImages", "ecs:DescribeTasks", "ecs:ExportImage", "ecs:CancelTask", "oss:*", "ram:*"],
    "no-images": ["ecs:DescribeRegions", "ecs:DescribeTasks", "ecs:ExportImage", "ecs:CancelTask", "oss:*", "ram:*"],
    "no-cancel": ["ecs:Describe*", "ecs:ExportImage", "oss:*", "ram:*"],
    "no-create-role": ["ecs:*", "oss:*", "ram:GetRole", "ram:ListPoliciesForRole"],
    "no-list-buckets": ["ecs:*", "ram:*", "oss:GetBucketInfo", "oss:GetObject", "oss:ListObjects"],
    "no-delete": ["ecs:*", "ram:*", "oss:ListBuckets", "oss:GetBucketInfo", "oss:GetObject", "oss:ListObjects"],
}


@pytest.fixture
def cloud():
    users = [{"name": name, "access_key_id": f"FAKE-{name}", "access_key_secret": f"FAKE-{name}-secret",
              "allow": allow} for name, allow in EVERYTHING_BUT.items()]
    doc = load_scenario("demo")
    with EmbeddedCloud({**doc, "users": doc["users"] + users}, export_seconds=30.0, bytes_per_gib=16 << 10) as sim:
        yield sim


def session_of(sim, user: str) -> CloudSession:
    u = sim.users.named(user)
    return CloudSession.for_sim(sim, credentials=StaticCredentials(u.access_key_id, u.access_key_secret))


def app_as(sim, user: str, state_dir, *, region: str | None = None):
    from tui_export.ui.app import TuiExportApp

    return TuiExportApp(LaunchOptions(demo=True, region=region), sim=sim, session=session_of(sim, user),
                        state_dir=state_dir, poll_seconds=0.2)


def dialog_text(app) -> str:
    screen = app.screen
    assert isinstance(screen, ErrorDialog), type(screen).__name__
    return "\n".join(screen.view.lines("en"))


async def denial_dialog(pilot, app) -> str:
    await wait_for(pilot, lambda: isinstance(app.screen, ErrorDialog), what="the denial dialog")
    assert app.screen.query_one("#error-doctor", Button)   # offers the doctor
    return dialog_text(app)


async def open_doctor_from_dialog(pilot, app):
    from tui_export.ui.screens.doctor import DoctorScreen

    app.screen.query_one("#error-doctor", Button).press()
    await wait_for(pilot, lambda: isinstance(app.screen, DoctorScreen) and app.screen.report is not None,
                   timeout=30, what="the doctor's report")
    return app.screen.report


async def test_regions_denied_says_which_action_and_the_doctor_lists_it(cloud, state_dir):
    app = app_as(cloud, "no-regions", state_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        text = await denial_dialog(pilot, app)
        assert "ECS refused DescribeRegions" in text and "grant ecs:DescribeRegions" in text
        assert "Check my setup" in text
        report = await open_doctor_from_dialog(pilot, app)
        assert report.missing_actions == ["ecs:DescribeRegions"]
        body = str(app.screen.query_one("#doctor-body").render())
        assert "✗ Permission ecs:DescribeRegions" in body and '"ecs:DescribeRegions"' in body
        assert not app.screen.query_one("#doctor-copy", Button).disabled


async def test_images_denied_names_ecs_describe_images(cloud, state_dir):
    app = app_as(cloud, "no-images", state_dir, region=HZ)
    async with app.run_test(size=(100, 30)) as pilot:
        text = await denial_dialog(pilot, app)
        assert "DescribeImages" in text and "grant ecs:DescribeImages" in text


async def test_export_dry_run_denied_inline_with_the_action_and_the_doctor(cloud, state_dir):
    from tui_export.ui.screens.doctor import DoctorScreen
    from tui_export.ui.screens.export_form import ExportForm

    cloud.world.grant_export_role()
    app = app_as(cloud, "demo-limited", state_dir, region=HZ)
    tasks_before = set(cloud.world.tasks)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session is not None and isinstance(app.screen, ImagesScreen),
                       what="images")
        form = ExportForm(cloud.world.images[IMAGE_WEB])
        app.push_screen(form)
        await wait_for(pilot, lambda: form.buckets_ready and form.role_state is not None, what="form loaded")
        form.query_one("#xf-submit", Button).press()
        await wait_for(pilot, lambda: form.query_one("#xf-refusal").display, what="refusal")
        refusal = str(form.query_one("#xf-refusal").render())
        assert "Forbidden.RAM" in refusal and "ecs:ExportImage" in refusal and "Check my setup" in refusal
        assert set(cloud.world.tasks) == tasks_before   # nothing was started
        # the offer is a button next to the refusal: it opens the doctor over the form
        doctor = form.query_one("#xf-doctor", Button)
        assert doctor.display and str(doctor.label) == "Check my setup"
        await pilot.click("#xf-doctor")
        await wait_for(pilot, lambda: isinstance(app.screen, DoctorScreen) and app.screen.report is not None,
                       timeout=30, what="the doctor's report")
        assert "ecs:ExportImage" in app.screen.report.missing_actions
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is form, what="back on the form")


async def test_role_creation_denied_names_ram_create_role(cloud, state_dir):
    from tui_export.ui.screens.export_form import ExportForm

    app = app_as(cloud, "no-create-role", state_dir, region=HZ)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ImagesScreen), what="images")
        form = ExportForm(cloud.world.images[IMAGE_WEB])
        app.push_screen(form)
        await wait_for(pilot, lambda: form.role_state is not None, what="role checked")
        form.query_one("#xf-ensure-role", Button).press()
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="confirm")
        await pilot.press("y")
        text = await denial_dialog(pilot, app)
        assert "RAM refused CreateRole" in text and "grant ram:CreateRole" in text


async def test_cancel_denied_names_ecs_cancel_task(cloud, state_dir):
    app = app_as(cloud, "no-cancel", state_dir)
    task = next(t for t in cloud.world.tasks.values() if t.image_id == IMAGE_EXPORTING)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="session")
        app.show_tasks(focus=task.task_id)
        await wait_for(pilot, lambda: isinstance(app.screen, TasksScreen) and app.screen.listed,
                       what="tasks listed")
        app.screen.action_cancel_task()
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="confirm")
        await pilot.press("y")
        text = await denial_dialog(pilot, app)
        assert "ECS refused CancelTask" in text and "grant ecs:CancelTask" in text
        assert task.running   # nothing was cancelled


async def test_download_denied_names_oss_get_object(cloud, state_dir, tmp_path):
    from tui_export.ui.screens.result import ResultScreen

    app = app_as(cloud, "demo-limited", state_dir)
    session = session_of(cloud, "demo-limited")
    done = next(t for t in session.tasks(HZ) if t.status == "Finished")
    task = session.task(HZ, done.task_id)
    request = ExportRequest(HZ, task.resource_id, BUCKET_HZ, "weekly")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="session")
        app.push_screen(ResultScreen(task, request, download_dir=str(downloads)))
        text = await denial_dialog(pilot, app)
        assert "OSS refused" in text and "grant oss:GetObject" in text
        assert list(downloads.iterdir()) == []


async def test_cleanup_denied_names_oss_delete_object(cloud, state_dir, tmp_path):
    from tui_export.ui.screens.confirm import ConfirmDialog
    from tui_export.ui.screens.result import ResultScreen

    app = app_as(cloud, "no-delete", state_dir)
    session = session_of(cloud, "no-delete")
    done = next(t for t in session.tasks(HZ) if t.status == "Finished")
    task = session.task(HZ, done.task_id)
    request = ExportRequest(HZ, task.resource_id, BUCKET_HZ, "weekly")
    folder = tmp_path / "dl"
    folder.mkdir()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.session is not None and app.engine is not None, what="session")
        result = ResultScreen(task, request)
        app.push_screen(result)
        await wait_for(pilot, lambda: app.screen is result and result.objects, timeout=20, what="objects listed")
        keys = set(result.objects)
        app.download_through_engine(task, str(folder))
        # the verified download offers the clean-up; yes: OSS refuses the delete
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), timeout=60, what="clean-up offer")
        await pilot.press("y")
        text = await denial_dialog(pilot, app)
        assert "OSS refused" in text and "grant oss:DeleteObject" in text and "Check my setup" in text
        listing = session.exported_objects(task, request)
        assert {o.key for o in listing} == keys   # nothing was deleted
        job = app.engine.job(task.task_id)
        assert job.stage.value == "done" and job.error.code == "AccessDenied"   # not "cleaning" for ever


async def test_demo_switches_to_its_limited_user_and_the_palette_checks_it(cloud, state_dir):
    from tui_export.ui.app import TuiExportApp
    from tui_export.ui.commands import commands_for
    from tui_export.ui.screens.doctor import DoctorScreen

    app = TuiExportApp(LaunchOptions(demo=True), sim=cloud, state_dir=state_dir, poll_seconds=0.2)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="session")
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfilesScreen)
                       and app.screen.query_one(OptionList).option_count >= 2, what="switcher")
        options = app.screen.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids[:2] == ["demo:", "demo:demo-limited"]
        options.highlighted = 1
        options.action_select()
        await wait_for(pilot, lambda: "demo-limited" in (app.source_label or ""), what="switched")
        labels = {c.label: c for c in commands_for(app, app.screen)}
        labels["Check my setup"].callback()
        await wait_for(pilot, lambda: isinstance(app.screen, DoctorScreen) and app.screen.report is not None,
                       timeout=30, what="the doctor's report")
        assert app.screen.report.missing_actions == ["ecs:ExportImage", "oss:GetObject"]


async def test_form_bucket_listing_denied_names_oss_list_buckets(cloud, state_dir):
    from tui_export.ui.screens.export_form import ExportForm

    app = app_as(cloud, "no-list-buckets", state_dir, region=HZ)
    async with app.run_test(size=(100, 30)) as pilot:
        # the regions screen counts buckets per region first: it meets the refusal too
        text = await denial_dialog(pilot, app)
        assert "OSS refused ListBuckets" in text and "grant oss:ListBuckets" in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ImagesScreen), what="images")
        form = ExportForm(cloud.world.images[IMAGE_WEB])
        app.push_screen(form)
        text = await denial_dialog(pilot, app)
        assert "OSS refused ListBuckets" in text and "grant oss:ListBuckets" in text
        assert form in app.screen_stack


@pytest.fixture
def no_credentials(cloud, monkeypatch, tmp_path):
    """No keys anywhere; the app's endpoints aimed at the sim (as tests/ui/test_signin_flow.py)."""
    import os

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in list(os.environ):
        if name.startswith(("ALIBABA_CLOUD_", "ALIBABACLOUD_", "ALICLOUD_", "ALIYUN_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    from tui_export.cloud import secret_store

    secret_store.reset_detection()
    secret_store.clear_session_profiles()   # no profile another test signed in with this session
    for key, url in (("ECS", cloud.ecs_endpoint), ("RAM", cloud.ram_endpoint), ("STS", cloud.sts_endpoint),
                     ("OSS", cloud.oss_endpoint)):
        monkeypatch.setenv(f"TUI_EXPORT_{key}_ENDPOINT", url)
    yield
    secret_store.reset_detection()
    secret_store.clear_session_profiles()


async def test_sign_in_with_keys_refused_a_call_signs_in_and_opens_the_doctor(cloud, no_credentials, state_dir):
    from tui_export.ui.app import TuiExportApp
    from tui_export.ui.screens.doctor import DoctorScreen

    app = TuiExportApp(LaunchOptions(demo=False), state_dir=state_dir, poll_seconds=0.2)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SignInScreen), what="sign-in screen")
        app.screen.query_one("#key-id").value = "FAKE-no-regions"
        app.screen.query_one("#key-secret").value = "FAKE-no-regions-secret"
        await pilot.click("#signin-submit")
        await wait_for(pilot, lambda: isinstance(app.screen, DoctorScreen) and app.screen.report is not None,
                       timeout=30, what="the doctor after sign-in")
        assert app.connection_state == "ready"      # the keys work: signed in
        assert app.screen.report.missing_actions == ["ecs:DescribeRegions"]
