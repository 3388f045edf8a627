"""The review page's routes: HTML pages rendered on the server, the page images and source
fragments, the reviewers' corrections and verdicts, and the downloads.

Mounted into ``govreport serve`` (``create_app``) and, read-only over a batch folder, into
the small app of ``govreport review OUT/`` (``review_app``). Everything the browser loads is
served from this package: no CDN, no build step.
"""

from __future__ import annotations

import functools
import json
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from extractor.batch.corpus_checks import corpus_checks
from extractor.names import shortened
from extractor.review import charts, labels, render
from extractor.review.corrections import InvalidReview, ReviewStore
from extractor.review.reports import FOLDER_JOB, Entry, FolderReports, JobInfo, Reports, load
from extractor.review.sources import Originals, RenderBusy, RenderLimits, SourceUnavailable, parse_box
from extractor.service.errors import ApiError, ErrorCode

HERE = Path(__file__).parent
STATUS_LABELS = {"ok": "完成", "failed": "失败", "not_report": "不是年报", "skipped": "跳过",
                 "queued": "排队中", "running": "处理中", "unsupported": "不支持"}
_RECENT_JOBS = 50
# Bytes of a report's name in a temporary export file's name: under the file system's 255
# with room for the number and ".json" around it.
_NAME_BYTES = 200


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["when"] = lambda t: datetime.fromtimestamp(t).strftime("%Y-%m-%d %H:%M") if t else ""
    env.filters["number"] = render.shown_number
    env.globals.update(STATUS_LABELS=STATUS_LABELS, SECTION_LABELS=labels.SECTION_LABELS,
                       column_label=labels.applicant_column_label)
    return env


def render_page(name: str, status: int = 200, *, read_only: bool = False, site_title: str = "govreport",
                **context: Any) -> HTMLResponse:
    html = environment().get_template(name).render(read_only=read_only, site_title=site_title, **context)
    return HTMLResponse(html, status_code=status)


@dataclass
class CorpusRow:
    """One report of a job in the corpus view."""

    entry: Entry
    agency: str | None = None
    year: int | None = None
    template: str | None = None
    failed: int = 0
    warnings: int = 0
    facts: dict[str, Any] | None = None  # what the charts draw from (extractor.review.charts)


