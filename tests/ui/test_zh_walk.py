"""The demo in Chinese, every screen walked once: no English left on screen.

One app run (`--demo --lang zh` on a demo cloud started for a Chinese UI) goes through
the regions, two regions' images (each image highlighted, its pane read), a blocked
image's refusal, the export form (role plan, new-bucket dialog), the tasks, a result
and its download dialog, the jobs, a cancel (question and toast), open-by-id, the
doctor, the help, the palette and the account switcher. Everything the terminal shows
(and every toast) is cut into words; a word of ASCII letters must be something that is
Latin in Chinese too: the cloud's own names and ids, the demo's data, key names, units,
formats, API and permission names (ALLOWED and `_allowed`).
"""

from __future__ import annotations

import html
import re

from tui_export.cli import LaunchOptions
from tui_export.core.regions import REGIONS
from tui_export.sim import EmbeddedCloud

from tests.ui.conftest import EXPORT_SECONDS, HZ, IMAGE_WEB, IMAGE_WIN, SMALL_BYTES_PER_GIB, regions_done, wait_for

# Latin in a Chinese UI too. Key names and hints; units; formats; products and services;
# terms Alibaba Cloud's Chinese console keeps in English; the program's own name.
ALLOWED = {
    "Enter", "Esc", "esc", "Tab", "tab", "Ctrl", "ctrl", "space", "shift",
    "B", "KiB", "MiB", "GiB", "TiB", "KB", "MB", "GB", "s", "ms", "min", "h", "UTC",
    "RAW", "VHD", "QCOW2", "VMDK", "VDI", "raw", "vhd", "qcow2", "vmdk", "vdi", "tar", "gz", "raw.tar.gz",
    "ECS", "OSS", "RAM", "STS", "API", "ID", "URL", "CLI", "SDK", "AccessKey", "Bucket", "Endpoint",
    "DryRun", "CRC-64", "OSC", "SVG", "HTTP", "HTTPS", "Linux", "Windows",
    "tui-export", "aliyun", "fastcrc", "keyring",
    "none",              # the keyring backend's name, said as the keyring library names it
    "acs", "root",       # an ARN: acs:ram::<account>:root
    "EcsExport", "image-export-cn-beijing",   # the prefix and bucket fields' example values
    "a-z", "A-Z", "tar.gz",
}
# ASCII runs (ids and names keep their dots, dashes, colons and stars: m-bp1…, ecs:Describe*)
WORD = re.compile(r"[A-Za-z0-9_]+(?:[.\-:*]+[A-Za-z0-9_*]+)*")
CAMEL = re.compile(r"[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+(?:\.[A-Za-z0-9]+)*")   # API, error and policy names
PERMISSION = re.compile(r"(?:ecs|ram|oss|sts|acs):[A-Za-z*:0-9]*")
ID = re.compile(r"(?:m|t|s|d)-[a-z0-9]+")
FILE = re.compile(r"[\w.-]+\.(?:raw|vhd|qcow2|vmdk|vdi)(?:\.tar\.gz)?")          # an exported object's name
MASKED = re.compile(r"\w+\*{3,}\w+")                                            # a masked AccessKey id
# times, URLs (http://, oss://), paths, command-line flags
NOISE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?Z|\w+://\S+|(?<![\w-])/[\w./-]+|(?<!\w)--[a-z][\w-]*")


def _demo_words(sim) -> set[str]:
    """The demo account's own data (names, OS names, ids, buckets, devices): Latin as the user typed it."""
    world, values = sim.world, []
    for image in world.images.values():
        image = getattr(image, "image", image)
        values += [image.name, image.image_id, image.os_name, image.platform, image.architecture,
                   image.product_code, *(d.device for d in image.disks)]
    values += [task.task_id for task in world.tasks.values()]
    values += [b.name for b in sim.store.list_buckets()]
    values += [user for user in ("demo-limited",)] + [sim.access_key_id]
    values += [r.region_id for r in REGIONS]
    return {w for v in values if v for w in WORD.findall(v)} | {v for v in values if v}


TEXT = re.compile(r'<text class="[\w-]+-r\d+" x="([\d.]+)" y="[\d.]+" textLength="([\d.]+)" '
                  r'clip-path="url\(#[\w-]+-line-(\d+)\)">([^<]*)</text>')


def _plain(app) -> str:
    """The whole terminal as lines of text (from the public screenshot: each line's runs by position,
    a gap between runs kept as a space), and the toasts shown so far."""
    lines: dict[int, list[tuple[float, float, str]]] = {}
    for x, length, line, text in TEXT.findall(app.export_screenshot()):
        lines.setdefault(int(line), []).append((float(x), float(length), html.unescape(text).replace("\xa0", " ")))
    out = []
    for _, runs in sorted(lines.items()):
        text, end = "", None
        for x, length, run in sorted(runs):
            text += (" " if end is not None and x > end + 1 else "") + run
            end = x + length
        out.append(text)
    toasts = [f"{n.title}\n{n.message}" for n in app.notices]
    return "\n".join(out + toasts)


