"""A Dask worker against a local worker: the same files through `govreport batch --jobs N` and
through `govreport batch --scheduler` on a local Dask cluster of N single-thread worker
processes, in interleaved rounds, for text reports and for scans (issue 29).

    python scripts/benchmark_cluster.py [--jobs 2] [--rounds 5] [--files 400] [--scans 6] [--paths local dask dask-shared dask-relay] [--dask-defaults]
                                        [--json RUNS.json] [--project-from RUNS.json]

* **text**: ``--files`` copies of the TXT, DOCX and PDF samples (each copy's bytes differ, so
  none is skipped as done), as ``scripts/benchmark_batch.py`` builds them;
* **scans**: ``--scans`` copies of the PDFs in ``samples/scanned`` (taken in turn), read with
  ``--ocr always``.

The cluster (``dask scheduler`` and ``dask worker --nworkers N --nthreads 1``, started as
docs/batch.md shows, with its Dask settings: ``cluster.QUIET_DASK``; ``--dask-defaults``
leaves Dask's own) lives for the whole benchmark, as a real one would; one warm-up run of each path on
each set comes first and is not counted (the workers' pools start, the page cache fills). Each
round then runs every path on every set, each into a fresh output folder.

Printed per run and as medians: files/s as the batch reports it (its own clock, from planning
to the last result written), files/s of the whole command (Python start-up and imports
included), and CPU per file: for ``--jobs N`` the command and its workers (everything it
waited for); for Dask the submitting command, the scheduler, the nannies, the worker processes,
their pool hosts and the hosts' children, each read from /proc before and after. The load
average (`uptime`) before each run is printed beside it: the machine may be shared. The Dask/local
ratio is printed twice: of the two paths' medians, and round by round (each round's Dask run over
its local run, which follow each other; the median of those is less moved by a load that drifts
over minutes).

Last, a projection of a national run from the measured per-file costs (``--reports``,
``--scan-share``, ``--machines``, ``--cores``; ``--project-from`` recomputes it from the runs a
``--json`` file saved): the Dask path's CPU per file on the cluster (children, pool hosts,
workers, nannies, scheduler) times the number of reports of each kind, over the cluster's cores
(one single-thread worker per core); and the submitting command's CPU per file, which one
process must keep up with.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from benchmark_batch import build  # noqa: E402

from extractor.batch.cluster import dask_environment  # noqa: E402

BIN = Path(sys.executable).parent
_RATE = re.compile(r"; ([\d.]+) s, ([\d.]+) files/s")


@dataclass
class Run:
    path: str  # "local" or "dask"
    files: int
    batch_rate: float  # files/s by the batch's own clock
    command_rate: float  # files/s of the whole command
    cpu: Counter[str] = field(default_factory=Counter)  # CPU seconds by process role
    load: float = 0.0  # 1-minute load average before the run

    @property
    def cpu_ms_per_file(self) -> float:
        return 1000 * sum(self.cpu.values()) / self.files


def build_scans(folder: Path, count: int) -> None:
    sources = sorted((ROOT / "samples" / "scanned").glob("*.pdf"))
    for i, src in zip(range(count), itertools.cycle(sources), strict=False):
        target = folder / f"{i:03d}_{src.name}"
        shutil.copyfile(src, target)
        with target.open("ab") as fh:
            fh.write(f"\n%copy {i}\n".encode())


def _ticks(pid: int) -> tuple[float, float] | None:
    """(own CPU, CPU of its reaped children) in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    tick = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / tick, (int(fields[13]) + int(fields[14])) / tick


def _children_of() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(ppid, []).append(int(entry))
    return tree


