#!/usr/bin/env python3
"""How fast `carebook serve` shows an edit, and whether its memory stays flat.

Usage: bench/serve.py SITE_DIR [EDITS] [body|title]   (default: 200 edits of the body)

Starts `target/release/carebook serve` on SITE_DIR (build it first:
`cargo build --release`; make a big site with
`cargo run --release --example gen_bench -- 10000 DIR`), opens the live-reload event
stream as a browser would, then EDITS times: appends a sentence to one entry's body (or,
with `title`, changes its title, which every page that links to it shows), and times
from the moment the file is written until the reload event has arrived AND the page
served over HTTP shows the new sentence. Prints the median, 90th percentile and worst
latency, and the server's resident memory (VmRSS) after the first and the last edit.
The edited file is restored at the end.
"""

import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

repo = Path(__file__).resolve().parent.parent
site = Path(sys.argv[1]).resolve()
edits = int(sys.argv[2]) if len(sys.argv) > 2 else 200
mode = sys.argv[3] if len(sys.argv) > 3 else "body"
if mode not in ("body", "title"):
    sys.exit("the third argument is body or title")
binary = repo / "target" / "release" / "carebook"
if not binary.exists():
    sys.exit("build first: cargo build --release")

with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
server = subprocess.Popen(
    [str(binary), "serve", "--root", str(site), "--port", str(port)],
    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
)
for line in server.stdout:
    if line.startswith("Serving the site at"):
        break


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def get(path):
    with socket.create_connection(("127.0.0.1", port)) as c:
        c.sendall(f"GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n".encode())
        chunks = []
        while True:
            data = c.recv(65536)
            if not data:
                break
            chunks.append(data)
    return b"".join(chunks).decode("utf-8", "replace")


events = socket.create_connection(("127.0.0.1", port))
events.sendall(b"GET /__carebook/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
events_file = events.makefile("r", encoding="utf-8")
while not events_file.readline().startswith(": connected"):
    pass

entries = [p for p in sorted((site / "content" / "conditions").glob("*.md")) if "draft: true" not in p.read_text()]
target = entries[len(entries) // 2]
page = f"/conditions/{target.stem}/"
original = target.read_text()
latencies = []
rss = []
extra_reloads = 0
try:
    for i in range(edits):
        marker = f"Edit number {i} is here."
        start = time.perf_counter()
        if mode == "body":
            target.write_text(original + f"\n{marker}\n")
        else:
            target.write_text(original.replace("title: ", f"title: {marker} ", 1))
        # An editor's save can reach the watcher as two changes (the file emptied, then
        # written): as a browser would, reload on every event until the edit shows.
        reloads = 0
        while True:
            line = events_file.readline()
            if not line.startswith("event: reload"):
                continue
            reloads += 1
            if marker in get(page):
                break
            if reloads == 5:
                sys.exit(f"edit {i}: the page does not show the edit after 5 reload events")
        extra_reloads += reloads - 1
        latencies.append((time.perf_counter() - start) * 1000)
        if i == 0 or i == edits - 1:
            rss.append(rss_mb(server.pid))
finally:
    target.write_text(original)
    server.terminate()
    server.wait()

latencies.sort()
print(f"site: {site} ({len(list((site / 'content').rglob('*.md')))} entries), {edits} {mode} edits of {target.name}")
print(f"edit -> reload event -> new page served: median {statistics.median(latencies):.0f} ms, "
      f"p90 {latencies[int(len(latencies) * 0.9) - 1]:.0f} ms, worst {latencies[-1]:.0f} ms")
print(f"edits that needed a second reload (the save seen half done): {extra_reloads}")
print(f"server memory (VmRSS): {rss[0]:.0f} MB after the first edit, {rss[-1]:.0f} MB after the last")