# between two characters of a path that wrapped: the box's border and spaces, a line break, again
_WRAP = r"(?:[ █▌▐│▎▊▏▍]*\n[ █▌▐│▎▊▏▍]*)?"


def _without_path(text: str, path: str) -> str:
    """`text` with the download folder (pytest's, per worker: data the user chose, not the app's
    English) blanked wherever it shows: whole, cut at its start or its end to fit a column, or
    wrapped over lines in a dialog. Only the path goes: an English word beside it is still read."""
    pieces = [path[start:] for start in range(len(path) - 7)] + [path[:end] for end in range(len(path) - 1, 7, -1)]
    for piece in pieces:   # longest first: a shorter piece never splits a longer one
        text = re.sub(_WRAP.join(re.escape(c) for c in piece), " ", text)
    return text


class Reader:
    """Collects every English-looking word seen, with where and the line it was in."""

    def __init__(self, app, data: set[str], path: str = "") -> None:
        self.app, self.data, self.path = app, data, path
        self.data_prefixes = {w[:n] for w in data for n in range(2, len(w))}
        self.found: dict[str, str] = {}
        self.seen = ""

    def _allowed(self, word: str, cut: bool) -> bool:
        return (len(word) == 1 or not re.search(r"[A-Za-z]", word) or word in ALLOWED or word in self.data
                or any(p.fullmatch(word) for p in (CAMEL, PERMISSION, ID, FILE, MASKED))
                or (cut and word in self.data_prefixes))   # a name cut to its column

    def read(self, where: str, more: str = "") -> None:
        """What the terminal shows now (toasts included), and `more` (text the user scrolls to)."""
        text = _plain(self.app) + "\n" + more
        self.seen += text
        if self.path:
            text = _without_path(text, self.path)
        for line in text.splitlines():
            line = NOISE.sub(" ", line)
            for match in WORD.finditer(line):
                after = line[match.end():].lstrip(" ")[:1]   # a cut name: then "…", a border or nothing
                cut = after in ("", "…") or not after.isascii()
                if not self._allowed(match.group(), cut):
                    self.found.setdefault(match.group(), f"{where}: {line.strip()[:100]}")


def _is(app, name: str) -> bool:
    return type(app.screen).__name__ == name


async def _read_help(pilot, app, seen: Reader, where: str) -> None:
    """`?` on this screen: its own keys and how-to."""
    await pilot.press("question_mark")
    await wait_for(pilot, lambda: _is(app, "HelpScreen"), what=f"help on {where}")
    seen.read(f"help on {where}")
    await pilot.press("escape")
    await wait_for(pilot, lambda: not _is(app, "HelpScreen"), what=f"help on {where} closed")


