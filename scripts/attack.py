"""Attack a live `govreport serve` as a hostile client would: bounded loads, loopback only.

    python scripts/attack.py URL [--api-key KEY] [--only CASE ...] [--slow-connections 300]
    python scripts/attack.py --start [--only CASE ...]    (a throwaway server of this checkout)

Each case tries one thing the service must withstand (issue 26) and says whether it held,
with what it measured. Every load is bounded in count and time: a case never sends more
than its connections and seconds, and the URL must be a loopback address. Prints one line
per case and ``N cases tried, M held``; exit 1 when any did not hold.

The cases are plain functions of a ``Target``; tests/service/test_attack.py runs each of
them against a real server process, so the script and the tests cannot drift apart.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import ipaddress
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TXT = ROOT / "samples" / "000_zibo_guofang_2024.txt"


@dataclass
class Target:
    url: str
    api_key: str | None = None
    slow_connections: int = 300  # slowloris sockets held open at once
    slow_seconds: float = 20.0  # how long the slow clients are kept up
    # Seconds /healthz may take under attack and still count as held: a connection that meets
    # the listen queue full during a burst of reconnects is retried by TCP after 1 s.
    probe_budget: float = 2.0

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or "127.0.0.1"

    @property
    def port(self) -> int:
        return urlsplit(self.url).port or 80

    def headers(self, **extra: str) -> dict[str, str]:
        auth = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        return {**auth, **extra}

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60, headers=self.headers())


@dataclass
class Outcome:
    case: str
    held: bool
    detail: str
    figures: dict[str, float] = field(default_factory=dict)


Case = Callable[[Target], Outcome]
CASES: dict[str, Case] = {}


def case(function: Case) -> Case:
    CASES[function.__name__.removeprefix("case_")] = function
    return function


# --- helpers -------------------------------------------------------------------------------


def timed_get(target: Target, path: str, timeout: float) -> tuple[int | str, float]:
    """(status or the error's name, seconds) of one GET on a fresh connection."""
    start = time.perf_counter()
    try:
        status: int | str = httpx.get(target.url + path, timeout=timeout, headers=target.headers()).status_code
    except httpx.HTTPError as exc:
        status = type(exc).__name__
    return status, time.perf_counter() - start


@contextlib.contextmanager
def slow_clients(target: Target, count: int, request: bytes, every: float, reconnect: bool) -> Iterator[list[int]]:
    """``count`` sockets trickling ``request`` one byte every ``every`` seconds; with
    ``reconnect`` a socket the server closes is opened again (a persistent attacker).
    Yields a one-item list counting the connections the server closed."""
    stop = threading.Event()
    closed = [0]

    def connect() -> socket.socket | None:
        try:
            s = socket.create_connection((target.host, target.port), timeout=2)
            s.setblocking(False)
            return s
        except OSError:
            return None

    socks: list[tuple[socket.socket | None, int]] = [(connect(), 0) for _ in range(count)]

    def trickle() -> None:
        while not stop.wait(every):
            for i, (s, sent) in enumerate(socks):
                if s is None:
                    if reconnect:
                        socks[i] = (connect(), 0)
                    continue
                try:
                    with contextlib.suppress(BlockingIOError):
                        if s.recv(65536) == b"":
                            raise ConnectionResetError
                    s.send(request[sent % len(request):sent % len(request) + 1])
                    socks[i] = (s, sent + 1)
                except OSError:
                    s.close()
                    closed[0] += 1
                    socks[i] = (connect(), 0) if reconnect else (None, 0)

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    try:
        yield closed
    finally:
        stop.set()
        thread.join(10)
        for s, _ in socks:
            if s is not None:
                s.close()


def probe_while(target: Target, seconds: float, path: str = "/healthz") -> list[tuple[int | str, float]]:
    """GET ``path`` every half second for ``seconds``; each with a timeout of 5 s."""
    answers = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        answers.append(timed_get(target, path, 5.0))
        time.sleep(0.5)
    return answers


def _latency_figures(answers: list[tuple[int | str, float]]) -> dict[str, float]:
    times = sorted(t for _, t in answers)
    ok = sum(1 for s, _ in answers if s == 200)
    return {"probes": len(answers), "ok": ok, "median_s": statistics.median(times) if times else 0.0,
            "max_s": times[-1] if times else 0.0}


# --- the cases -----------------------------------------------------------------------------


@case
def case_slowloris(target: Target) -> Outcome:
    """Slow clients: many connections each sending one header byte every 2 s (reconnecting
    when dropped) must not stop /healthz, /readyz and an upload from being answered."""
    request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 4000 + b"\r\n\r\n"
    with slow_clients(target, target.slow_connections, request, every=2.0, reconnect=True) as closed:
        time.sleep(2.0)  # every connection open and trickling
        answers = probe_while(target, target.slow_seconds / 2)
        answers += probe_while(target, target.slow_seconds / 4, "/readyz")
        with target.client() as http:
            start = time.perf_counter()
            try:
                upload: int | str = http.post("/v1/jobs", files={"file": ("a.txt", b"x")}, timeout=10).status_code
            except httpx.HTTPError as exc:
                upload = type(exc).__name__
            upload_s = time.perf_counter() - start
    figures = _latency_figures(answers) | {"dropped": closed[0], "upload_s": upload_s}
    held = figures["ok"] == len(answers) and figures["max_s"] <= target.probe_budget and upload == 202
    return Outcome("slowloris", held, f"{target.slow_connections} slow connections: probes {figures['ok']}/"
                   f"{len(answers)} ok, median {figures['median_s'] * 1000:.0f} ms, max {figures['max_s'] * 1000:.0f} "
                   f"ms; upload {upload} in {upload_s:.2f} s; the server dropped {closed[0]} slow connections",
                   figures)


def huge_page_pdf(side: float = 10000.0) -> bytes:
    """A sample report with every page's media box stretched to ``side`` points square: it
    still extracts (the text keeps its place at the top left), a few hundred KB."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(ROOT / "samples" / "000_zibo_guofang_2024.pdf"))
    try:
        for i in range(len(pdf)):
            _, height = pdf[i].get_size()
            pdf[i].set_mediabox(0, height - side, side, height)
        out = io.BytesIO()
        pdf.save(out)
    finally:
        pdf.close()
    return out.getvalue()


def upload_one(target: Target, name: str, data: bytes) -> str:
    """POST /v1/extract; the document's path under /review/jobs/… (from Content-Location)."""
    with target.client() as http:
        answer = http.post("/v1/extract", params={"wait": 60}, files={"file": (name, data)})
    if answer.status_code != 200:
        raise RuntimeError(f"the upload got {answer.status_code}: {answer.text[:200]}")
    return answer.headers["content-location"].replace("/v1/jobs/", "/review/jobs/")


def _reader_children() -> list[int]:
    """PIDs of original-reading children on this machine (the server is on loopback)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                if b"extractor.review.original" in Path(f"/proc/{entry}/cmdline").read_bytes():
                    found.append(int(entry))
    return found


def _rss_mb(pid: int) -> float:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


@contextlib.contextmanager
def watch_children() -> Iterator[dict[str, float]]:
    """Samples the reader children every 20 ms: the most at once and the largest RSS."""
    seen = {"most_children": 0.0, "peak_child_mb": 0.0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.02):
            pids = _reader_children()
            seen["most_children"] = max(seen["most_children"], len(pids))
            for pid in pids:
                seen["peak_child_mb"] = max(seen["peak_child_mb"], _rss_mb(pid))

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield seen
    finally:
        stop.set()
        thread.join(5)


@case
def case_huge_page_image(target: Target) -> Outcome:
    """A valid PDF of 10000 × 10000 pt pages: its page images are drawn within the pixel cap
    (a few hundred MB at most), at most CPU-count children at once, and asked again they come
    from the cache."""
    doc = upload_one(target, "huge-pages.pdf", huge_page_pdf())
    pages = range(1, 7)
    answers: list[tuple[int, float, str | None]] = []

    def fetch(page: int) -> None:
        start = time.perf_counter()
        with target.client() as http:
            got = http.get(f"{doc}/pages/{page}.png", params={"box": "10,10,200,40"}, timeout=120)
        answers.append((got.status_code, time.perf_counter() - start, got.headers.get("retry-after")))

    with watch_children() as seen:
        threads = [threading.Thread(target=fetch, args=(p,)) for p in pages for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(180)
    first = max(s for _, s, _ in answers)
    # Busy is a fair answer to a burst, with Retry-After; the pages drawn are now cached.
    busy_ok = all(retry is not None for status, _, retry in answers if status == 503)
    statuses = sorted({a[0] for a in answers})
    for _ in range(2):  # the first pass draws what was refused as busy; the second is all cache
        answers.clear()
        for page in pages:
            fetch(page)
    drawn = [s for status, s, _ in answers if status == 200]
    # Cached: far below a fresh draw of the same page (compared with the first draw, not a
    # fixed time: on a loaded machine every answer is slower, a re-render several times so).
    again = statistics.median(drawn) if drawn else 0.0
    figures = {"peak_child_mb": seen["peak_child_mb"], "most_children": seen["most_children"],
               "slowest_s": first, "cached_s": again}
    held = (set(statuses) <= {200, 503} and busy_ok and seen["peak_child_mb"] < 600
            and seen["most_children"] <= (os.cpu_count() or 1) and again < max(0.5, first / 5))
    return Outcome("huge_page_image", held, f"12 requests for 6 pages of 10000 pt: statuses {statuses}, largest "
                   f"child {seen['peak_child_mb']:.0f} MB, at most {seen['most_children']:.0f} children at once, "
                   f"slowest {first:.1f} s; asked again {again * 1000:.0f} ms each", figures)


def _multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = "attack-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=file; filename=\"{name}\"\r\n\r\n").encode()
    return body + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@case
def case_cross_site_writes(target: Target) -> Outcome:
    """A form on another port or site posting an upload (the browser says where it came
    from): refused; the page's own upload (same origin) and curl (no Origin) still work."""
    body, ctype = _multipart("a.txt", SAMPLE_TXT.read_bytes())
    own = f"http://{target.host}:{target.port}"
    tries = {
        "another port, same site": {"Origin": f"http://{target.host}:1", "Sec-Fetch-Site": "same-site"},
        "another site": {"Origin": "http://attacker.example", "Sec-Fetch-Site": "cross-site"},
        "opaque origin": {"Origin": "null"},
        "Origin only": {"Origin": "http://attacker.example"},
    }
    got: dict[str, int] = {}
    with httpx.Client(base_url=target.url, timeout=60) as http:
        for what, headers in tries.items():
            got[what] = http.post("/v1/jobs", content=body, headers=target.headers(**headers, **{"Content-Type": ctype})).status_code
        login = http.post("/review/login", data={"key": "x", "next": "/"},
                          headers={"Origin": "http://attacker.example", "Sec-Fetch-Site": "cross-site"}).status_code
        same = http.post("/v1/jobs", content=body, headers=target.headers(
            Origin=own, **{"Sec-Fetch-Site": "same-origin", "Content-Type": ctype})).status_code
        plain = http.post("/v1/jobs", content=body, headers=target.headers(**{"Content-Type": ctype})).status_code
    held = all(v == 403 for v in got.values()) and login == 403 and same == 202 and plain == 202
    return Outcome("cross_site_writes", held, f"cross-site uploads {got}, cross-site login {login}; "
                   f"same-origin upload {same}, curl-like upload {plain}")


@case
def case_dns_rebinding(target: Target) -> Outcome:
    """Requests naming another Host (a rebound DNS name) get nothing: no index, no job, no
    document, no write; /healthz still answers (load balancers)."""
    evil = {"Host": "attacker.example"}
    job = upload_one(target, "rebinding.txt", SAMPLE_TXT.read_bytes())
    job_id = job.split("/")[3]
    with httpx.Client(base_url=target.url, timeout=60) as http:
        tried = {
            "index": http.get("/", headers=target.headers(**evil)).status_code,
            "job": http.get(f"/v1/jobs/{job_id}", headers=target.headers(**evil)).status_code,
            "document": http.get(f"{job}/extracted.json", headers=target.headers(**evil)).status_code,
            "correction": http.post(f"{job}/corrections", json={"field": "applications.granted.total", "value": 1,
                                                                "who": "x"}, headers=target.headers(**evil)).status_code,
        }
        healthz = http.get("/healthz", headers=evil).status_code
        own = http.get(f"/v1/jobs/{job_id}", headers=target.headers()).status_code
    held = all(v == 421 for v in tried.values()) and healthz == 200 and own == 200
    return Outcome("dns_rebinding", held, f"with Host: attacker.example {tried}, /healthz {healthz}; "
                   f"by its own name {own}")


@case
def case_security_headers(target: Target) -> Outcome:
    """Every page says it may not be framed, runs only its own scripts, is not sniffed;
    the login page does not render a javascript: link from ?next=."""
    with httpx.Client(base_url=target.url, timeout=60) as http:
        index = http.get("/", headers=target.headers())
        login = http.get("/review/login", params={"next": "javascript:alert(document.domain)//"})
    policy = index.headers.get("content-security-policy", "")
    held = ("frame-ancestors 'none'" in policy and "script-src 'self'" in policy
            and index.headers.get("x-content-type-options") == "nosniff"
            and "javascript:" not in login.text and "frame-ancestors" in login.headers.get("content-security-policy", ""))
    return Outcome("security_headers", held, f"CSP {policy!r}; nosniff {index.headers.get('x-content-type-options')}; "
                   f"login page renders javascript: {'javascript:' in login.text}")


@case
def case_reused_result_location(target: Target) -> Outcome:
    """An upload answered from a stored result points into its own job, never another
    client's (whose document names that job would show)."""
    data = SAMPLE_TXT.read_bytes()
    first = upload_one(target, "same.txt", data)
    second = upload_one(target, "same.txt", data)
    held = first.split("/")[3] != second.split("/")[3]
    return Outcome("reused_result_location", held, f"first {first}, second {second}")


_FORMULA = '=HYPERLINK("http://attacker.example","click")'


def _formula_cells(csv_text: str) -> list[str]:
    import csv

    cells = [c for row in csv.reader(io.StringIO(csv_text.lstrip("\ufeff"))) for c in row]
    plain = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
    return [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r")) and not plain.fullmatch(c)]


@case
def case_exports(target: Target) -> Outcome:
    """The job's CSV and the page's CSV: no cell a spreadsheet would run as a formula (an
    upload named =HYPERLINK(…), an agency or raw cell starting with = + - @), and names that
    cannot be file names here (300 bytes of Chinese, a NUL, x.txt beside x.txt.json/y.txt)
    still export."""
    text = SAMPLE_TXT.read_text(encoding="utf-8")
    names = [f"{_FORMULA}.txt", "长" * 100 + ".txt", "a\x00b.txt", "x.txt", "x.txt.json/y.txt", "@SUM(1+1).txt"]
    boundary = "attack-boundary"
    body = b"".join(f"--{boundary}\r\nContent-Disposition: form-data; name=file; filename=\"{n}\"\r\n\r\n".encode()
                    + f"{text}\n{i}".encode() + b"\r\n" for i, n in enumerate(names)) + f"--{boundary}--\r\n".encode()
    with target.client() as http:
        made = http.post("/v1/jobs", content=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        if made.status_code != 202:
            return Outcome("exports", False, f"the upload got {made.status_code}: {made.text[:200]}")
        job = made.json()["id"]
        http.get(f"/v1/jobs/{job}", params={"wait": 60})
        exports = {"job csv": http.get(f"/v1/jobs/{job}/export", params={"format": "csv"}),
                   "job csv wide": http.get(f"/v1/jobs/{job}/export", params={"format": "csv", "wide": "true"}),
                   "page csv": http.get(f"/review/jobs/{job}/numbers.csv"),
                   "page csv wide": http.get(f"/review/jobs/{job}/numbers.csv", params={"wide": "true"})}
    statuses = {k: v.status_code for k, v in exports.items()}
    formulas = {k: _formula_cells(v.text) for k, v in exports.items() if v.status_code == 200}
    held = set(statuses.values()) == {200} and not any(formulas.values())
    return Outcome("exports", held, f"statuses {statuses}; cells a spreadsheet would run: "
                   f"{ {k: v[:3] for k, v in formulas.items()} }")


def encrypted_zip() -> bytes:
    """A zip whose one report member says it is encrypted (bit 0 of its flags, in the local
    header and the central directory): zipfile then asks for a password to read it."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("locked.txt", SAMPLE_TXT.read_bytes())
    data = bytearray(out.getvalue())
    data[6] |= 0x01  # the local header's flags
    central = data.rindex(b"PK\x01\x02")
    data[central + 8] |= 0x01  # the central directory's
    return bytes(data)


@case
def case_odd_requests(target: Target) -> Outcome:
    """Requests that used to be 500s get their documented codes and the JSON shape: an
    encrypted zip member (415 encrypted), a document index past 2**63 (404)."""
    with target.client() as http:
        made = http.post("/v1/jobs", files={"file": ("locked.zip", encrypted_zip())})
        job = made.json().get("id") if made.status_code == 202 else None
        member = http.get(f"/v1/jobs/{job}/documents/0") if job else made
        huge = http.get(f"/v1/jobs/{job}/documents/{2**70}") if job else made
        page = http.get(f"/review/jobs/{job}/documents/{2**70}/extracted.json") if job else made
    got = {"encrypted member": (member.status_code, member.json().get("error", {}).get("code")),
           "index 2**70": (huge.status_code, huge.json().get("error", {}).get("code")),
           "page index 2**70": (page.status_code, page.json().get("error", {}).get("code"))}
    held = got == {"encrypted member": (415, "encrypted"), "index 2**70": (404, "not_found"),
                   "page index 2**70": (404, "not_found")}
    return Outcome("odd_requests", held, f"{got}")


# --- running -------------------------------------------------------------------------------


def _loopback_only(url: str) -> None:
    host = urlsplit(url).hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise SystemExit(f"attack.py: {url} is not a loopback address; it only attacks this machine's servers")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def own_server(extra: list[str], open_files: int | None = None, code: Path = ROOT) -> Iterator[str]:
    """A throwaway server of this checkout on a free loopback port; ``open_files`` lowers its
    descriptor limit (RLIMIT_NOFILE), as a small container's or macOS's 256 would."""
    import resource

    def limit() -> None:
        if open_files:
            resource.setrlimit(resource.RLIMIT_NOFILE, (open_files, open_files))

    with tempfile.TemporaryDirectory(prefix="govreport-attack-") as tmp:
        port = free_port()
        env = {**os.environ, "PYTHONPATH": str(code)}
        env.pop("GOVREPORT_API_KEY", None)
        log = Path(tmp) / "server.log"
        proc = subprocess.Popen([sys.executable, "-m", "extractor.cli", "serve", "--port", str(port), "--data-dir",
                                 str(Path(tmp) / "data"), "--jobs", "1", *extra], cwd=code, env=env,
                                stdout=log.open("wb"), stderr=subprocess.STDOUT, preexec_fn=limit)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                with contextlib.suppress(httpx.TransportError):
                    if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                        break
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise SystemExit(f"attack.py: the server did not start:\n{log.read_text(errors='replace')[-2000:]}")
                time.sleep(0.2)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
            lines = log.read_text(errors="replace").splitlines()
            print(f"server log: {log.stat().st_size / 1e6:.2f} MB, {len(lines)} lines; the last:", file=sys.stderr)
            for line in [ln for ln in lines if "GET /" not in ln][-12:]:
                print(f"  {line[:200]}", file=sys.stderr)


def run(target: Target, names: list[str]) -> list[Outcome]:
    outcomes = []
    for name in names:
        try:
            outcome = CASES[name](target)
        except Exception as exc:  # noqa: BLE001 - one case's failure is its result, the others still run
            outcome = Outcome(name, False, f"the case itself failed: {type(exc).__name__}: {exc}")
        print(f"{'held' if outcome.held else 'FAILED':6} {outcome.case}: {outcome.detail}", flush=True)
        outcomes.append(outcome)
    return outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", nargs="?", help="the server, e.g. http://127.0.0.1:8000 (loopback only)")
    parser.add_argument("--start", action="store_true", help="start a throwaway server of this checkout")
    parser.add_argument("--api-key", default=os.environ.get("GOVREPORT_API_KEY"))
    parser.add_argument("--only", nargs="*", choices=sorted(CASES), help="run only these cases")
    parser.add_argument("--slow-connections", type=int, default=300)
    parser.add_argument("--slow-seconds", type=float, default=20.0)
    parser.add_argument("--open-files", type=int, help="with --start: the server's descriptor limit")
    parser.add_argument("--code", type=Path, default=ROOT, help="with --start: the checkout whose server to start "
                        "(an older one, to measure before and after)")
    args = parser.parse_args()
    names = args.only or list(CASES)
    if args.start:
        with own_server([], args.open_files, args.code) as url:
            outcomes = run(Target(url, None, args.slow_connections, args.slow_seconds), names)
    elif args.url:
        _loopback_only(args.url)
        outcomes = run(Target(args.url.rstrip("/"), args.api_key, args.slow_connections, args.slow_seconds), names)
    else:
        parser.error("give the server's URL or --start")
    held = sum(1 for o in outcomes if o.held)
    print(f"{len(outcomes)} cases tried, {held} held")
    sys.exit(0 if held == len(outcomes) else 1)


if __name__ == "__main__":
    main()
