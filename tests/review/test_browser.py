"""The review page in a real headless Chromium: upload, progress, the report view against its
JSON, failed checks on their cells, the page image with the number's box, keyboard moves, a
correction, the corpus view of five reports, a narrow window, and no JavaScript errors."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest

from tests.helpers import SAMPLES, SHARED
from tests.review.conftest import save_screenshot

pytest.importorskip("selenium", reason="selenium is not installed")

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

REAL = SHARED / "corpus" / "real" / "hzq2023_working.pdf"  # its table 4 does not add up
FIVE = [SAMPLES / f"{name}.pdf" for name in ("000_zibo_guofang_2024", "001_zibo_zfb_2024", "002_zhoukou_guofang_2024",
                                             "003_zibo_renfang_2020", "004_panzhihua_guofang_2023")]


def _wait(driver, condition, seconds: float = 60):
    return WebDriverWait(driver, seconds, poll_frequency=0.1).until(condition)


def _no_js_errors(driver) -> None:
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors


def _shown(driver) -> dict[str, str]:
    """Every number cell: its field and the text shown."""
    return driver.execute_script(
        "const out = {}; for (const td of document.querySelectorAll('td[data-field]'))"
        " out[td.dataset.field] = td.querySelector('.v').textContent; return out;")


def _upload(driver, server, files: list[Path]) -> str:
    """Through the page: choose the files, send, wait for the job to finish; the job id."""
    driver.get(server.url + "/")
    driver.find_element(By.ID, "files").send_keys("\n".join(str(f) for f in files))
    assert len(driver.find_elements(By.CSS_SELECTOR, "#chosen li")) == len(files)
    driver.find_element(By.ID, "upload-button").click()
    _wait(driver, lambda d: "/review/jobs/" in d.current_url)
    _wait(driver, lambda d: d.find_elements(By.ID, "corpus"), 120)
    return driver.current_url.rsplit("/", 1)[1]


@pytest.fixture(scope="module")
def real_job(browser, server) -> str:
    if not REAL.is_file():
        pytest.skip(f"{REAL} is not here (the shared corpus)")
    browser.set_window_size(1280, 800)
    return _upload(browser, server, [REAL])


def test_the_report_shows_every_number_of_the_json_and_marks_the_failed_check(browser, server, real_job,
                                                                               screenshots) -> None:
    browser.find_element(By.CSS_SELECTOR, "#corpus a").click()
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "td[data-field]"))
    document = httpx.get(f"{server.url}/v1/jobs/{real_job}/documents/0").json()
    shown = _shown(browser)
    expected = {f"{t}.{r}.{c}": v for t, rows in document["tables"].items() for r, cols in rows.items()
                for c, v in cols.items()}
    assert set(shown) == set(expected)
    for path, value in expected.items():
        assert shown[path] == ("" if value is None else json.dumps(value)), path
    assert browser.find_element(By.ID, "meta-agency").text == document["report"]["agency"]

    failed = [c for c in document["checks"] if c["status"] == "fail"]
    assert any(c["rule"] == "review_litigation.review" for c in failed)
    for column in ("upheld", "corrected", "other", "pending", "total"):
        cell = browser.find_element(By.CSS_SELECTOR, f'td[data-field="review_litigation.review.{column}"]')
        assert "fail" in cell.get_attribute("class").split()
    passing = browser.find_element(By.CSS_SELECTOR, 'td[data-field="applications.granted.total"]')
    assert "fail" not in passing.get_attribute("class").split()
    assert len(browser.find_elements(By.CSS_SELECTOR, ".failed-checks .check")) == len(failed)

    # Click a number: its page, rendered on the server, with the number's box drawn in.
    cell = browser.find_element(By.CSS_SELECTOR, 'td[data-field="review_litigation.review.upheld"]')
    cell.click()
    image = _wait(browser, lambda d: d.find_element(By.ID, "page-image"))
    _wait(browser, lambda d: d.execute_script("const i = arguments[0]; return i.complete && i.naturalWidth > 0;", image))
    assert image.get_attribute("src").endswith(f"/pages/{cell.get_attribute('data-page')}.png?box={cell.get_attribute('data-box')}")
    red, green, blue = browser.execute_script(
        "const img = arguments[0], box = arguments[1].split(',').map(Number), s = arguments[2];"
        "const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;"
        "const g = c.getContext('2d'); g.drawImage(img, 0, 0);"
        "const p = g.getImageData(Math.round((box[0] - 2) * s), Math.round((box[1] + box[3]) / 2 * s), 1, 1).data;"
        "return [p[0], p[1], p[2]];", image, cell.get_attribute("data-box"), 1.5)
    assert red > 180 and blue < 80, (red, green, blue)  # the box's red outline
    assert browser.find_element(By.ID, "source-raw").text == document["provenance"]["review_litigation.review.upheld"]["raw"]
    save_screenshot(browser, screenshots, "report-1280x800", readme=True)
    _no_js_errors(browser)


def test_keyboard_moves_between_cells_and_failed_checks(browser, server, real_job) -> None:
    browser.get(f"{server.url}/review/jobs/{real_job}/documents/0")
    start = browser.find_element(By.CSS_SELECTOR, 'td[data-field="applications.granted.natural_person"]')
    start.click()
    start.send_keys(Keys.ARROW_RIGHT)
    assert browser.switch_to.active_element.get_attribute("data-field") == "applications.granted.commercial_enterprise"
    browser.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    assert browser.switch_to.active_element.get_attribute("data-field") == "applications.partially_granted.commercial_enterprise"
    browser.switch_to.active_element.send_keys("n")
    current = browser.find_element(By.CSS_SELECTOR, ".check.current")
    fields = current.get_attribute("data-fields").split()
    assert browser.switch_to.active_element.get_attribute("data-field") == fields[0]
    assert all("focus-check" in browser.find_element(By.CSS_SELECTOR, f'td[data-field="{f}"]').get_attribute("class")
               for f in fields)
    _no_js_errors(browser)


def test_a_correction_is_stored_apart_and_the_checks_run_again(browser, server, real_job) -> None:
    url = f"{server.url}/review/jobs/{real_job}/documents/0"
    browser.get(url)
    before = len(browser.find_elements(By.CSS_SELECTOR, ".failed-checks .check"))
    document = httpx.get(f"{server.url}/v1/jobs/{real_job}/documents/0").json()
    block = document["tables"]["review_litigation"]["review"]
    fixed = block["upheld"] + block["corrected"] + block["other"] + block["pending"]
    browser.find_element(By.CSS_SELECTOR, 'td[data-field="review_litigation.review.total"]').click()
    form = browser.find_element(By.ID, "correction-form")
    value = form.find_element(By.NAME, "value")
    value.clear()
    value.send_keys(str(fixed))
    form.find_element(By.NAME, "who").send_keys("测试审阅人")
    form.find_element(By.NAME, "note").send_keys("按原文合计")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    _wait(browser, lambda d: d.find_elements(By.ID, "corrections"))
    cell = browser.find_element(By.CSS_SELECTOR, 'td[data-field="review_litigation.review.total"]')
    assert "corrected" in cell.get_attribute("class") and "fail" not in cell.get_attribute("class").split()
    assert cell.find_element(By.CSS_SELECTOR, ".v").text == str(fixed)
    assert cell.find_element(By.CSS_SELECTOR, "del.was").text == json.dumps(block["total"])
    assert len(browser.find_elements(By.CSS_SELECTOR, ".failed-checks .check")) == before - 1
    assert "测试审阅人" in browser.find_element(By.ID, "corrections").text

    # The extraction is untouched; the corrected download says what changed.
    assert httpx.get(f"{server.url}/v1/jobs/{real_job}/documents/0").json() == document
    corrected = httpx.get(f"{url}/corrected.json").json()
    assert corrected["tables"]["review_litigation"]["review"]["total"] == fixed
    assert corrected["review"]["corrections_applied"] is True
    assert corrected["review"]["corrections"][0]["old"] == block["total"]
    assert not any(c["rule"] == "review_litigation.review" and c["status"] == "fail" for c in corrected["checks"])
    _no_js_errors(browser)


def test_a_narrow_window_has_no_sideways_scroll(browser, server, real_job, screenshots) -> None:
    browser.set_window_size(420, 860)
    try:
        browser.get(f"{server.url}/review/jobs/{real_job}/documents/0")
        overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth;")
        assert overflow <= 1, overflow
        browser.find_element(By.CSS_SELECTOR, 'td[data-field="review_litigation.review.total"]').click()
        _wait(browser, lambda d: d.find_element(By.ID, "page-image").get_attribute("complete"))
        save_screenshot(browser, screenshots, "report-narrow")
        _no_js_errors(browser)
    finally:
        browser.set_window_size(1280, 800)


def test_the_corpus_view_of_five_reports(browser, server, screenshots) -> None:
    started = time.monotonic()
    job = _upload(browser, server, FIVE)
    assert time.monotonic() - started < 120
    rows = browser.find_elements(By.CSS_SELECTOR, "#corpus tbody tr")
    assert len(rows) == 5
    status = httpx.get(f"{server.url}/v1/jobs/{job}/results").json()["results"]
    assert [r.find_elements(By.TAG_NAME, "td")[6].text for r in rows] == [r["path"] for r in status]
    # Sort by year, descending on a second click.
    header = browser.find_element(By.CSS_SELECTOR, "#corpus th:nth-child(3)")
    header.click()
    years = [r.find_elements(By.TAG_NAME, "td")[2].text for r in browser.find_elements(By.CSS_SELECTOR, "#corpus tbody tr")]
    assert years == sorted(years)
    header.click()
    years = [r.find_elements(By.TAG_NAME, "td")[2].text for r in browser.find_elements(By.CSS_SELECTOR, "#corpus tbody tr")]
    assert years == sorted(years, reverse=True)
    box = browser.find_element(By.ID, "filter")
    box.send_keys("2020")
    visible = [r for r in browser.find_elements(By.CSS_SELECTOR, "#corpus tbody tr") if r.is_displayed()]
    assert len(visible) == 1 and "2020" in visible[0].text
    box.clear()
    box.send_keys(" ")  # input event with an empty filter: all rows back
    box.send_keys(Keys.BACKSPACE)
    assert len([r for r in browser.find_elements(By.CSS_SELECTOR, "#corpus tbody tr") if r.is_displayed()]) == 5
    save_screenshot(browser, screenshots, "corpus-1280x800", readme=True)
    _no_js_errors(browser)