async def test_every_screen_of_the_demo_reads_chinese(state_dir, tmp_path, monkeypatch):
    from tui_export.ui.app import TuiExportApp

    monkeypatch.chdir(tmp_path)
    with EmbeddedCloud("demo", export_seconds=EXPORT_SECONDS, bytes_per_gib=SMALL_BYTES_PER_GIB, lang="zh") as sim:
        app = TuiExportApp(LaunchOptions(demo=True, lang="zh"), sim=sim, state_dir=state_dir, poll_seconds=0.2)
        seen = Reader(app, _demo_words(sim), str(tmp_path))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: regions_done(app), timeout=20, what="regions")
            seen.read("regions")
            await _read_help(pilot, app, seen, "regions")
            await pilot.press("ctrl+p")
            await wait_for(pilot, lambda: _is(app, "CommandPalette") and "主题" in _plain(app), what="palette")
            seen.read("palette")
            await pilot.press("escape")

            for region in ("cn-beijing", HZ):
                await wait_for(pilot, lambda: _is(app, "RegionsScreen"), what="back at the regions")
                table = app.screen.query_one("#regions")
                table.move_cursor(row=table.get_row_index(region))
                await pilot.press("enter")
                await wait_for(pilot, lambda: _is(app, "ImagesScreen") and app.screen.loaded
                               and not app.screen.query_one("#images").loading, timeout=20, what=f"{region} images")
                images = app.screen.query_one("#images")
                for row in range(images.row_count):      # each image's pane: reasons, status, disks, notes
                    images.move_cursor(row=row)
                    await pilot.pause()
                    seen.read(f"images {region} row {row}")
                if region == HZ:
                    await _read_help(pilot, app, seen, "images")
                    break
                images.move_cursor(row=0)                # cn-beijing: exportable, but no bucket there
                await pilot.press("e")
                await wait_for(pilot, lambda: _is(app, "ExportForm") and app.screen.buckets_ready
                               and app.screen.role_state is not None, what="export form (no bucket)")
                seen.read("export form, cn-beijing")
                app.screen.query_one("#xf-create-bucket").press()
                await wait_for(pilot, lambda: _is(app, "CreateBucketDialog"), what="new-bucket dialog")
                seen.read("new-bucket dialog")
                await pilot.press("escape")
                await pilot.press("escape")
                await wait_for(pilot, lambda: _is(app, "ImagesScreen"), what="images again")
                await pilot.press("escape")

            images.move_cursor(row=images.get_row_index(IMAGE_WIN))
            await pilot.press("e")                       # refused, with its reasons
            await wait_for(pilot, lambda: app.notices, what="the refusal")
            seen.read("refused export")
            images.move_cursor(row=images.get_row_index(IMAGE_WEB))
            await pilot.press("e")
            await wait_for(pilot, lambda: _is(app, "ExportForm") and app.screen.buckets_ready
                           and app.screen.role_plan is not None, what="export form with the role plan")
            await pilot.pause(0.2)
            seen.read("export form, role missing")
            await pilot.press("escape")

            await pilot.press("t")
            await wait_for(pilot, lambda: _is(app, "TasksScreen") and app.screen.listed
                           and len(app.screen.query_one("#tasks").rows) == 2, timeout=20, what="tasks")
            tasks = app.screen.query_one("#tasks")
            running = next(i for i, key in enumerate(tasks.rows) if app.tasks[key.value].running)
            for row in range(tasks.row_count):
                tasks.move_cursor(row=row)
                await pilot.pause()
                seen.read(f"tasks row {row}")
            await _read_help(pilot, app, seen, "tasks")
            await pilot.press("o")
            await wait_for(pilot, lambda: _is(app, "OpenTaskDialog"), what="open-by-id dialog")
            seen.read("open by id")
            await pilot.press("escape")

            tasks.move_cursor(row=1 - running)           # the finished one: its result
            await pilot.press("enter")
            await wait_for(pilot, lambda: _is(app, "ResultScreen") and app.screen.objects, timeout=20,
                           what="result")
            seen.read("result")
            await _read_help(pilot, app, seen, "result")
            await pilot.press("d")
            await wait_for(pilot, lambda: _is(app, "DownloadDestinationDialog"), what="download dialog")
            seen.read("download dialog")
            await pilot.press("enter")
            await wait_for(pilot, lambda: _is(app, "ConfirmDialog"), timeout=30, what="the clean-up question")
            seen.read("clean-up question")                # after the verified download
            await pilot.press("n")
            await wait_for(pilot, lambda: _is(app, "ResultScreen"), what="result again")
            seen.read("result, downloaded")
            await pilot.press("j")
            await wait_for(pilot, lambda: _is(app, "JobsScreen"), what="jobs")
            await pilot.pause(0.2)
            seen.read("jobs")
            await _read_help(pilot, app, seen, "jobs")
            await pilot.press("escape")
            await pilot.press("escape")

            await wait_for(pilot, lambda: _is(app, "TasksScreen"), what="tasks again")
            tasks = app.screen.query_one("#tasks")
            tasks.move_cursor(row=running)
            await pilot.press("c")
            await wait_for(pilot, lambda: _is(app, "ConfirmDialog"), what="cancel question")
            seen.read("cancel question")
            await pilot.press("y")
            await wait_for(pilot, lambda: "已取消" in "".join(n.message for n in app.notices),
                           timeout=20, what="the cancel's toast")
            seen.read("cancelled")

            from tui_export.ui.screens.doctor import open_doctor

            open_doctor(app)
            await wait_for(pilot, lambda: _is(app, "DoctorScreen") and app.screen.report is not None,
                           timeout=30, what="doctor report")
            await pilot.pause()
            seen.read("doctor", "\n".join(app.screen.report.lines()))
            await pilot.press("escape")
            await pilot.press("p")
            await wait_for(pilot, lambda: _is(app, "ProfilesScreen"), what="account switcher")
            await pilot.pause(0.3)
            seen.read("accounts")

    assert "Deleted" not in seen.seen                  # the cancel reads as the table says it
    assert not seen.found, "English on the Chinese screens:\n" + "\n".join(
        f"  {word!r} ({where})" for word, where in sorted(seen.found.items()))


async def test_the_sign_in_reads_chinese(state_dir, tmp_path, monkeypatch):
    """No credentials anywhere: the sign-in screen, with where it looked (cloud/credentials.py says
    that as message keys), in Chinese."""
    from tui_export.cloud import secret_store
    from tui_export.ui.app import TuiExportApp

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIYUN_ACCESS_KEY_ID",
                 "ALIBABA_CLOUD_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    secret_store.reset_detection()
    app = TuiExportApp(LaunchOptions(demo=False, lang="zh"), state_dir=state_dir)
    seen = Reader(app, {"default"})   # the profile name offered: a name, not a word
    allowed_here = {"Secret", "Service", "D-Bus", "SSH", "STS", "Token", "LTAI"}   # Secret Service, STS Token, LTAI…
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: _is(app, "SignInScreen") and "环境变量" in _plain(app), what="sign-in")
            seen.read("sign-in")
    finally:
        secret_store.reset_detection()
    assert "aliyun CLI 配置" in seen.seen and "not found" not in seen.seen
    assert set(seen.found) <= allowed_here, "English on the Chinese sign-in:\n" + "\n".join(
        f"  {word!r} ({where})" for word, where in sorted(seen.found.items()) if word not in allowed_here)
