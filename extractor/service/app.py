"""The HTTP API (FastAPI): routes, error answers, auth and metrics around them.

Handlers only receive, store and answer; documents run in the dispatcher's worker pool
(queue.py) and their outcomes live in the job store (jobs.py), so a handler that waits
(``?wait=``) holds a connection, never a worker or the event loop.

(No ``from __future__ import annotations`` here: FastAPI reads the routes' annotations at
run time, and those naming local aliases could not be resolved from strings.)
"""

import asyncio
import contextlib
import logging
import os
import re
import secrets
import shutil
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from extractor.batch.store import output_path
from extractor.batch.work import Status
from extractor.limits import Limits, OcrMode, PdfBackend
from extractor.names import is_utf8, raw_bytes, shortened, shown
from extractor.service import auth, uploads
from extractor.service.errors import DISK_FULL_MESSAGE, ApiError, ErrorCode, Scrubber, code_for, disk_full
from extractor.service.jobs import (
    DocState,
    Document,
    Job,
    JobKind,
    JobState,
    JobStore,
    new_job_id,
)
from extractor.service.metrics import Metrics
from extractor.service.origins import OriginGuard, OriginPolicy
from extractor.service.queue import Dispatcher
from extractor.service.settings import ServiceSettings

log = logging.getLogger("govreport.service")

# OCR modes from least to most work.
_OCR_COST = {OcrMode.NEVER: 0, OcrMode.AUTO: 1, OcrMode.ALWAYS: 2}


class ExportFormat(StrEnum):
    CSV = "csv"
    PARQUET = "parquet"
    XLSX = "xlsx"


_EXPORT_MEDIA = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.PARQUET: "application/vnd.apache.parquet",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _iso(t: float | None) -> str | None:
    return datetime.fromtimestamp(t, UTC).isoformat(timespec="seconds").replace("+00:00", "Z") if t else None


def _error(error: ApiError) -> JSONResponse:
    headers = {"Retry-After": str(error.retry_after)} if error.retry_after is not None else None
    if error.code == ErrorCode.UNAUTHORIZED:
        headers = {"WWW-Authenticate": "Bearer"}
    return JSONResponse(error.body(), status_code=error.status, headers=headers)


def _unexpected(exc: BaseException, where: str) -> ApiError:
    """The JSON answer to an exception no handler expected: 507 when the disk is full (one
    log line: the state of the machine, not a bug), else 500 with the traceback logged."""
    if disk_full(exc):
        log.error("%s: the disk is full (%s)", where, exc)
        return ApiError(ErrorCode.DISK_FULL, DISK_FULL_MESSAGE, retry_after=60)
    log.error("unhandled error on %s", where, exc_info=exc)
    return ApiError(ErrorCode.INTERNAL_ERROR, "internal error (logged on the server)")


