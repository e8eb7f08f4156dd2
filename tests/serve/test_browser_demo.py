"""The onboarding demo in a real browser (Debian's chromium through Playwright): open the
printed link, read the regions off the terminal, and drive the whole flow with the keyboard
to a verified download, while the page asks nothing of any host but this machine.

Screenshots of each step land in artefacts/browser/ (ignored by git); the README's
screenshots/browser_demo.png is the regions one.
"""

from __future__ import annotations

import ipaddress
import re
import shutil
from urllib.parse import urlsplit

from browser import ARTEFACTS, CATCH_TERMINAL, FLAGS, Terminal, chromium_or_skip, move_cursor_to

IMAGE = "m-bp1demoweb0000000001"        # web-centos7 in cn-hangzhou: exportable, one 20 GiB disk
OBJECT = f"{IMAGE}_system.raw.tar.gz"


def off_machine(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if urlsplit(url).scheme in ("data", "blob", "about"):
        return False
    if host == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True


def test_demo_from_regions_to_a_verified_download_in_chromium(served_demo, tmp_path):
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    shutil.rmtree(ARTEFACTS, ignore_errors=True)            # only this run's screenshots

    requested: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 1000})
            page.on("request", lambda request: requested.append(request.url))
            page.add_init_script(CATCH_TERMINAL)
            page.set_default_timeout(120_000)
            page.goto(served_demo.url)
            assert page.url == served_demo.base + "/"        # the token left the address bar
            term = Terminal(page, ARTEFACTS)
            # The page takes the focus at once, as a user clicking into it while the app starts.
            page.locator(".xterm-helper-textarea").focus()

            term.wait_for("China (Hangzhou)")
            term.wait_for("with custom images")              # counting done; the cursor is on a region with images
            term.shot("regions")
            # No Tab or click on a row first: the arrow keys move the regions' cursor.
            move_cursor_to(term, "cn-hangzhou")
            term.press("Enter")
            term.wait_for("Images in China (Hangzhou)")
            term.wait_for(IMAGE)
            move_cursor_to(term, IMAGE)
            term.shot("images")

            term.press("e")
            term.wait_for("demo-export-hangzhou")              # the buckets are listed and take the focus
            term.wait_for("AliyunECSImageExportDefaultRole does not exist")
            term.press("Tab", "Tab", "Tab", "Enter")          # bucket list -> new bucket -> prefix -> role button
            term.wait_for("Create the RAM role AliyunECSImageExportDefaultRole")
            term.press("Tab", "Enter")                        # the safe "no" has the focus: Tab to the confirm button
            term.wait_for("is in place")
            term.shot("export_form")
            term.press("Control+s")
            task = term.wait_until(lambda screen: re.search(r"Export started: task (t-[0-9a-z]+)", screen),
                                   what="the new task's id").group(1)
            # The demo's export takes 4 s here (served_demo); the tasks screen opens with the new task highlighted.
            term.wait_until(lambda screen: any(task in line and "Finished" in line for line in screen.splitlines()),
                            what=f"{task} Finished", timeout=180)
            move_cursor_to(term, task)
            term.wait_for("press Enter for the files")
            term.shot("task_finished")
            term.press("Enter")
            term.wait_for(OBJECT)
            term.press("d")
            term.wait_for("Saves as")
            term.press("Enter")
            term.wait_for("verified", timeout=180)
            term.shot("download_verified")
        finally:
            browser.close()

    assert (tmp_path / OBJECT).stat().st_size > 0             # the server's cwd, where serve runs
    assert requested and not [url for url in requested if off_machine(url)]