class Review:
    def __init__(self, reports: Reports, store: ReviewStore | None, bounds: RenderLimits) -> None:
        self.reports, self.store = reports, store
        self.originals = Originals(bounds)

    # --- helpers -------------------------------------------------------------------------
    def page(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return render_page(name, status, read_only=self.reports.read_only, site_title=self.reports.title, **context)

    def error_page(self, status: int, message: str, job: JobInfo | None = None) -> HTMLResponse:
        return self.page("error.html", status, message=message, job=job, http_status=status)

    def job_or_none(self, job_id: str) -> JobInfo | None:
        try:
            return self.reports.job(job_id)
        except ValueError:
            return None

    def document(self, job_id: str, n: int) -> dict[str, Any]:
        """The stored document; ApiError 404 when there is none (failed, running, removed)."""
        try:
            doc = load(self.reports.document_bytes(job_id, n))
        except ValueError:
            doc = None
        if doc is None:
            raise ApiError(ErrorCode.NOT_FOUND, f"no extracted document {n} in job {job_id}")
        return doc

    def view(self, job_id: str, n: int, doc: dict[str, Any]) -> render.ReportView:
        if self.store is None:
            return render.build(doc)
        return render.build(doc, self.store.corrections(job_id, n), self.store.verdicts(job_id, n))

    def writable(self) -> ReviewStore:
        if self.store is None:
            raise ApiError(ErrorCode.METHOD_NOT_ALLOWED, "this review is read-only (govreport review): "
                           "corrections are stored by govreport serve")
        return self.store

    def corpus(self, job: JobInfo) -> tuple[list[CorpusRow], list[dict[str, Any]]]:
        rows, docs = [], []
        for entry in job.entries:
            row = CorpusRow(entry)
            doc = load(self.reports.document_bytes(job.id, entry.n)) if entry.status == "ok" else None
            if doc is not None:
                report = doc.get("report") or {}
                row.agency, row.year, row.template = report.get("agency"), report.get("year"), report.get("template")
                row.failed = sum(1 for c in doc.get("checks") or [] if c.get("status") == "fail")
                row.warnings = len(doc.get("warnings") or [])
                row.facts = charts.facts(entry.n, f"/review/jobs/{job.id}/documents/{entry.n}", doc)
                docs.append((str(entry.n), doc))
            rows.append(row)
        checks = corpus_checks(docs)
        names = {str(e.n): e.name for e in job.entries}
        for check in checks:
            check["names"] = [names.get(f, f) for f in check["files"]]
        return rows, checks

    def export_csv(self, job: JobInfo, only: int | None, wide: bool) -> bytes:
        """``govreport export`` (CSV, long or wide) over the job's documents, or one of them."""
        from extractor.batch.export import Format

        return self.exported(job, only, Format.CSV, wide)

    def exported(self, job: JobInfo, only: int | None, fmt: Any, wide: bool = False) -> bytes:
        """``govreport export`` in ``fmt`` (csv, xlsx) over the job's documents, or one of them."""
        from extractor.batch.export import NothingToExport, export

        folder = Path(tempfile.mkdtemp(prefix="govreport-review-"))
        try:
            docs = folder / "documents"
            docs.mkdir()
            for entry in job.entries:
                if only is not None and entry.n != only:
                    continue
                data = self.reports.document_bytes(job.id, entry.n)
                if data is None:
                    continue
                # Named as the report was (the table's source_file), numbered so two never clash.
                safe = shortened(entry.name.replace("/", "_").replace("\\", "_").replace("\x00", "_"),
                                 _NAME_BYTES) or "report"
                (docs / f"{entry.n:04d}-{safe}.json").write_bytes(data)
            target = folder / f"numbers.{fmt.value}"
            try:
                export(docs, fmt, target, wide=wide)
            except NothingToExport:
                raise ApiError(ErrorCode.NOTHING_TO_EXPORT, "no document of this job was read") from None
            except RuntimeError as exc:  # the writer's library is not installed
                raise ApiError(ErrorCode.EXPORT_UNAVAILABLE, str(exc)) from None
            return target.read_bytes()
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def _body(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ApiError(ErrorCode.BAD_REQUEST, "send a JSON object")
    return data


def review_router(reports: Reports, store: ReviewStore | None, bounds: RenderLimits) -> APIRouter:
    review = Review(reports, store, bounds)
    router = APIRouter(include_in_schema=False)

    @router.get("/", response_class=HTMLResponse)
    async def index(request: Request) -> Response:
        jobs = await run_in_threadpool(reports.recent, _RECENT_JOBS, request.headers.get("cookie"))
        if reports.read_only and jobs:
            return await job_page(FOLDER_JOB)
        return review.page("index.html", jobs=jobs)

    @router.get("/review/jobs/{job_id}", response_class=HTMLResponse)
    async def job_page(job_id: str) -> Response:
        job = await run_in_threadpool(review.job_or_none, job_id)
        if job is None:
            return review.error_page(404, "没有这个任务（已删除或已过期）")
        rows, checks = await run_in_threadpool(review.corpus, job) if job.done else ([CorpusRow(e) for e in job.entries], [])
        return review.page("job.html", job=job, rows=rows, corpus_checks=checks,
                           chart_data={"reports": [r.facts for r in rows if r.facts], "legend": charts.legend()})

    @router.get("/review/jobs/{job_id}/status")
    async def job_status(job_id: str) -> JSONResponse:
        job = await run_in_threadpool(review.job_or_none, job_id)
        if job is None:
            raise ApiError(ErrorCode.NOT_FOUND, "no such job")
        return JSONResponse({"id": job.id, "done": job.done, "documents": [
            {"n": e.n, "name": e.name, "state": e.state, "status": e.status, "error": e.error,
             "label": STATUS_LABELS.get(e.status or e.state, e.status or e.state)} for e in job.entries]})

    @router.get("/review/jobs/{job_id}/documents/{n}", response_class=HTMLResponse)
    async def report_page(job_id: str, n: int) -> Response:
        job = await run_in_threadpool(review.job_or_none, job_id)
        entry = next((e for e in job.entries if e.n == n), None) if job else None
        if job is None or entry is None:
            return review.error_page(404, "没有这份报告（任务已删除或已过期）")
        if entry.status != "ok":
            label = STATUS_LABELS.get(entry.status or entry.state, "")
            return review.error_page(200 if entry.state != "done" else 422,
                                     f"{entry.name}：{label} {entry.error or ''}", job)
        try:
            doc = await run_in_threadpool(review.document, job_id, n)
        except ApiError:
            return review.error_page(404, "这份报告的结果已不在了")
        view = await run_in_threadpool(review.view, job_id, n, doc)
        original = await run_in_threadpool(reports.original, job_id, n)
        return review.page("report.html", job=job, entry=entry, view=view, has_original=original is not None,
                           scale=review.originals.limits.scale)

    @router.get("/review/jobs/{job_id}/documents/{n}/pages/{page}.png")
    async def page_image(job_id: str, n: int, page: int, box: str | None = None) -> Response:
        try:
            area = parse_box(box)
        except ValueError as exc:
            raise ApiError(ErrorCode.BAD_REQUEST, str(exc)) from None
        original = await run_in_threadpool(reports.original, job_id, n)
        if original is None:
            raise ApiError(ErrorCode.NOT_FOUND, "the original is not available")
        doc = await run_in_threadpool(review.document, job_id, n)
        if (doc.get("source") or {}).get("format") != "pdf":
            raise ApiError(ErrorCode.NOT_FOUND, "page images are for PDF originals")
        try:
            png = await run_in_threadpool(review.originals.page, original, page, area)
        except SourceUnavailable as exc:
            raise ApiError(ErrorCode.NOT_FOUND, str(exc)) from None
        except RenderBusy as exc:
            raise ApiError(ErrorCode.OVERLOADED, f"busy reading originals ({exc}); try again later",
                           retry_after=review.originals.limits.retry_after) from None
        return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})

    @router.get("/review/jobs/{job_id}/documents/{n}/source", response_class=HTMLResponse)
    async def source_fragment(job_id: str, n: int, field: str) -> Response:
        """The original's table (Word, HTML, text) holding ``field``, its row and cell marked."""
        original = await run_in_threadpool(reports.original, job_id, n)
        if original is None:
            return review.page("source.html", message="原文不可用", table=None)
        try:
            read = await run_in_threadpool(review.originals.tables, original)
        except SourceUnavailable as exc:
            return review.page("source.html", message=f"无法读取原文：{exc}", table=None)
        except RenderBusy:
            return review.page("source.html", 503, message="服务器正忙于读取其他原文，请稍后再试", table=None)
        where = read["fields"].get(field)
        if where is None:
            return review.page("source.html", message="原文中没有这一项的位置（空白或未找到）", table=None)
        t, row, col = where
        return review.page("source.html", message=None, table=read["tables"][t], index=t, row=row, col=col,
                           text_copy=read["positions"] == "hints")

    @router.post("/review/jobs/{job_id}/documents/{n}/corrections", status_code=201)
    async def correct(job_id: str, n: int, request: Request) -> JSONResponse:
        store_ = review.writable()
        body = _body(await _json(request))
        doc = await run_in_threadpool(review.document, job_id, n)
        path = body.get("field")
        exists, extracted = render.get_value(doc["tables"], path) if isinstance(path, str) else (False, None)
        if not exists:
            raise ApiError(ErrorCode.BAD_REQUEST, f"no such field in this report: {path!r}")
        try:
            done = await run_in_threadpool(store_.correct, job_id, n, path, extracted, body.get("value"),
                                           body.get("who"), body.get("note"))
        except InvalidReview as exc:
            raise ApiError(ErrorCode.BAD_REQUEST, str(exc)) from None
        return JSONResponse({"field": done.field, "old": done.old, "new": done.new, "who": done.who, "at": done.at},
                            status_code=201)

    @router.post("/review/jobs/{job_id}/documents/{n}/verdicts", status_code=201)
    async def judge(job_id: str, n: int, request: Request) -> JSONResponse:
        store_ = review.writable()
        body = _body(await _json(request))
        doc = await run_in_threadpool(review.document, job_id, n)
        view = await run_in_threadpool(review.view, job_id, n, doc)
        check = body.get("check")
        if not any(c.id == check and c.status == "fail" for c in view.checks):
            raise ApiError(ErrorCode.BAD_REQUEST, f"no failed check {check!r} in this report")
        try:
            done = await run_in_threadpool(store_.judge, job_id, n, check, body.get("verdict"), body.get("who"),
                                           body.get("note"))
        except InvalidReview as exc:
            raise ApiError(ErrorCode.BAD_REQUEST, str(exc)) from None
        return JSONResponse({"check": done.check_id, "verdict": str(done.verdict), "who": done.who, "at": done.at},
                            status_code=201)

    @router.get("/review/jobs/{job_id}/documents/{n}/extracted.json")
    async def extracted_json(job_id: str, n: int) -> Response:
        data = await run_in_threadpool(reports.document_bytes, job_id, n)
        if data is None:
            raise ApiError(ErrorCode.NOT_FOUND, f"no extracted document {n} in job {job_id}")
        return Response(data, media_type="application/json",
                        headers={"Content-Disposition": f'attachment; filename="{job_id}-{n}.json"'})

    @router.get("/review/jobs/{job_id}/documents/{n}/corrected.json")
    async def corrected_json(job_id: str, n: int) -> Response:
        doc = await run_in_threadpool(review.document, job_id, n)
        history = store.corrections(job_id, n) if store else []
        verdicts = store.verdicts(job_id, n) if store else {}
        data = json.dumps(render.corrected_document(doc, history, verdicts), ensure_ascii=False, indent=2,
                          allow_nan=False)
        return Response(data.encode("utf-8"), media_type="application/json",
                        headers={"Content-Disposition": f'attachment; filename="{job_id}-{n}.corrected.json"'})

    @router.get("/review/jobs/{job_id}/numbers.csv")
    async def job_csv(job_id: str, wide: bool = False, n: int | None = None) -> Response:
        job = await run_in_threadpool(review.job_or_none, job_id)
        if job is None:
            raise ApiError(ErrorCode.NOT_FOUND, "no such job")
        data = await run_in_threadpool(review.export_csv, job, n, wide)
        name = f"{job_id}{'' if n is None else f'-{n}'}{'-wide' if wide else ''}.csv"
        return Response(data, media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @router.get("/review/jobs/{job_id}/data.xlsx")
    async def job_workbook(job_id: str) -> Response:
        from extractor.batch.export import Format

        job = await run_in_threadpool(review.job_or_none, job_id)
        if job is None:
            raise ApiError(ErrorCode.NOT_FOUND, "no such job")
        data = await run_in_threadpool(review.exported, job, None, Format.XLSX)
        return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="{job_id}.xlsx"'})

    return router


async def _json(request: Request) -> Any:
    # JSON only: a page on another site can post a form (text/plain, no preflight) to a
    # server on loopback, but not a body typed application/json without CORS allowing it.
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise ApiError(ErrorCode.BAD_REQUEST, "send the body as application/json")
    try:
        return json.loads(await request.body())
    except ValueError:
        raise ApiError(ErrorCode.BAD_REQUEST, "the body is not JSON") from None


def login_page(target: str, failed: bool, needed: bool) -> HTMLResponse:
    """The form that turns the API key into the review page's cookie (see service/auth.py)."""
    return render_page("login.html", 401 if failed else 200, next=target, failed=failed, needed=needed)


def mount(app: FastAPI, reports: Reports, store: ReviewStore | None, bounds: RenderLimits | None = None) -> None:
    """The review page's routes and static files on ``app``."""
    app.include_router(review_router(reports, store, bounds or RenderLimits()))
    app.mount("/review/static", StaticFiles(directory=HERE / "static"), name="review-static")


def review_app(out: Path, sources: Path | None, host: str = "127.0.0.1") -> FastAPI:
    """``govreport review OUT/``: the page over a batch folder, read-only."""
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException as StarletteHTTPException

    from extractor.service.origins import OriginGuard, OriginPolicy

    app = FastAPI(title="govreport review", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(OriginGuard, policy=OriginPolicy.make(host),
                       answer=lambda exc: JSONResponse(exc.body(), status_code=exc.status))

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after is not None else None
        return JSONResponse(exc.body(), status_code=exc.status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: ErrorCode.NOT_FOUND, 405: ErrorCode.METHOD_NOT_ALLOWED}.get(exc.status_code, ErrorCode.BAD_REQUEST)
        return JSONResponse({"error": {"code": str(code), "message": str(exc.detail)}}, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"msg": "invalid request"}
        return JSONResponse({"error": {"code": "bad_request", "message": str(first.get("msg"))}}, status_code=400)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    mount(app, FolderReports(out, sources), None)
    return app
