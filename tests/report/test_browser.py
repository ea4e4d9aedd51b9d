"""The reports in a real headless browser (Debian's chromium via selenium; nothing is downloaded).

Screenshots go to ``out/test-artifacts/`` under the repository root and are listed at the end of
the test run. Skipped, with the reason, when chromium, chromedriver or selenium is missing
(``make test`` installs chromium with apt-get when run as root).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analyzer.report import page_name
from analyzer.serialize import read_analysis

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "out" / "test-artifacts"
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,1000"]
STRONG = "dang_uy_xa_tho_phuc_dang_ky_2024.docx"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
        pytest.skip("Debian chromium/chromium-driver not installed at /usr/bin (make test installs them as root)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))  # a given driver path: no Selenium Manager
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _docs(out: Path) -> list[dict]:
    with open(out / "documents.csv", encoding="utf-8-sig") as handle:
        return sorted(csv.DictReader(handle), key=lambda r: int(r["priority"]))


def _order(driver) -> list[str]:
    return [r.get_attribute("data-doc") for r in driver.find_elements("css selector", "#bang-xep-hang tbody tr")]


def _visible(driver) -> list[str]:
    return [r.get_attribute("data-doc") for r in driver.find_elements("css selector", "#bang-xep-hang tbody tr")
            if r.is_displayed()]


def _header(driver, title: str):
    return driver.find_element("xpath", f"//thead//th[button[normalize-space()='{title}']]")


def _severe(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def _shoot(driver, name: str, artifact) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    driver.save_screenshot(str(path))
    artifact(path)
    print(f"screenshot: {path}")
    return path


def test_index_sorts_filters_and_links(browser, rendered_samples, artifact):
    docs = _docs(rendered_samples)
    browser.get((rendered_samples / "report" / "index.html").as_uri())
    assert browser.title.startswith("Thẩm định")
    assert _order(browser) == [d["doc_id"] for d in docs]
    assert browser.find_element("id", "dem").text == f"{len(docs)}/{len(docs)} hồ sơ"

    score = _header(browser, "Điểm")
    score.click()
    by_score = [d["doc_id"] for d in sorted(docs, key=lambda d: (float(d["score"]), int(d["priority"])))]
    assert _order(browser) == by_score and score.get_attribute("aria-sort") == "ascending"
    score.click()
    # highest first; equal scores stay in review order either way
    by_score_down = [d["doc_id"] for d in sorted(docs, key=lambda d: (-float(d["score"]), int(d["priority"])))]
    assert _order(browser) == by_score_down != [d["doc_id"] for d in docs]
    assert score.get_attribute("aria-sort") == "descending"
    _header(browser, "Hồ sơ").click()
    assert _order(browser) == sorted(d["doc_id"] for d in docs)
    _header(browser, "Ưu tiên").click()
    assert _order(browser) == [d["doc_id"] for d in docs]

    for key in ("neu_guong", "roadmap"):
        box = browser.find_element("css selector", f"input[data-filter='{key}']")
        box.click()
        missing = [d["doc_id"] for d in docs if d[key] == "0"]
        assert missing and _visible(browser) == missing
        assert browser.find_element("id", "dem").text == f"{len(missing)}/{len(docs)} hồ sơ"
        box.click()
    search = browser.find_element("id", "tim")
    search.send_keys("hai quan")  # without diacritics
    assert _visible(browser) == ["chi_cuc_hai_quan_dang_ky.odt"]
    search.clear()
    search.send_keys(" ")
    assert len(_visible(browser)) == len(docs)
    assert _severe(browser) == []
    _shoot(browser, "report_index.png", artifact)

    browser.find_element("css selector", f"tr[data-doc='{STRONG}'] a").click()
    assert browser.current_url.endswith(page_name(STRONG))
    assert browser.find_element("tag name", "h1").text


def test_document_page_highlights_and_checklist_anchors(browser, rendered_samples, artifact):
    result = next(r for r in read_analysis(rendered_samples / "analysis.jsonl") if r.doc_id == STRONG)
    browser.get((rendered_samples / "report" / "docs" / page_name(STRONG)).as_uri())
    for s in result.sentences:
        element = browser.find_element("id", f"s{s.sent_id}")
        assert element.get_attribute("textContent") == s.text
        classes = set(element.get_attribute("class").split())
        assert {c for c in classes if c.startswith("lbl-")} == {f"lbl-{label}" for label in s.labels}
    slogans = {s.text for s in result.sentences if s.has("slogan")}
    shown = browser.find_elements("css selector", ".mh-s.lbl-slogan")
    assert shown and {e.get_attribute("textContent") for e in shown} == slogans
    assert browser.find_elements("css selector", ".mh-s.lbl-action .mh-slot[title='Thời hạn, thời điểm']")
    tags = {e.text for e in browser.find_elements("css selector", ".mh-line .mh-tag")}
    assert {"[HT]", "[LT]", "[NG]", "[HĐ]", "[KH]"} <= tags
    _shoot(browser, "report_doc.png", artifact)

    links = browser.find_elements("css selector", "ul.mh-checks a")
    assert len(links) == 10  # every requirement is met by this submission
    targets = [link.get_attribute("href").rpartition("#")[2] for link in links]
    assert all(browser.find_elements("id", t) for t in targets)
    links[6].click()  # "Gắn với chỉ tiêu nghị quyết"
    assert browser.execute_script("return document.querySelector(':target').id") == targets[6]
    assert browser.execute_script("return window.pageYOffset") > 0
    assert browser.find_element("id", targets[6]).get_attribute("class").count("lbl-resolution_target") == 1
    _shoot(browser, "report_doc_text.png", artifact)

    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not browser.find_element("css selector", "nav.mh-nav").is_displayed()
        background = browser.find_element("css selector", ".mh-s.lbl-slogan").value_of_css_property("background-color")
        assert background in ("rgba(0, 0, 0, 0)", "transparent")
        browser.execute_script("window.scrollTo(0, 0)")
        _shoot(browser, "report_doc_print.png", artifact)
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert _severe(browser) == []


def test_hostile_submission_runs_no_script(browser, hostile_batch, hostile):
    name, _ = hostile
    browser.get((hostile_batch / "report" / "index.html").as_uri())
    assert not browser.find_elements("css selector", "#bang-xep-hang img")
    assert name in browser.find_element("css selector", "#bang-xep-hang").text
    assert "hỏng.docx" in browser.find_element("id", "tep-loi").text
    browser.find_element("xpath", f"//a[normalize-space()='{name}']").click()
    body = browser.find_element("tag name", "body").text
    assert '<script>alert("xss")</script>' in body and "<b>Thôn sạch</b>" in body
    assert not browser.find_elements("css selector", ".mh-line script, .mh-line b, .mh-line i")
    assert browser.execute_script("return typeof window.alert") == "function"  # page alive, no dialog opened


def test_a_ratio_of_nothing_sorts_last_either_way(browser, tmp_path):
    """A document with neither actions nor slogans has no slogan ratio ("—"): last, ascending or descending."""
    import analyzer
    from analyzer.report.html import render_index
    from analyzer.report.views import index_row

    texts = {"cu_the.txt": "Chi bộ tổ chức 4 buổi học tập chuyên đề trước ngày 30/6/2024.",
             "chung_chung.txt": "Chi bộ tổ chức 4 buổi học tập chuyên đề trước ngày 30/6/2024.\n"
                                "Luôn nêu cao tinh thần trách nhiệm, phát huy truyền thống cách mạng.",
             "trong.txt": "Chi bộ thôn A."}
    rows = [index_row(analyzer.analyze_text(text, doc_id=doc_id), k) for k, (doc_id, text) in enumerate(texts.items(), 1)]
    assert [r["slogan_pct"] == "—" for r in rows] == [False, False, True]
    page = tmp_path / "index.html"
    page.write_text(render_index(rows, []), encoding="utf-8")
    browser.get(page.as_uri())
    ratio = _header(browser, "Tỷ lệ chung chung")
    ratio.click()
    assert _order(browser)[-1] == "trong.txt" and ratio.get_attribute("aria-sort") == "ascending"
    ratio.click()
    assert _order(browser)[-1] == "trong.txt" and ratio.get_attribute("aria-sort") == "descending"
    assert _order(browser)[:2] == ["chung_chung.txt", "cu_the.txt"]
    assert _severe(browser) == []
