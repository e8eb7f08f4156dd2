"""What `tui-export serve` refuses before listening: one line on stderr, exit 2."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def serve(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, LANG="en_US.UTF-8")
    env.pop("LC_ALL", None)
    return subprocess.run([sys.executable, "-m", "tui_export", "serve", "--port", "0", *args], env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.10", "example.com"])
def test_a_host_other_than_loopback_needs_allow_remote(host):
    result = serve("--demo", "--host", host)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"{host} is not a loopback address" in lines[0] and "--allow-remote" in lines[0]


def test_the_refusal_in_chinese():
    result = serve("--demo", "--host", "0.0.0.0", "--lang", "zh")
    assert result.returncode == 2
    assert "不是本机回环地址" in result.stderr and "--allow-remote" in result.stderr


@pytest.mark.parametrize("args, says", [
    ((), "--demo (the embedded demo cloud"),                                # which cloud is not implied
    (("--demo", "--real-account"), "can't be used together"),
    (("--demo", "--allow-changes"), "only applies with --real-account"),
])
def test_serving_a_real_account_is_said_explicitly(args, says):
    result = serve(*args)
    assert result.returncode == 2 and result.stdout == ""
    assert says in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_port_in_use_is_one_line_not_a_traceback():
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = dict(os.environ, LANG="en_US.UTF-8")
        env.pop("LC_ALL", None)
        result = subprocess.run([sys.executable, "-m", "tui_export", "serve", "--demo", "--port", str(port)], env=env,
                                stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"tui-export serve: Cannot listen on 127.0.0.1:{port}: Address already in use. "
        "Pick another --port (0 lets the system choose)."]


def _listening_on_any_address(port: int) -> bool:
    """A socket listening on 0.0.0.0:`port` (Linux /proc/net/tcp: local 00000000:PORT, state 0A)."""
    from pathlib import Path
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        if local == f"00000000:{port:04X}" and state == "0A":
            return True
    return False


def test_allow_remote_listens_beyond_loopback_and_warns(tmp_path):
    """With --allow-remote the server does listen on the address asked for, still behind the
    token, and says on stderr that the page is reachable from the network."""
    import signal
    import urllib.error
    import urllib.request
    from urllib.parse import urlsplit

    env = dict(os.environ, LANG="en_US.UTF-8")
    env.pop("LC_ALL", None)
    proc = subprocess.Popen([sys.executable, "-m", "tui_export", "serve", "--demo", "--host", "0.0.0.0",
                             "--allow-remote", "--port", "0"], cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("http://0.0.0.0:") and "/?token=" in line, line
        port = urlsplit(line.strip()).port
        assert _listening_on_any_address(port)
        with pytest.raises(urllib.error.HTTPError) as refused:      # the token is still required
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30)
        assert refused.value.code == 403
    finally:
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr
    assert "Serving on 0.0.0.0, reachable from the network over plain HTTP" in stderr
