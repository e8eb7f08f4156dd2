"""The embedded servers count what a client did to them: TCP connections opened,
requests served and the most requests in flight at once (what tests of connection
reuse and fan-out read)."""

import http.client
import threading
from urllib.parse import urlsplit

from tests.waiting import wait_until


def _get(conn: http.client.HTTPConnection) -> int:
    conn.request("GET", "/")
    resp = conn.getresponse()
    resp.read()
    return resp.status


def _connect(server) -> http.client.HTTPConnection:
    parts = urlsplit(server.endpoint)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)


def test_keep_alive_requests_share_one_connection(sim):
    sim.oss.reset_stats()
    conn = _connect(sim.oss)
    assert _get(conn) == 403 and _get(conn) == 403   # unsigned: refused, but served
    conn.close()
    # the answer reaches the client a moment before the server's thread counts it done
    wait_until(lambda: sim.oss.stats()["in_flight"] == 0, what="the OSS server to finish its requests")
    assert sim.oss.stats() == {"connections_opened": 1, "requests_served": 2, "in_flight": 0,
                               "max_in_flight": 1}


def test_requests_sent_together_are_in_flight_together(sim):
    sim.faults.update(latency_ms=1500)
    sim.ecs.reset_stats()
    conns = [_connect(sim.ecs) for _ in range(5)]
    threads = [threading.Thread(target=_get, args=(c,)) for c in conns]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    wait_until(lambda: sim.ecs.stats()["in_flight"] == 0, what="the ECS server to finish its requests")
    stats = sim.ecs.stats()
    assert stats["max_in_flight"] == 5
    assert stats["connections_opened"] == 5 and stats["requests_served"] == 5