class Cluster:
    """``dask scheduler`` and ``dask worker`` as the docs start them, for the whole benchmark."""

    def __init__(self, workers: int, folder: Path, quiet: bool) -> None:
        self.file = folder / "scheduler.json"
        env = {**os.environ, **(dask_environment() if quiet else {})}
        common = {"cwd": folder, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "start_new_session": True,
                  "env": env}
        self.scheduler = subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0",
                                           "--no-dashboard", "--scheduler-file", str(self.file)], **common)
        self._wait_for(lambda: self.file.exists(), "the scheduler")
        self.address = json.loads(self.file.read_text())["address"]
        self.worker = subprocess.Popen([str(BIN / "dask"), "worker", self.address, "--nworkers", str(workers),
                                        "--nthreads", "1", "--no-dashboard"], **common)
        self._wait_for(lambda: self._workers() == workers, f"{workers} workers")

    def _workers(self) -> int:
        from distributed import Client

        with Client(self.address, timeout=30) as client:
            return len(client.scheduler_info()["workers"])

    @staticmethod
    def _wait_for(ready, what: str) -> None:  # noqa: ANN001 - a zero-argument predicate
        deadline = time.monotonic() + 120
        while not ready():
            if time.monotonic() > deadline:
                raise SystemExit(f"benchmark_cluster: {what} did not start")
            time.sleep(0.5)

    def roles(self) -> dict[int, str]:
        """Every process of the cluster and its role."""
        tree = _children_of()
        roles = {self.scheduler.pid: "scheduler", self.worker.pid: "nannies"}
        for worker in tree.get(self.worker.pid, []):
            if b"resource_tracker" in Path(f"/proc/{worker}/cmdline").read_bytes():
                roles[worker] = "nannies"
                continue
            roles[worker] = "workers"
            for host in tree.get(worker, []):
                roles[host] = "pool hosts"
                stack = list(tree.get(host, []))
                while stack:
                    pid = stack.pop()
                    roles[pid] = "children"
                    stack.extend(tree.get(pid, []))
        return roles

    def cpu(self) -> dict[int, tuple[str, float, float]]:
        return {pid: (role, *t) for pid, role in self.roles().items() if (t := _ticks(pid)) is not None}

    def stop(self) -> None:
        for process in (self.worker, self.scheduler):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            process.wait(60)


def _cluster_delta(before: dict[int, tuple[str, float, float]], after: dict[int, tuple[str, float, float]]) -> Counter[str]:
    spent: Counter[str] = Counter()
    for pid, (role, own, reaped) in after.items():
        _, own0, reaped0 = before.get(pid, (role, 0.0, 0.0))
        spent[role] += own - own0
        # Reaped children: a host's replaced children are the children's; others are their own role's.
        spent["children" if role == "pool hosts" else role] += reaped - reaped0
    return spent


# The ways a batch runs: the local pool, and the cluster with the files' bytes in the tasks or
# read by the workers from a folder they share with the submitter.
PATHS = ("local", "dask", "dask-shared", "dask-relay")


def run(path: str, inputs: Path, out: Path, extra: list[str], jobs: int, cluster: Cluster) -> Run:
    command = [str(BIN / "govreport"), "batch", str(inputs), "-o", str(out), *extra]
    command += ["--jobs", str(jobs)] if path == "local" else ["--scheduler", cluster.address]
    if path == "dask-shared":
        command.append("--shared-input")  # the workers read the files; no bytes in the tasks
    env = None
    if path == "dask-relay":
        # Results relayed by the scheduler, as where the workers are not known to be reachable.
        env = {**os.environ, "DASK_DISTRIBUTED__CLIENT__DIRECT_TO_WORKERS": "False"}
    load = os.getloadavg()[0]
    before_cluster = cluster.cpu() if path != "local" else {}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    match = _RATE.search(done.stderr)
    if done.returncode != 0 or match is None:
        raise SystemExit(f"benchmark_cluster: {' '.join(command)} failed:\n{done.stderr[-2000:]}")
    files = sum(1 for _ in out.rglob("*.json"))
    own = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    cpu: Counter[str] = Counter({"command and its workers" if path == "local" else "submitting command": own})
    if path != "local":
        cpu.update(_cluster_delta(before_cluster, cluster.cpu()))
    shutil.rmtree(out)
    # The batch's own wall time (printed to 0.1 s) rather than its rounded files/s: scans are slow.
    return Run(path, files, files / float(match.group(1)), files / wall, cpu, load)


