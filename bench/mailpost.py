#!/usr/bin/python3
"""mailpost.py - the server's side of the mailgate benchmark without the
process per message: P threads, each with one keep-alive HTTP connection,
POST every message file to /api/v1/mail. Shows what the server alone
sustains, to compare with `hikeshi mailgate` run once per message.

    mailpost.py PORT TOKEN_FILE P < FILELIST
    RESULT n=789 ok=789 secs=3.2 rate=246.6 p50=23.0 p99=173.9
"""
import http.client
import sys
import threading
import time

port, tok, par = int(sys.argv[1]), open(sys.argv[2]).read().strip(), int(sys.argv[3])
data = [open(line.strip(), "rb").read() for line in sys.stdin if line.strip()]
lock = threading.Lock()
state = {"next": 0, "ok": 0}
lat = []


def worker():
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    hdrs = {"Authorization": "Bearer " + tok, "Content-Type": "message/rfc822"}
    while True:
        with lock:
            i = state["next"]
            state["next"] += 1
        if i >= len(data):
            return
        t = time.monotonic()
        c.request("POST", "/api/v1/mail", body=data[i], headers=hdrs)
        r = c.getresponse()
        r.read()
        with lock:
            lat.append(time.monotonic() - t)
            state["ok"] += r.status in (200, 201)


t0 = time.monotonic()
threads = [threading.Thread(target=worker) for _ in range(par)]
for t in threads:
    t.start()
for t in threads:
    t.join()
secs = time.monotonic() - t0
lat.sort()
print("RESULT n=%d ok=%d secs=%.3f rate=%.1f p50=%.1f p99=%.1f" % (
    len(data), state["ok"], secs, len(data) / secs, lat[len(lat) // 2] * 1000,
    lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000))
