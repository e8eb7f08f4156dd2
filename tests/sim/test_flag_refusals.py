"""`tui-export sim` refuses a flag it can't use with one line naming the flag and what is
wrong, in English or Chinese, exit 2, never a traceback (issue #7 §3); each kind through the
real command in its own process. argparse's usage errors stay argparse's English, as in the
product's other commands."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sim.ports import free_block, listening_on
from tui_export.sim.flag_messages import FLAG_MESSAGES, FlagError, FlagText

CJK = re.compile("[\u4e00-\u9fff]")
# two words of Latin letters in a row: a sentence (or a piece of one) left in English
ENGLISH = re.compile(r"[A-Za-z]{2,} [a-z]{2,}")

# (message key, the command's arguments, the flag named, a piece of the English line, of the Chinese)
CASES = [
    ("fault.unknown", ["--faults", "earthquake=1"], "--faults",
     "--faults: unknown fault 'earthquake'; known: answer_delay_ms, bandwidth", "未知的故障 'earthquake'"),
    ("fault.needs_value", ["--faults", "latency_ms=5,throttle"], "--faults",
     "--faults: fault 'throttle' needs a value, like throttle=0.5", "缺少值"),
    ("fault.number", ["--faults", "latency_ms=soon"], "--faults",
     "--faults: fault latency_ms wants a number, got 'soon'", "故障 latency_ms 的值应为数字"),
    ("fault.whole", ["--faults", "drop_after=1.5"], "--faults",
     "--faults: fault drop_after wants a whole number, got '1.5'", "故障 drop_after 的值应为整数"),
    ("fault.finite", ["--faults", "jitter_ms=inf"], "--faults",
     "--faults: fault jitter_ms wants a finite number, got 'inf'", "有限的数字"),
    ("fault.share", ["--faults", "server_error=1.5,only=ExportImage"], "--faults",
     "--faults: fault server_error is a share from 0 to 1, got 1.5", "0 到 1 之间的比例"),
    ("fault.at_least_0", ["--faults", "bandwidth=-1"], "--faults",
     "--faults: fault bandwidth must be at least 0, got -1", "不能小于 0"),
    ("at_least", ["--export-seconds", "-1"], "--export-seconds",
     "--export-seconds must be at least 0, got -1", "至少应为 0"),
    ("finite", ["--export-seconds", "nan"], "--export-seconds",
     "--export-seconds must be a finite number, got nan", "有限的数字"),
    ("at_least", ["--bytes-per-gib", "0"], "--bytes-per-gib",
     "--bytes-per-gib must be at least 1, got 0", "至少应为 1"),
    ("port_range", ["--port", "65534"], "--port",
     "--port must be from 0 to 65533 (it takes N, N+1 and N+2), got 65534", "应为 0 到 65533"),
    # TEST-NET-1 (RFC 5737) is on no interface of this machine: EADDRNOTAVAIL, without DNS
    ("listen.host", ["--host", "192.0.2.1"], "--host", "--host 192.0.2.1: cannot listen: ", "本机没有这个地址"),
]
IDS = [f"{c[0]}:{' '.join(c[1])}" for c in CASES]


def run_sim(*args: str, lang: str | None = None, env_lang: str = "C.UTF-8") -> subprocess.CompletedProcess:
    """`tui-export [--lang L] sim ARGS`: the app's --lang before the command, as a user types it."""
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env["LANG"] = env_lang
    before = ["--lang", lang] if lang else []
    return subprocess.run([sys.executable, "-m", "tui_export", *before, "sim", *args, "--log-level", "INFO"],
                          capture_output=True, text=True, timeout=120, env=env)


