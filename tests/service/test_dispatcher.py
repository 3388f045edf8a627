"""The service's dispatcher, driven in this process without its thread or HTTP: a worker that
finishes a document takes the next queued one before the finished result is stored (the store
writes a file, syncs it and updates a row; a worker waiting for that would sit idle)."""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path

from extractor.limits import Limits
from extractor.service.errors import Scrubber
from extractor.service.jobs import JobKind, JobStore, NewDocument
from extractor.service.metrics import Metrics
from extractor.service.queue import Dispatcher
from extractor.service.settings import ServiceSettings
from tests.helpers import ROOT

SAMPLES = ROOT / "samples"


def test_a_freed_worker_starts_the_next_document_before_the_result_is_stored(tmp_path: Path) -> None:
    settings = ServiceSettings(data_dir=tmp_path, jobs=1, memory_mb=None)
    store = JobStore(tmp_path)
    dispatcher = Dispatcher(settings, store, Metrics(), Scrubber(tmp_path))
    job_id = "a" * 22
    store.input_dir(job_id).mkdir(parents=True)
    new = []
    for n, name in enumerate(["000_zibo_guofang_2024.txt", "002_zhoukou_guofang_2024.txt", "004_panzhihua_guofang_2023.txt"]):
        shutil.copy(SAMPLES / name, store.input_dir(job_id) / f"{n}.txt")
        digest = hashlib.sha256((SAMPLES / name).read_bytes()).hexdigest()
        new.append(NewDocument(name, digest, f"{n}.txt"))
    job = store.create(job_id, JobKind.EXTRACT, Limits(), new, max_queue=100, retry_after=1)

    running_at_record: list[list[str]] = []
    record = store.record

    def spy(result, scrub=str, **options):  # type: ignore[no-untyped-def]
        running_at_record.append([t.rel for t in dispatcher.pool.running()])
        return record(result, scrub, **options)

    store.record = spy  # type: ignore[method-assign]
    for doc in job.documents:
        dispatcher.pool.submit(store.task(doc, job.limits))
    dispatcher.pool.start()
    try:
        deadline = time.monotonic() + 120
        while len(running_at_record) < 3 and time.monotonic() < deadline:
            dispatcher._turn()
    finally:
        dispatcher.pool.close()
        store.close()
    # The one worker already holds the next document whenever a result is stored.
    assert running_at_record == [[f"{job_id}/1"], [f"{job_id}/2"], []]
    assert all(d.state == "done" and d.status == "ok" for d in JobStore(tmp_path).get(job_id).documents)
