"""The Dask worker's long-lived pool (a pool host per worker process): reused by every task,
its children replaced when they die or are cancelled, gone when its worker dies, and
allocating as a local batch's children do (not with the nanny's malloc settings)."""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest

from extractor.batch.hosted_pool import HostedPool
from extractor.batch.manifest import read as read_manifest
from extractor.batch.pool import descendants
from extractor.batch.pool_host import allocator_environment
from extractor.batch.runner import BatchOptions, run_batch
from extractor.batch.work import Status, Task
from extractor.limits import Limits
from tests.helpers import ROOT

SAMPLE = ROOT / "samples" / "000_zibo_guofang_2024.txt"
_WAIT = 60.0  # seconds allowed for a process to appear or go on a loaded machine (never a measured figure)


def _until(condition, what: str) -> None:  # noqa: ANN001 - a zero-argument predicate
    deadline = time.monotonic() + _WAIT
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for {what}"
        time.sleep(0.1)


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _task(path: Path, rel: str = "r.txt", timeout: float = 120) -> Task:
    return Task(str(path), rel, "", Limits(timeout=timeout, max_pages=5000))


def _children(pool: HostedPool) -> list[int]:
    assert pool._process is not None
    return descendants(pool._process.pid)


@pytest.fixture
def pool():
    made: list[HostedPool] = []

    def make(memory_mb: float | None = None) -> HostedPool:
        made.append(HostedPool(1, memory_mb, kill_grace=0.0))
        return made[-1]

    yield make
    for p in made:
        p.close()
        if p._process is not None:
            p._process.wait(30)


def test_one_host_runs_every_task_in_the_same_preloaded_child(pool, tmp_path: Path) -> None:
    host = pool()
    first = host.submit(_task(SAMPLE, "a.txt"))[1].result(_WAIT)
    children = _children(host)
    second = host.submit(_task(SAMPLE, "b.txt"))[1].result(_WAIT)
    assert (first.status, first.rel, second.status, second.rel) == (Status.OK, "a.txt", Status.OK, "b.txt")
    assert len(children) == 1 and _children(host) == children  # no new process for the second document


def test_a_dead_child_is_replaced_and_its_document_alone_fails(pool, tmp_path: Path) -> None:
    host = pool()
    assert host.submit(_task(SAMPLE))[1].result(_WAIT).status == Status.OK
    (child,) = _children(host)
    os.kill(child, signal.SIGKILL)
    _until(lambda: not _alive(child), "the child to die")
    result = host.submit(_task(SAMPLE))[1].result(_WAIT)
    assert result.status == Status.OK
    assert child not in _children(host) and len(_children(host)) == 1


def test_a_document_over_the_memory_limit_is_stopped(pool, tmp_path: Path) -> None:
    from tests.corpus.bad_inputs import many_pages_pdf

    slow = many_pages_pdf(ROOT / "samples" / "000_zibo_guofang_2024.pdf", tmp_path / "slow.pdf", 3000)
    host = pool(memory_mb=1)  # every process is over 1 MB: the child is stopped at its first check
    result = host.submit(_task(slow, "slow.pdf", timeout=3600))[1].result(_WAIT)
    assert result.status == Status.FAILED and result.reason == "memory limit"


def test_a_cancelled_document_kills_its_child(pool, tmp_path: Path) -> None:
    from tests.corpus.bad_inputs import many_pages_pdf

    slow = many_pages_pdf(ROOT / "samples" / "000_zibo_guofang_2024.pdf", tmp_path / "slow.pdf", 3000)
    host = pool()
    assert host.submit(_task(SAMPLE))[1].result(_WAIT).status == Status.OK
    (child,) = _children(host)
    idle = _cpu_seconds(child)
    key, future = host.submit(_task(slow, "slow.pdf", timeout=3600))
    # Cancelled while running (one cancelled while still queued is dropped without a kill).
    _until(lambda: _cpu_seconds(child) > idle + 0.5, "the slow document to start in the child")
    host.cancel([key])
    _until(lambda: not _alive(child), "the cancelled document's child to be killed")
    assert not future.done()  # no result comes for a cancelled document
    assert host.submit(_task(SAMPLE))[1].result(_WAIT).status == Status.OK  # by a new child


