"""Load test of `govreport serve`: concurrent clients on loopback, mixed formats, bounded.

    python scripts/load_test.py [--requests 300] [--clients 16] [--jobs 2]

Starts its own server (this checkout's code, a throwaway --data-dir, a free loopback port),
sends ``--requests`` POST /v1/extract uploads from ``--clients`` threads (the samples' PDF,
DOCX and TXT in turn, each under its own name so none is answered from a stored result,
except a ``--repeat-share`` that repeats an earlier upload on purpose), then prints
throughput, latency percentiles, answers by status, and the server's memory (its own RSS
and its workers') before and after. It stops by itself: a fixed number of requests, each
with a timeout, and ``--max-seconds`` over all. Exit 1 if any answer was neither 200 nor a
deliberate 429 (``--max-queue`` set low to provoke them).
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = (".pdf", ".docx", ".txt")


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    return found


def memory(pid: int) -> str:
    workers = [rss_mb(p) for p in children(pid)]
    return (f"server {rss_mb(pid):.0f} MB, {len(workers)} workers {sum(workers):.0f} MB "
            f"(largest {max(workers, default=0):.0f} MB)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir: Path, jobs: int, max_queue: int, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("GOVREPORT_API_KEY", None)
    cmd = [sys.executable, "-m", "extractor.cli", "serve", "--port", str(port), "--data-dir", str(data_dir),
           "--jobs", str(jobs), "--max-queue", str(max_queue)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return proc, url
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"the server did not start; see {log}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="server worker processes")
    parser.add_argument("--max-queue", type=int, default=1000, help="the server's queue bound (low: provoke 429s)")
    parser.add_argument("--repeat-share", type=float, default=0.1, help="share of uploads that repeat an earlier one")
    parser.add_argument("--max-seconds", type=float, default=900, help="stop sending after this long")
    parser.add_argument("--samples", type=Path, default=ROOT / "samples")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    sources = sorted(p for p in args.samples.iterdir() if p.suffix in SUFFIXES)
    rng = random.Random(args.seed)
    plan: list[tuple[str, bytes]] = []
    for i, src in zip(range(args.requests), itertools.cycle(sources), strict=False):
        if plan and rng.random() < args.repeat_share:
            plan.append(rng.choice(plan))  # the same name and bytes: answered from the stored result
        else:
            plan.append((f"{i:04d}_{src.name}", src.read_bytes()))
    formats = Counter(Path(name).suffix for name, _ in plan)

    with tempfile.TemporaryDirectory(prefix="govreport-load-") as tmp:
        log = Path(tmp) / "server.log"
        proc, url = start_server(Path(tmp) / "data", args.jobs, args.max_queue, log)
        try:
            time.sleep(1.0)  # let the workers settle before measuring
            before = memory(proc.pid)
            latencies: list[float] = []
            statuses: Counter[int | str] = Counter()
            lock = threading.Lock()
            work = iter(plan)
            stop_at = time.monotonic() + args.max_seconds

            def client() -> None:
                with httpx.Client(base_url=url, timeout=httpx.Timeout(180, connect=10)) as http:
                    while time.monotonic() < stop_at:
                        with lock:
                            item = next(work, None)
                        if item is None:
                            return
                        name, data = item
                        start = time.perf_counter()
                        try:
                            status: int | str = http.post("/v1/extract", params={"wait": 60},
                                                          files={"file": (name, data)}).status_code
                        except httpx.HTTPError as exc:
                            status = type(exc).__name__
                        with lock:
                            latencies.append(time.perf_counter() - start)
                            statuses[status] += 1

            start = time.perf_counter()
            threads = [threading.Thread(target=client) for _ in range(args.clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - start
            after = memory(proc.pid)
            metrics = httpx.get(f"{url}/metrics").text
        finally:
            proc.terminate()
            proc.wait(30)

    done = sum(statuses.values())
    cuts = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else [latencies[0]] * 99
    unexpected = {k: v for k, v in statuses.items() if k not in (200, 429)}
    reused = next((line.split()[-1] for line in metrics.splitlines()
                   if line.startswith("govreport_documents_reused_total ")), "0")
    print(f"{done} requests ({', '.join(f'{v} {k}' for k, v in sorted(formats.items()))}) from {args.clients} "
          f"clients, server --jobs {args.jobs}, {os.cpu_count()} CPUs")
    print(f"wall {wall:.1f} s, throughput {done / wall:.2f} requests/s")
    print(f"latency p50 {cuts[49]:.2f} s, p95 {cuts[94]:.2f} s, p99 {cuts[98]:.2f} s, max {max(latencies):.2f} s")
    print(f"answers: {', '.join(f'{k}: {v}' for k, v in sorted(statuses.items(), key=str))}; "
          f"answered from stored results: {reused}")
    print(f"errors (other than 200 and deliberate 429): {sum(unexpected.values())} {unexpected or ''}")
    print(f"memory before: {before}")
    print(f"memory after:  {after}")
    sys.exit(1 if unexpected else 0)


if __name__ == "__main__":
    main()