def refusal_line(result: subprocess.CompletedProcess, flag: str) -> str:
    """Exit 2, nothing on stdout, one line on stderr naming the flag."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"tui-export sim: {flag}"), line
    return line


def assert_chinese(line: str, *names: str) -> None:
    """Worded in Chinese, with no English sentence once the names it quotes are left out."""
    said = line.removeprefix("tui-export sim: ")
    for name in names:
        said = said.replace(name, "")
    assert CJK.search(said) and not ENGLISH.search(said), line


def _no_nonlocal_bind() -> bool:
    try:
        return Path("/proc/sys/net/ipv4/ip_nonlocal_bind").read_text().strip() != "1"
    except OSError:
        return True


def _skip_unless_refusable(key: str) -> None:
    if key == "listen.host" and not _no_nonlocal_bind():   # the sim would bind 192.0.2.1 and serve
        pytest.skip("ip_nonlocal_bind lets any address be bound")


@pytest.mark.parametrize("key,args,flag,english,_", CASES, ids=IDS)
def test_a_bad_flag_is_one_english_line_exit_2(key, args, flag, english, _):
    _skip_unless_refusable(key)
    line = refusal_line(run_sim(*args, lang="en"), flag)
    assert english in line, line


@pytest.mark.parametrize("key,args,flag,_,chinese", CASES, ids=IDS)
def test_a_bad_flag_is_one_chinese_line_exit_2(key, args, flag, _, chinese):
    _skip_unless_refusable(key)
    line = refusal_line(run_sim(*args, lang="zh"), flag)
    assert chinese in line, line
    assert_chinese(line, flag, *args)


def test_the_locale_chooses_chinese_without_lang():
    line = refusal_line(run_sim("--faults", "throttle=2", env_lang="zh_CN.UTF-8"), "--faults")
    assert line == "tui-export sim: --faults：故障 throttle 是 0 到 1 之间的比例，实际是 2"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_taken_port_is_one_line_naming_port_exit_2(lang):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        if port > 65533:
            pytest.skip("the kernel gave a port above 65533")
        line = refusal_line(run_sim("--port", str(port), lang=lang), "--port")
    if lang == "en":
        assert line == f"tui-export sim: --port {port}: cannot listen on 127.0.0.1 port {port}: Address already in use"
    else:
        assert line == f"tui-export sim: --port {port}：无法在 127.0.0.1 的端口 {port} 上监听：端口已被占用"
        assert_chinese(line, "--port", str(port))


def test_the_taken_port_of_the_three_is_the_one_named_and_no_startup_log_shows():
    """ECS binds N (and logs it), then RAM finds N+1 taken: the refusal names N+1 and is still
    the only line (the held "ecs listening" log is dropped)."""
    base = free_block()
    with listening_on(base + 1):
        line = refusal_line(run_sim("--port", str(base), lang="en"), "--port")
    assert line.startswith(f"tui-export sim: --port {base}: cannot listen on 127.0.0.1 port {base + 1}: "), line


# argparse's own errors: the product's commands (the app, headless/common.py _Parser, doctor)
# leave them in argparse's English (usage, then "PROG: error: ..."), exit 2; the sim does the same
USAGE = [
    (["--port", "abc"], "argument --port: invalid int value: 'abc'"),
    (["--export-seconds", "soon"], "argument --export-seconds: invalid float value: 'soon'"),
    (["--log-level", "LOUD"], "argument --log-level: invalid choice: 'LOUD'"),
    (["--nope"], "unrecognized arguments: --nope"),
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("args,error", USAGE, ids=[u[1][:40] for u in USAGE])
def test_argparse_errors_stay_argparses_exit_2_naming_the_flag(lang, args, error):
    result = run_sim(*args, lang=lang)
    assert result.returncode == 2 and result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.startswith("usage: tui-export sim ")
    # starts with: how argparse lists the choices after it differs between Python versions
    assert result.stderr.strip().splitlines()[-1].startswith(f"tui-export sim: error: {error}")


def test_every_flag_message_has_a_case_and_both_languages():
    assert {c[0] for c in CASES} | {"listen.port", "flag"} == set(FLAG_MESSAGES)
    for key, entry in FLAG_MESSAGES.items():
        assert set(entry) == {"en", "zh"} and all(entry.values()), key
        en, zh = (set(re.findall(r"{(\w+)}", entry[lang])) for lang in ("en", "zh"))
        assert zh == en, key
    with pytest.raises(KeyError):   # a typo'd key fails where it is written
        FlagText("no.such.key")


def test_a_flag_error_is_a_value_error_that_survives_pickling():
    import pickle

    from tui_export.sim.faults import parse_spec

    with pytest.raises(FlagError) as refused:
        parse_spec("throttle=x")
    assert isinstance(refused.value, ValueError) and str(refused.value) == "fault throttle wants a number, got 'x'"
    again = pickle.loads(pickle.dumps(refused.value))
    assert again.text("zh") == refused.value.text("zh") == "故障 throttle 的值应为数字，实际是 'x'"