def test_the_nannys_allocator_setting_is_taken_back_for_the_children() -> None:
    nanny = {"MALLOC_TRIM_THRESHOLD_": 65536, "OMP_NUM_THREADS": 1}
    env = allocator_environment({"MALLOC_TRIM_THRESHOLD_": "65536", "OMP_NUM_THREADS": "1", "PATH": "/bin"}, nanny)
    assert env == {"OMP_NUM_THREADS": "1", "PATH": "/bin"}
    # A value the user chose (not the nanny's) is theirs to keep.
    assert allocator_environment({"MALLOC_TRIM_THRESHOLD_": "0"}, nanny) == {"MALLOC_TRIM_THRESHOLD_": "0"}


def test_a_dask_worker_that_dies_takes_its_pool_with_it(tmp_path: Path) -> None:
    """The lost worker: its pool host and the document's child die with it, the batch gives
    every file an outcome; and the children never had the nanny's malloc setting."""
    distributed = pytest.importorskip("distributed")
    import dask

    from tests.corpus.bad_inputs import many_pages_pdf

    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(SAMPLE, inp / "good.txt")
    many_pages_pdf(ROOT / "samples" / "000_zibo_guofang_2024.pdf", inp / "slow.pdf", 3000)
    # A task on a worker that dies fails at once rather than being tried again elsewhere.
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                     dashboard_address=None) as cluster:
        options = BatchOptions(inp, tmp_path / "out", timeout=3600, scheduler=cluster.scheduler_address,
                               limits=Limits(max_pages=5000))
        outcome: dict[str, object] = {}
        batch = threading.Thread(target=lambda: outcome.update(summary=run_batch(options)))
        batch.start()
        (worker,) = [p for p in descendants(os.getpid()) if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]

        def pool_of_worker() -> list[int]:
            return descendants(worker)

        _until(lambda: len(pool_of_worker()) >= 2, "the worker's pool host and its child")
        below = pool_of_worker()
        for pid in below:
            assert b"MALLOC_TRIM_THRESHOLD_" not in Path(f"/proc/{pid}/environ").read_bytes()
        assert b"MALLOC_TRIM_THRESHOLD_" in Path(f"/proc/{worker}/environ").read_bytes()
        os.kill(worker, signal.SIGKILL)
        _until(lambda: not any(_alive(pid) for pid in below), "the dead worker's pool to go")
        batch.join(_WAIT * 5)
        assert not batch.is_alive()
    manifest = {e["path"]: e for e in read_manifest(tmp_path / "out")}
    assert set(manifest) == {"good.txt", "slow.pdf"}
    assert manifest["slow.pdf"]["status"] == "failed" and "cluster error" in manifest["slow.pdf"]["error"]