class _Guard:
    """Outermost ASGI layer: the API key where one is needed, every request counted and timed
    by its route template (never the raw path: ids would make one series each), and
    ``Connection: close`` on an answer given before the request's body was all received (a
    refused upload, a missing key, a full queue): uvicorn would otherwise read the rest of the
    body, however large, to keep the connection; closed, it reads no more."""

    def __init__(self, app: Any, settings: ServiceSettings, metrics: Metrics) -> None:
        self.app = app
        self.key = settings.api_key
        self.session_seconds = settings.session_seconds
        self.metrics = metrics

    async def __call__(self, scope: dict[str, Any], receive: Callable[[], Awaitable[Any]],
                       send: Callable[[Any], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start, status = time.perf_counter(), 500
        request_headers = dict(scope["headers"])
        unread = b"transfer-encoding" in request_headers or request_headers.get(b"content-length", b"0") not in (b"0", b"")

        async def receive_watched() -> Any:
            nonlocal unread
            message = await receive()
            if message["type"] == "http.request" and not message.get("more_body", False):
                unread = False
            return message

        async def counted(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                if unread:
                    message = {**message, "headers": [*message.get("headers", []), (b"connection", b"close")]}
            await send(message)

        started = False

        async def answering(message: dict[str, Any]) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await counted(message)

        try:
            if self.key is not None and auth.needs_key(scope["path"]):
                value = request_headers.get(b"authorization")
                cookie = request_headers.get(b"cookie")
                try:
                    auth.check(value.decode("latin-1") if value else None, self.key,
                               cookie.decode("latin-1") if cookie else None, self.session_seconds)
                except ApiError as exc:
                    if scope["method"] == "GET" and auth.is_page(scope["path"]):
                        # A person at the review page: the login form, not a JSON 401.
                        login = RedirectResponse(f"{auth.LOGIN_PATH}?next={quote(scope['path'])}", status_code=303)
                        await login(scope, receive_watched, counted)
                    else:
                        await _error(exc)(scope, receive_watched, counted)
                    return
            await self.app(scope, receive_watched, answering)
        except Exception as exc:  # noqa: BLE001 - answered here: re-raised, uvicorn would reset the connection
            error = _unexpected(exc, f"{scope['method']} {scope['path']}")
            if not started:
                await _error(error)(scope, receive_watched, counted)
        except asyncio.CancelledError:
            # The server is stopping (SIGTERM) with this request unfinished: a JSON 503, not
            # uvicorn's plain-text 500; the client may try again when it is back.
            if not started:
                stopping = ApiError(ErrorCode.NOT_READY, "the server is stopping; try again shortly", retry_after=5)
                with contextlib.suppress(Exception):
                    await _error(stopping)(scope, receive_watched, counted)
                # Answered: the request ends here, not as an "Exception in ASGI application"
                # with a traceback in the log (uvicorn's cancellation has done its work).
                return
            raise
        finally:
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            self.metrics.request(scope["method"], route, status, time.perf_counter() - start)


def create_app(settings: ServiceSettings) -> FastAPI:
    store = JobStore(settings.data_dir)
    metrics = Metrics()
    scrub = Scrubber(settings.data_dir)
    dispatcher = Dispatcher(settings, store, metrics, scrub)
    scratch = settings.data_dir / "tmp"

    def cleanup() -> int:
        expired = store.expired(settings.keep_days)
        for job_id in expired:
            store.delete(job_id)
        return len(expired)

    async def cleanup_loop() -> None:
        while True:
            await asyncio.sleep(settings.cleanup_every)
            try:
                removed = await run_in_threadpool(cleanup)
            except Exception:  # noqa: BLE001 - try again next time
                log.exception("cleanup failed")
                continue
            if removed:
                log.info("removed %d jobs older than %g days", removed, settings.keep_days)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True, exist_ok=True)
        store.remove_orphans()
        removed = cleanup()
        dispatcher.start()
        log.info("govreport serve: %d workers, data in %s; %d documents queued again, %d old jobs removed",
                 settings.jobs, settings.data_dir, dispatcher.recovered, removed)
        cleaner = asyncio.create_task(cleanup_loop())
        try:
            yield
        finally:
            cleaner.cancel()
            await run_in_threadpool(dispatcher.stop)
            store.close()

    app = FastAPI(
        title="govreport",
        summary="Government information disclosure annual reports to validated JSON",
        description="Error answers are `{\"error\": {\"code\", \"message\"}}`; statuses follow the command line's "
        "exit codes: 422 not a report, 415 cannot be read or unsupported, 413 over a limit, 202 still running, "
        "429 busy (see Retry-After); 403 a write from another origin, 421 an unknown Host name, 503 not ready or "
        "overloaded (see Retry-After), 507 the server's disk is full.",
        version="1",
        lifespan=lifespan,
    )
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST", "DELETE"], allow_headers=["Authorization", "Content-Type"],
                           expose_headers=["Location", "Retry-After"])
    app.add_middleware(_Guard, settings=settings, metrics=metrics)
    # Outermost: a request for another Host or a cross-site write is refused before anything.
    app.add_middleware(OriginGuard, policy=OriginPolicy.make(settings.host, settings.public_names,
                                                             settings.cors_origins), answer=_error)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return _error(exc)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: ErrorCode.NOT_FOUND, 405: ErrorCode.METHOD_NOT_ALLOWED}.get(exc.status_code, ErrorCode.BAD_REQUEST)
        message = {404: "no such resource", 405: f"{request.method} is not allowed here"}.get(exc.status_code, str(exc.detail))
        response = JSONResponse({"error": {"code": str(code), "message": message}}, status_code=exc.status_code)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "path", "body"))
        return _error(ApiError(ErrorCode.BAD_REQUEST, f"{where}: {first.get('msg')}" if where else str(first.get("msg"))))

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> JSONResponse:
        return _error(_unexpected(exc, f"{request.method} {request.url.path}"))

    ceilings = settings.limits

    def document_limits(
        timeout: Annotated[float | None, Query(gt=0, description="Seconds for one document (at most the server's)")] = None,
        max_pages: Annotated[int | None, Query(ge=1, description="Refuse documents with more pages")] = None,
        max_file_mb: Annotated[float | None, Query(gt=0, description="Refuse files larger than this, MB")] = None,
        max_unzipped_mb: Annotated[float | None, Query(gt=0, description="Refuse zips (Word, uploads) that unpack "
                                                       "past this, MB")] = None,
        ocr: Annotated[OcrMode | None, Query(description="Read images by OCR: never, auto or always "
                                             "(at most the server's --ocr)")] = None,
        pdf_backend: Annotated[PdfBackend | None, Query(description="Library that reads PDFs: pdfium or pdfplumber "
                                                        "(default: the server's --pdf-backend)")] = None,
    ) -> Limits:
        """The request's limits: the server's, or lower where the request asks."""
        asked = {"timeout": timeout, "max_pages": max_pages, "max_file_mb": max_file_mb,
                 "max_unzipped_mb": max_unzipped_mb}
        chosen = {}
        for option, value in asked.items():
            ceiling = getattr(ceilings, option)
            if value is not None and ceiling is not None and value > ceiling:
                raise ApiError(ErrorCode.BAD_REQUEST, f"{option}: at most {ceiling:g} on this server")
            chosen[option] = value if value is not None else ceiling
        # OCR costs seconds a page: a request may ask for less of it than the server does, not more.
        if ocr is not None and _OCR_COST[ocr] > _OCR_COST[ceilings.ocr]:
            raise ApiError(ErrorCode.BAD_REQUEST, f"ocr: at most {ceilings.ocr.value} on this server")
        return Limits(**chosen, ocr=ocr or ceilings.ocr, pdf_backend=pdf_backend or ceilings.pdf_backend)

    Options = Annotated[Limits, Depends(document_limits)]

    def upload_limits(limits: Limits, documents: int) -> uploads.UploadLimits:
        return uploads.UploadLimits(settings.max_upload_bytes, int(limits.max_file_mb * 1e6), documents, limits)

    def owner_of(request: Request) -> str | None:
        return auth.owner(request.headers.get("cookie"), settings.api_key, settings.session_seconds)

    def admit() -> None:
        """Refuse before reading a byte of the body when the queue is already full."""
        if store.depth() >= settings.max_queue:
            raise ApiError(ErrorCode.BUSY, f"the queue is full ({settings.max_queue} documents waiting); try again later",
                           retry_after=dispatcher.retry_after())

    async def receive(request: Request, job_id: str, limits: Limits, documents: int,
                      unzip: bool) -> list[uploads.NewDocument]:
        folder = store.input_dir(job_id)
        try:
            files = await uploads.receive(dict(request.headers), request.stream(), folder,
                                          upload_limits(limits, documents))
            return await run_in_threadpool(uploads.documents, files, folder, upload_limits(limits, documents), unzip)
        except ClientDisconnect:
            shutil.rmtree(store.job_dir(job_id), ignore_errors=True)
            raise ApiError(ErrorCode.BAD_REQUEST, "the client went away during the upload") from None
        except BaseException:
            shutil.rmtree(store.job_dir(job_id), ignore_errors=True)
            raise

    async def until_done(job_id: str, wait: float) -> Job | None:
        """The job once done, or as it is when ``wait`` seconds have passed."""
        deadline = time.monotonic() + wait
        while True:
            with dispatcher.watch(job_id) as changed:
                job = store.get(job_id)
                left = deadline - time.monotonic()
                if job is None or job.state == JobState.DONE or left <= 0:
                    return job
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(changed, left)

    def job_url(job_id: str) -> str:
        return f"/v1/jobs/{job_id}"

    def document_url(doc: Document) -> str:
        return f"/v1/jobs/{doc.job_id}/documents/{doc.n}"

    def summary(doc: Document) -> dict[str, Any]:
        return {
            "n": doc.n,
            "name": shown(doc.name),
            "state": doc.state,
            "status": doc.status,
            "seconds": doc.seconds,
            "error": {"code": code_for(doc.reason), "message": doc.error} if doc.error else None,
            "reused": doc.reused,
            "url": document_url(doc),
        }

    def status_body(job: Job) -> dict[str, Any]:
        return {
            "id": job.id,
            "kind": job.kind,
            "state": job.state,
            "created": _iso(job.created),
            "finished": _iso(job.finished),
            "total": len(job.documents),
            "counts": job.counts(),
            "documents": [summary(d) for d in job.documents],
            "links": {"self": job_url(job.id), "results": f"{job_url(job.id)}/results",
                      "export": f"{job_url(job.id)}/export?format=csv"},
        }

    def still_running(job: Job) -> JSONResponse:
        return JSONResponse(status_body(job), status_code=202,
                            headers={"Location": job_url(job.id), "Retry-After": "1"})

    def document_answer(doc: Document) -> Response:
        """A finished document as ``govreport extract`` gives it (same bytes), or its error."""
        if doc.state != DocState.DONE:
            job = store.get(doc.job_id)
            assert job is not None
            return still_running(job)
        headers = {"Content-Location": document_url(doc)}
        if doc.status == Status.OK:
            try:
                data = store.result_path(doc.job_id, doc.n).read_bytes()
            except OSError:
                raise ApiError(ErrorCode.NOT_FOUND, "the result has been removed") from None
            return Response(data, media_type="application/json", headers=headers)
        error = ApiError(code_for(doc.reason), doc.error or "failed")
        return JSONResponse(error.body(), status_code=error.status, headers=headers)

    def get_job(job_id: str) -> Job:
        job = store.get(job_id)
        if job is None:
            raise ApiError(ErrorCode.NOT_FOUND, "no such job (finished jobs are kept "
                           f"{settings.keep_days:g} days)")
        return job

    Wait = Annotated[float, Query(ge=0, le=settings.max_wait, description="Seconds to wait for the job to finish")]

    @app.post("/v1/extract", status_code=200, tags=["documents"])
    async def extract(request: Request, limits: Options,
                      wait: Annotated[float, Query(ge=0, le=settings.max_wait, description="Seconds to wait before "
                                                   "answering 202 with a job")] = settings.extract_wait) -> Response:
        """One report (a multipart file part) to its JSON document, the same bytes as
        `govreport extract`; or its error. Past `wait` seconds: 202 and the job's Location."""
        admit()
        job_id = new_job_id()
        new = await receive(request, job_id, limits, 2, unzip=False)
        if len(new) != 1:
            shutil.rmtree(store.job_dir(job_id), ignore_errors=True)
            raise ApiError(ErrorCode.BAD_REQUEST, "POST /v1/extract takes one file; send several to POST /v1/jobs")
        # A stored result answers it through a job of its own (the result linked in): the
        # answer never points into another client's job.
        try:
            job = store.create(job_id, JobKind.EXTRACT, limits, new, settings.max_queue, dispatcher.retry_after(),
                                 owner_of(request))
        except BaseException:
            shutil.rmtree(store.job_dir(job_id), ignore_errors=True)
            raise
        metrics.reused(sum(1 for d in job.documents if d.reused))
        dispatcher.submit(job)
        done = await until_done(job_id, wait)
        if done is None:
            raise ApiError(ErrorCode.NOT_FOUND, "the job was deleted")
        if done.state != JobState.DONE:
            return still_running(done)
        return document_answer(done.documents[0])

    @app.post("/v1/jobs", status_code=202, tags=["jobs"])
    async def create_job(request: Request, limits: Options) -> JSONResponse:
        """Many reports: several file parts, or zips (unpacked with the Word reader's guards:
        declared sizes, member count, no name leaves the job). 202 with the job's Location."""
        admit()
        job_id = new_job_id()
        new = await receive(request, job_id, limits, settings.max_job_documents, unzip=True)
        try:
            job = store.create(job_id, JobKind.BATCH, limits, new, settings.max_queue, dispatcher.retry_after(),
                                 owner_of(request))
        except BaseException:
            shutil.rmtree(store.job_dir(job_id), ignore_errors=True)
            raise
        metrics.reused(sum(1 for d in job.documents if d.reused))
        dispatcher.submit(job)
        return JSONResponse(status_body(job), status_code=202, headers={"Location": job_url(job_id)})

    @app.get("/v1/jobs/{job_id}", tags=["jobs"])
    async def job_status(job_id: str, wait: Wait = 0.0) -> JSONResponse:
        """Status and per-document progress; with `wait`, answers when the job is done or
        the seconds have passed (long poll)."""
        job = await until_done(job_id, wait) if wait else store.get(job_id)
        if job is None:
            get_job(job_id)
        assert job is not None
        return JSONResponse(status_body(job))

    @app.get("/v1/jobs/{job_id}/results", tags=["jobs"])
    async def job_results(job_id: str) -> JSONResponse:
        """The finished documents' manifest lines (as batch's manifest.jsonl) with a link each."""
        job = get_job(job_id)
        lines = []
        for doc in job.documents:
            if doc.state != DocState.DONE:
                continue
            line: dict[str, Any] = {"path": shown(doc.name), "sha256": doc.sha256, "status": doc.status,
                                    "seconds": doc.seconds, "failed_checks": doc.failed_checks, "error": doc.error}
            if not is_utf8(doc.name):
                line["path_bytes_hex"] = raw_bytes(doc.name).hex()
            line["document"] = document_url(doc)
            lines.append(line)
        return JSONResponse({"id": job.id, "state": job.state, "total": len(job.documents), "results": lines})

    @app.get("/v1/jobs/{job_id}/documents/{n}", tags=["jobs"])
    async def job_document(job_id: str, n: int) -> Response:
        """One document's JSON (or its error; 202 while it waits or runs)."""
        get_job(job_id)
        doc = store.document(job_id, n)
        if doc is None:
            raise ApiError(ErrorCode.NOT_FOUND, f"the job has no document {n}")
        return document_answer(doc)

    @app.get("/v1/jobs/{job_id}/export", tags=["jobs"])
    async def job_export(job_id: str, format: ExportFormat = ExportFormat.CSV, wide: bool = False) -> Response:
        """The job's documents as one table (`govreport export`: long, or `wide`), or a workbook (xlsx)."""
        job = get_job(job_id)
        if job.state != JobState.DONE:
            return still_running(job)
        done = [d for d in job.documents if d.status == Status.OK]
        if not done:
            raise ApiError(ErrorCode.NOTHING_TO_EXPORT, "no document of this job was read")
        folder = scratch / f"export-{secrets.token_hex(8)}"
        try:
            target = await run_in_threadpool(_export, store, job, done, folder, format, wide)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return FileResponse(target, media_type=_EXPORT_MEDIA[format], filename=f"{job_id}.{format}",
                            background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True))

    @app.delete("/v1/jobs/{job_id}", tags=["jobs"])
    async def delete_job(job_id: str) -> JSONResponse:
        """Cancel (a worker on one of its documents is stopped at once) and remove the job,
        its files and results."""
        get_job(job_id)
        cancelled = await asyncio.wait_for(asyncio.wrap_future(dispatcher.cancel(job_id)), 60)
        await run_in_threadpool(store.delete, job_id)
        return JSONResponse({"id": job_id, "deleted": True, "cancelled": cancelled})

    @app.get("/v1/schema", tags=["documents"])
    async def schema() -> JSONResponse:
        """The JSON Schema of the document (`govreport schema`)."""
        from extractor.schema import labelled_schema

        return JSONResponse(labelled_schema())

    @app.get("/healthz", tags=["operations"])
    async def healthz() -> dict[str, str]:
        """The process is up."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["operations"])
    async def readyz() -> JSONResponse:
        """Workers alive, data folder writable, database answering."""
        problems = []
        if not dispatcher.alive():
            problems.append("the workers are not running")
        try:
            probe = scratch / f"probe-{secrets.token_hex(4)}"
            probe.write_bytes(b"ok")
            probe.unlink()
        except OSError as exc:
            problems.append(f"the data folder is not writable ({exc.strerror})")
        try:
            store.db.query("SELECT 1")
        except Exception as exc:  # noqa: BLE001 - any database failure means not ready
            problems.append(f"the database does not answer ({type(exc).__name__})")
        if problems:
            return _error(ApiError(ErrorCode.NOT_READY, "; ".join(problems), retry_after=5))
        return JSONResponse({"status": "ready", "workers": settings.jobs, "queued": store.depth()})

    @app.get("/metrics", tags=["operations"], response_class=PlainTextResponse)
    async def prometheus() -> PlainTextResponse:
        """Prometheus text: requests, durations, documents by outcome, queue depth."""
        gauges = {
            "govreport_queue_depth": ("Documents waiting for a worker.", float(store.depth())),
            "govreport_documents_running": ("Documents a worker holds now.", float(dispatcher.running)),
            "govreport_workers": ("Worker processes.", float(settings.jobs)),
            "govreport_workers_alive": ("1 when every worker process is running.", float(dispatcher.alive())),
        }
        return PlainTextResponse(metrics.render(gauges), media_type="text/plain; version=0.0.4; charset=utf-8")

    _mount_review(app, settings, store)
    return app


def _mount_review(app: FastAPI, settings: ServiceSettings, store: JobStore) -> None:
    """The review page at ``/`` (extractor.review): pages over the job store, reviewers'
    corrections in the same database; and its login form when the server has a key."""
    from extractor.review.corrections import ReviewStore
    from extractor.review.pages import login_page, mount
    from extractor.review.reports import ServiceReports

    key = settings.api_key
    owner_of = None if key is None else (lambda cookie: auth.owner(cookie, key, settings.session_seconds))
    mount(app, ServiceReports(store, settings.list_jobs, owner_of), ReviewStore(store.db), settings.render)

    @app.get(auth.LOGIN_PATH, include_in_schema=False)
    async def login_form(next: str = "/") -> HTMLResponse:
        return login_page(auth.safe_next(next), failed=False, needed=settings.api_key is not None)

    @app.post(auth.LOGIN_PATH, include_in_schema=False)
    async def login(request: Request) -> Response:
        form = await request.form()
        given, target = str(form.get("key") or ""), auth.safe_next(str(form.get("next") or "/"))
        if settings.api_key is None:
            return RedirectResponse(target, status_code=303)
        try:
            auth.check(f"Bearer {given}", settings.api_key)
        except ApiError:
            return login_page(target, failed=True, needed=True)
        answer = RedirectResponse(target, status_code=303)
        answer.set_cookie(auth.COOKIE, auth.cookie_token(settings.api_key), httponly=True, samesite="strict",
                          max_age=int(settings.session_seconds), path="/")
        return answer


_NAME_BYTES = 200  # of a name in the export's folder: under the file system's 255 with "n~" and ".json"


def _link_result(docs: Path, doc: Document, result: Path) -> None:
    """A link to ``result`` named as the client named the file (the table's source_file);
    where that name cannot be a path here (too long, a NUL, a file where a folder must be,
    two files of one name), a flat numbered name from its last part instead."""
    try:
        link = output_path(docs, Path(doc.name))
        if link.exists() or any(len(os.fsencode(p)) > _NAME_BYTES for p in link.relative_to(docs).parts):
            raise ValueError("taken or too long")
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(result, link)
        return
    except (OSError, ValueError):
        pass
    base = re.split(r"[/\\]", doc.name)[-1].replace("\x00", "_") or "report"
    link = docs / f"{doc.n}~{shortened(base, _NAME_BYTES)}.json"
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(result, link)


def _export(store: JobStore, job: Job, done: list[Document], folder: Path, fmt: ExportFormat, wide: bool) -> Path:
    """``govreport export`` over the job's results: links named as the client named the
    files (the table's source_file), then the batch exporter on that folder."""
    from extractor.batch.export import Format, export

    docs = folder / "documents"
    for doc in done:
        _link_result(docs, doc, store.result_path(job.id, doc.n))
    target = folder / f"{job.id}.{fmt}"
    try:
        export(docs, Format(str(fmt)), target, wide=wide)
    except RuntimeError as exc:  # parquet without pyarrow, xlsx without XlsxWriter
        raise ApiError(ErrorCode.EXPORT_UNAVAILABLE, str(exc)) from None
    return target