def _show(label: str, r: Run) -> None:
    parts = ", ".join(f"{k} {1000 * v / r.files:.1f}" for k, v in sorted(r.cpu.items()))
    print(f"  {label:5} {r.path:11}: {r.files} files, {r.batch_rate:7.3f} files/s (command {r.command_rate:7.3f}); "
          f"CPU {r.cpu_ms_per_file:7.1f} ms/file ({parts}); load {r.load:.2f}", flush=True)


def _median_costs(runs: list[dict]) -> tuple[float, float]:
    """(cluster CPU, submitting command's CPU) per file, seconds; medians over the runs."""
    cluster = statistics.median(sum(v for k, v in r["cpu"].items() if k != "submitting command") / r["files"]
                                for r in runs)
    submitter = statistics.median(r["cpu"].get("submitting command", 0.0) / r["files"] for r in runs)
    return cluster, submitter


def project(runs: dict[str, list[dict]], reports: int, scan_share: float, machines: int, cores: int) -> None:
    scans = round(reports * scan_share)
    texts = reports - scans
    (text_cpu, text_sub), (scan_cpu, scan_sub) = _median_costs(runs["text/dask"]), _median_costs(runs["scans/dask"])
    local_text = statistics.median(sum(r["cpu"].values()) / r["files"] for r in runs["text/local"])
    local_scan = statistics.median(sum(r["cpu"].values()) / r["files"] for r in runs["scans/local"])
    workers = machines * cores
    cpu = texts * text_cpu + scans * scan_cpu
    cluster_wall = cpu / workers
    # The submitter's cost per file from the text runs (its start-up, about a second, spread over
    # their hundreds of files): the scan runs' few files give mostly that start-up.
    submitter = reports * text_sub
    wall = max(cluster_wall, submitter)
    print(f"\nprojection: {reports:,} reports ({texts:,} with a text layer, {scans:,} scans: 1 in {1 / scan_share:.0f}) "
          f"on {machines} machines × {cores} cores = {workers} single-thread Dask workers")
    print(f"  measured per file on the cluster: text {1000 * text_cpu:.1f} ms, scan {scan_cpu:.2f} s CPU; "
          f"submitting command: {1000 * text_sub:.1f} ms (text runs; the scan runs' {1000 * scan_sub:.0f} ms "
          f"is mostly its start-up over their few files)")
    print(f"  cluster CPU {cpu / 3600:,.0f} core-hours ({100 * scans * scan_cpu / cpu:.1f}% of it scans): "
          f"{cluster_wall / 3600:.1f} h over {workers} cores")
    print(f"  submitting command: {submitter / 3600:.2f} core-hours in all, {100 * submitter / wall:.0f}% of one core "
          f"over the run ({'the bound' if submitter > cluster_wall else 'not the bound'})")
    print(f"  wall time ≈ {wall / 3600:.1f} h, {reports / wall:.0f} reports/s "
          f"(one machine of {cores} cores with `batch --jobs {cores}` at the local costs: "
          f"{(texts * local_text + scans * local_scan) / cores / 3600:.0f} h)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=2, help="local jobs, and Dask worker processes (1 thread each)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--files", type=int, default=400, help="text reports per run")
    parser.add_argument("--scans", type=int, default=6, help="scanned reports per run (samples/scanned in turn)")
    parser.add_argument("--sets", nargs="+", choices=("text", "scans"), default=["text", "scans"])
    parser.add_argument("--paths", nargs="+", choices=PATHS, default=["local", "dask"],
                        help="dask: file bytes sent in the tasks (the default of `batch --scheduler`); "
                        "dask-shared: `--shared-input`, the workers read the files; "
                        "dask-relay: as dask, results relayed by the scheduler (Dask's default)")
    parser.add_argument("--dask-defaults", action="store_true", help="run the cluster with Dask's own settings")
    parser.add_argument("--json", type=Path, help="also write every run here")
    parser.add_argument("--project-from", type=Path, help="only print the projection, from runs a --json saved")
    parser.add_argument("--reports", type=int, default=500_000)
    parser.add_argument("--scan-share", type=float, default=1 / 7, help="share of the reports that are scans")
    parser.add_argument("--machines", type=int, default=10)
    parser.add_argument("--cores", type=int, default=16, help="cores per machine (one worker process each)")
    args = parser.parse_args()
    if args.project_from:
        project(json.loads(args.project_from.read_text()), args.reports, args.scan_share, args.machines, args.cores)
        return
    paths = ["local", *[p for p in PATHS if p != "local" and p in args.paths]]
    with tempfile.TemporaryDirectory(prefix="govreport-bench-cluster-") as tmp:
        base = Path(tmp)
        every = {"text": (base / "text", []), "scans": (base / "scans", ["--ocr", "always"])}
        sets = {name: every[name] for name in args.sets}
        for folder, _ in sets.values():
            folder.mkdir()
        if "text" in sets:
            build(sets["text"][0], args.files, ROOT / "samples")
        if "scans" in sets:
            build_scans(sets["scans"][0], args.scans)
        cluster = Cluster(args.jobs, base, quiet=not args.dask_defaults)
        runs: dict[tuple[str, str], list[Run]] = {}
        try:
            print("warm-up (not counted)", flush=True)
            for name, (folder, extra) in sets.items():
                for path in paths:
                    _show(name, run(path, folder, base / "out", extra, args.jobs, cluster))
            for round_ in range(args.rounds):
                print(f"round {round_ + 1}", flush=True)
                for name, (folder, extra) in sets.items():
                    # Rotate which path goes first, so none always follows another.
                    for path in paths[round_ % len(paths):] + paths[:round_ % len(paths)]:
                        r = run(path, folder, base / "out", extra, args.jobs, cluster)
                        runs.setdefault((name, path), []).append(r)
                        _show(name, r)
        finally:
            cluster.stop()
    settings = "Dask's own settings" if args.dask_defaults else "QUIET_DASK settings"
    print(f"\nmedians of {args.rounds} rounds, --jobs {args.jobs} against {args.jobs} Dask workers × 1 thread "
          f"({settings}):")
    for name in sets:
        local = runs[(name, "local")]
        rate = {p: statistics.median(r.batch_rate for r in runs[(name, p)]) for p in paths}
        for p in paths:
            rs = runs[(name, p)]
            roles = Counter[str]()
            for r in rs:
                roles.update({k: v / r.files / len(rs) for k, v in r.cpu.items()})
            parts = ", ".join(f"{k} {1000 * v:.1f}" for k, v in sorted(roles.items()))
            print(f"  {name:5} {p:11}: {rate[p]:7.3f} files/s (command {statistics.median(r.command_rate for r in rs):7.3f}), "
                  f"CPU {statistics.median(r.cpu_ms_per_file for r in rs):7.1f} ms/file ({parts})")
        loads = [r.load for p in paths for r in runs[(name, p)]]
        for p in paths[1:]:
            # Each round's runs follow each other, so their ratio is less moved by the machine's
            # drift (neighbours' load rising or falling over minutes) than the ratio of the medians.
            paired = [d.batch_rate / lo.batch_rate for lo, d in zip(local, runs[(name, p)], strict=True)]
            print(f"  {name:5} {p}/local {rate[p] / rate['local']:.2f}× of the medians; "
                  f"round by round {statistics.median(paired):.2f}× (median; {min(paired):.2f}–{max(paired):.2f}) "
                  f"(load average {min(loads):.2f}–{max(loads):.2f})")
    saved = {f"{k[0]}/{k[1]}": [r.__dict__ for r in v] for k, v in runs.items()}
    if args.json:
        args.json.write_text(json.dumps(saved, indent=1))
    if len(sets) == 2 and "dask" in paths:
        project(json.loads(json.dumps(saved)), args.reports, args.scan_share, args.machines, args.cores)


if __name__ == "__main__":
    main()