def test_a_cancelled_dask_task_kills_its_documents_child(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    from extractor.batch.cluster import run_chunk
    from tests.corpus.bad_inputs import many_pages_pdf

    slow = many_pages_pdf(ROOT / "samples" / "000_zibo_guofang_2024.pdf", tmp_path / "slow.pdf", 3000)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        (worker,) = [p for p in descendants(os.getpid()) if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]
        warm = client.submit(run_chunk, [_task(SAMPLE)], [None], None, pure=False)
        assert [r.status for r in warm.result(_WAIT)] == [Status.OK]
        (host,) = descendants(worker)[:1]
        (child,) = descendants(host)
        future = client.submit(run_chunk, [_task(slow, "slow.pdf", timeout=3600)], [None], None, pure=False)
        idle = _cpu_seconds(child)
        _until(lambda: _cpu_seconds(child) > idle + 0.5, "the slow document to start in the child")
        client.cancel(future, force=True)
        _until(lambda: not _alive(child), "the cancelled task's child to be killed")
        again = client.submit(run_chunk, [_task(SAMPLE)], [None], None, pure=False)
        assert [r.status for r in again.result(_WAIT)] == [Status.OK]
        assert descendants(worker)[0] == host  # the same host, with a new child


def test_the_documented_dask_settings_are_the_codes() -> None:
    from extractor.batch.cluster import dask_environment

    page = (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")
    for name, value in dask_environment().items():
        assert f"{name}={value}" in page


def test_a_workers_pool_host_starts_when_a_client_connects_and_its_tasks_use_it(tmp_path: Path) -> None:
    """The pool host starts as the batch's client connects, before any task: its interpreter
    and imports are ready sooner; the first task then runs on that host, not on a second."""
    distributed = pytest.importorskip("distributed")

    from extractor.batch.cluster import run_on_dask

    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        (worker,) = [p for p in descendants(os.getpid()) if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]

        def hosts() -> list[int]:
            """The worker's pool hosts (its own children running the host; theirs are forks)."""
            return [p for p in descendants(worker) if b"pool_host" in Path(f"/proc/{p}/cmdline").read_bytes()
                    and int(Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[1]) == worker]

        assert hosts() == []
        assert list(run_on_dask([], cluster.scheduler_address)) == []
        _until(lambda: len(hosts()) == 1, "the pool host started on connecting")
        started = hosts()
        (result,) = run_on_dask([_task(SAMPLE)], cluster.scheduler_address)
        assert result.status is Status.OK and hosts() == started


def test_a_worker_that_does_not_see_an_input_sent_by_identity_runs_nothing_and_says_so(tmp_path: Path) -> None:
    """Issue 29: a document sent by its file's identity (device, inode, size, mtime) is run
    only where the worker finds that very file at the path; elsewhere its result is the
    marker the client resends it with its bytes on, and no pool is started for it."""
    from extractor.batch import cluster

    doc = tmp_path / "a.txt"
    shutil.copy(SAMPLE, doc)
    seen = cluster.FileIdentity.of(str(doc))
    other = cluster.FileIdentity(seen.device, seen.inode, seen.size + 1, seen.mtime_ns)
    (result,) = cluster.run_chunk([_task(doc)], [other])
    assert result.status is Status.FAILED and result.reason == cluster._UNSEEN
    assert cluster.identity_seen(str(tmp_path / "missing.txt")) is None


def test_a_cluster_on_this_machine_reads_the_inputs_itself_and_the_bytes_go_when_asked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 29: workers that see the client's first input as the client does (a cluster on
    this machine) are sent each document's identity, not its bytes, and their results come
    straight back (no gather through the scheduler); with ``Inputs.BYTES`` the bytes go and
    the results come through the scheduler, as Dask's default. The documents come out the
    same either way."""
    distributed = pytest.importorskip("distributed")
    from extractor.batch import cluster

    docs = []
    for i in range(3):
        docs.append(tmp_path / f"d{i}.txt")
        shutil.copy(SAMPLE, docs[-1])
    read: list[str] = []
    real_read = cluster._read
    monkeypatch.setattr(cluster, "_read", lambda task: read.append(task.rel) or real_read(task))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as lc:
        relayed: list[object] = []
        gather = lc.scheduler.handlers["gather"]

        async def counted(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - the handler's own signature
            relayed.append(kwargs.get("keys"))
            return await gather(*args, **kwargs)

        lc.scheduler.handlers["gather"] = counted
        auto = list(cluster.run_on_dask([_task(d, d.name) for d in docs], lc.scheduler_address))
        assert read == [] and relayed == []
        sent = list(cluster.run_on_dask([_task(d, d.name) for d in docs], lc.scheduler_address,
                                        inputs=cluster.Inputs.BYTES))
        assert sorted(read) == sorted(d.name for d in docs)
        assert relayed
    assert [r.status for r in auto] == [Status.OK] * 3
    assert sorted((r.rel, r.json_text) for r in auto) == sorted((r.rel, r.json_text) for r in sent)


def test_a_document_a_worker_does_not_see_goes_again_with_its_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 29: the workers saw the first input, but one later file is not, for the worker,
    the file the client named (here: the client's identity of it is made to differ, as for a
    worker that joined later on another machine). That document comes back unrun and goes
    again with its bytes; every document gets its result, once."""
    distributed = pytest.importorskip("distributed")
    from extractor.batch import cluster

    docs = []
    for i in range(3):
        docs.append(tmp_path / f"d{i}.txt")
        shutil.copy(SAMPLE, docs[-1])
    real_of = cluster.FileIdentity.of

    def of(path: str) -> cluster.FileIdentity:
        seen = real_of(path)
        return cluster.FileIdentity(seen.device, seen.inode, seen.size, seen.mtime_ns + 1) if path.endswith("d1.txt") else seen

    monkeypatch.setattr(cluster.FileIdentity, "of", staticmethod(of))
    read: list[str] = []
    real_read = cluster._read
    monkeypatch.setattr(cluster, "_read", lambda task: read.append(task.rel) or real_read(task))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as lc:
        results = list(cluster.run_on_dask([_task(d, d.name) for d in docs], lc.scheduler_address))
    assert read == ["d1.txt"]
    assert sorted(r.rel for r in results) == ["d0.txt", "d1.txt", "d2.txt"]
    assert all(r.status is Status.OK for r in results)
