"""``claimtab render``: the HTML page of claims — unit tests on ``render_html`` and a real
headless-browser test of the page (Debian's chromium + chromedriver, driven by selenium)."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from claimtab.api import load_claims
from claimtab.cli.app import app
from claimtab.frame import claims_frame
from claimtab.model import Paper
from claimtab.render.html import render_html

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_papers.txt"
runner = CliRunner()

# --------------------------------------------------------------------------- helpers

_VOID = {"meta", "input", "br", "hr", "img", "link", "wbr", "col", "source"}


class PageMarks(HTMLParser):
    """Parse a rendered page: check that tags nest properly and collect, per row, the text
    of its ``<mark data-row>`` and of its ``data-cont`` continuations (in document order)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.errors: list[str] = []
        self.marks: Counter[str] = Counter()
        self.text: dict[str, str] = defaultdict(str)
        self.tags: Counter[str] = Counter()
        self.feed(html)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed: {[t for t, _ in self.stack]}")

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        if tag in _VOID:
            return
        a = dict(attrs)
        row = None
        if tag == "mark":
            row = a.get("data-row")
            self.marks[row] += 1
        elif "data-cont" in a:
            row = a["data-cont"]
        self.stack.append((tag, row))

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data):
        for _, row in self.stack:
            if row is not None:
                self.text[row] += data


def claim(pid, kind, text, source, start=None, *, field="abstract", value=None, **kw):
    start = source.index(text) if start is None else start
    if value is None and kind not in ("benchmark", "code_url"):
        value = 1.0
    return dict(paper_id=pid, kind=kind, value=value, text=text, start=start, end=start + len(text), field=field, **kw)


def check_page(html: str, df: pd.DataFrame) -> PageMarks:
    """The invariants of every page: well formed, one <mark> per row, the row's text highlighted."""
    page = PageMarks(html)
    assert page.errors == []
    assert html.count("<mark") == len(df)
    assert dict(page.marks) == {str(i): 1 for i in range(len(df))}
    for i, text in enumerate(df["text"]):
        assert page.text[str(i)] == text, i
    assert page.tags["tr"] == len(df) + 1  # header + one table row per claim
    return page


# --------------------------------------------------------------------------- render_html

ABSTRACT = "FlatFormer is 2.5x faster than SST and reaches 81.5% top-1 accuracy on ImageNet with 1.3B parameters."


def test_one_mark_per_row_with_attributes():
    p = Paper(id="a", title="FlatFormer", abstract=ABSTRACT)
    df = claims_frame([
        claim("a", "speedup", "2.5x faster", ABSTRACT, value=2.5, unit="x", baseline="SST"),
        claim("a", "score", "81.5% top-1 accuracy", ABSTRACT, value=81.5, unit="%", metric="top-1 accuracy",
              dataset="ImageNet"),
        claim("a", "benchmark", "ImageNet", ABSTRACT, dataset="ImageNet"),
        claim("a", "params", "1.3B", ABSTRACT, value=1.3e9, unit="count", qualifier="about"),
    ])
    html = render_html(df, {"a": p})
    check_page(html, df)
    m = re.search(r'<mark class="claim k-speedup"[^>]*data-row="0"[^>]*title="([^"]*)"', html)
    assert m and "value: 2.5x" in m.group(1) and "baseline: SST" in m.group(1)
    assert re.search(r'<mark class="claim k-params"[^>]*title="[^"]*value: 1,300,000,000 count\nqualifier: about', html)
    assert 'class="legend"' in html and "k-benchmark" in html
    # self-contained: no external resources
    assert not re.search(r'<(link|img|iframe)\b|src="http|@import|url\(', html)


def test_escaping():
    title = '<script>alert("x")</script> & 2.5x faster'
    abstract = 'A <b>bold</b> claim: loss drops by <5% & latency is 3x lower "quoted".'
    p = Paper(id='id"<1>', title=title, abstract=abstract)
    df = claims_frame([
        claim(p.id, "speedup", "2.5x faster", title, field="title", value=2.5, unit="x", title=title,
              baseline='<img src=x onerror="alert(1)">'),
        claim(p.id, "reduction", "<5%", abstract, value=5.0, unit="%", title=title),
        claim(p.id, "speedup", '3x lower "quoted"', abstract, value=3.0, unit="x", title=title),
    ])
    html = render_html(df, {p.id: p}, title="<My> & claims")
    check_page(html, df)
    assert html.count("<script") == 1  # ours
    assert "<b>" not in html and "<img" not in html and "<script>alert" not in html
    assert "&lt;script&gt;alert(" in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "&lt;5%" in html and "<title>&lt;My&gt; &amp; claims</title>" in html
    assert 'title="id&quot;&lt;1&gt;"' in html


def test_overlapping_and_nested_spans():
    text = "alpha beta gamma delta epsilon zeta eta theta"
    spans = [(0, 16), (6, 10), (6, 10), (11, 22), (17, 30), (25, 40), (25, 30), (0, 45), (36, 45)]
    df = claims_frame([
        claim("p", "score", text[a:b], text, a, value=float(i)) for i, (a, b) in enumerate(spans)
    ])
    html = render_html(df, {"p": Paper(id="p", title="", abstract=text)})
    page = check_page(html, df)
    # identical spans nest: the earlier row outside, the later inside
    assert 'data-row="1" data-rows="7 0 1"' in html and 'data-row="2" data-rows="7 0 1 2"' in html
    # crossing spans are continued, and continuations know which rows cover them
    assert "data-cont=" in html
    assert all(v for v in page.text.values())
    # deterministic
    assert html == render_html(df, {"p": Paper(id="p", title="", abstract=text)})


@settings(max_examples=80, deadline=None, database=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 12)), min_size=1, max_size=12), st.integers(0, 9))
def test_any_overlap_keeps_the_html_well_formed(spans, seed):
    text = "".join("abc<&>\"' xyz"[(i * 7 + seed) % 12] for i in range(45))
    rows = [claim("p", "delta", text[a:a + n], text, a, value=float(i)) for i, (a, n) in enumerate(spans)]
    df = claims_frame(rows)
    check_page(render_html(df, {"p": Paper(id="p", title="", abstract=text)}), df)


def test_title_and_abstract_fields():
    title = "Fast 4x Transformers"
    p = Paper(id="t", title=title, abstract="We are 4x faster.")
    df = claims_frame([
        claim("t", "speedup", "4x", title, field="title", value=4.0, unit="x"),
        claim("t", "speedup", "4x faster", p.abstract, value=4.0, unit="x"),
    ])
    html = render_html(df, {"t": p})
    check_page(html, df)
    assert re.search(r'<h2 class="ptitle">Fast <mark[^>]*data-row="0"', html)
    assert re.search(r'<p class="abstract">We are <mark[^>]*data-row="1"', html)


def test_claims_table_input_shows_evidence_only():
    df = claims_frame([
        claim("a", "speedup", "2.5x faster", ABSTRACT, value=2.5, unit="x", title="FlatFormer"),
        claim("a", "speedup", "2.5x", ABSTRACT, value=2.5, unit="x", title="FlatFormer"),
        claim("b", "code_url", "https://x.org/a", "see https://x.org/a", url="https://x.org/a", status="released"),
    ])
    html = render_html(df, {})
    check_page(html, df)
    assert 'class="abstract"' not in html
    assert html.count('class="evidence"') == 2 and "FlatFormer" in html and "evidence only" in html


def test_offsets_that_do_not_match_are_still_listed():
    p = Paper(id="a", title="", abstract=ABSTRACT)
    df = claims_frame([
        claim("a", "speedup", "2.5x", ABSTRACT, 0, value=2.5),  # wrong offsets
        claim("a", "score", "81.5%", ABSTRACT, value=81.5),
        claim("a", "score", "99%", ABSTRACT, 500, value=99.0),  # past the end
        claim("zz", "score", "7%", "7%", value=7.0),  # paper not among the papers
    ])
    html = render_html(df, {"a": p, "empty": Paper(id="empty", title="No claims here")})
    check_page(html, df)
    assert html.count("not found at its offsets") == 2
    assert "No claims here" in html and ">zz<" in html


def test_empty_table_and_missing_values():
    html = render_html(claims_frame([]), {})
    check_page(html, claims_frame([]))
    assert "0 claims" in html
    df = claims_frame([claim("a", "benchmark", "ImageNet", ABSTRACT)])
    df.loc[0, "start"] = pd.NA
    check_page(render_html(df, {"a": Paper(id="a", abstract=ABSTRACT)}), df)


def test_fast_for_a_thousand_papers():
    papers, rows = {}, []
    for i in range(1000):
        pid = f"p{i}"
        papers[pid] = Paper(id=pid, title=f"Paper {i}", abstract=ABSTRACT)
        rows += [
            claim(pid, "speedup", "2.5x faster", ABSTRACT, value=2.5, unit="x"),
            claim(pid, "score", "81.5% top-1 accuracy", ABSTRACT, value=81.5, unit="%"),
            claim(pid, "score", "81.5%", ABSTRACT, value=81.5, unit="%"),
            claim(pid, "benchmark", "ImageNet", ABSTRACT),
            claim(pid, "params", "1.3B parameters", ABSTRACT, value=1.3e9, unit="count"),
        ]
    df = claims_frame(rows)
    t0 = time.perf_counter()
    html = render_html(df, papers)
    assert time.perf_counter() - t0 < 5
    assert html.count("<mark") == len(df) == 5000


# --------------------------------------------------------------------------- command


def test_render_command_sample(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, ["render", str(SAMPLE), "--title", "Daily <papers>"])
    assert res.exit_code == 0, res.output
    html = (tmp_path / "claims.html").read_text(encoding="utf-8")
    df, papers = load_claims([str(SAMPLE)])
    check_page(html, df)
    assert "<title>Daily &lt;papers&gt;</title>" in html
    assert f"{len(df)} claims from {len(papers)} papers" in res.stderr


def test_render_command_from_claims_table(tmp_path):
    table = tmp_path / "claims.csv"
    assert runner.invoke(app, ["extract", str(SAMPLE), "-o", str(table)]).exit_code == 0
    out = tmp_path / "page.html"
    res = runner.invoke(app, ["render", str(table), "-o", str(out)])
    assert res.exit_code == 0, res.output
    df, papers = load_claims([str(table)])
    assert papers == {}
    check_page(out.read_text(encoding="utf-8"), df)


def test_render_command_fields_and_stdout(tmp_path):
    src = tmp_path / "p.csv"
    src.write_text('arxiv,name,summary\n1,T,"It is 2.5x faster than SST."\n', encoding="utf-8")
    res = runner.invoke(app, ["render", str(src), "--id-field", "arxiv", "--title-field", "name",
                              "--text-field", "summary", "-o", "-"])
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("<!DOCTYPE html>") and "<mark" in res.stdout


@pytest.mark.parametrize("args", [["nope.jsonl"], [str(SAMPLE), "-o", "/nonexistent/dir/x.html"], [str(SAMPLE), "-o", "."]])
def test_render_command_errors(tmp_path, args):
    res = runner.invoke(app, ["render", *args])
    assert res.exit_code == 2
    assert "Traceback" not in res.output
    assert len(res.stderr.strip().splitlines()) == 1 and res.stderr.startswith("claimtab:")


# --------------------------------------------------------------------------- browser

CHROME_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
)


def _browser():
    """(chromium, chromedriver) paths; skip when something is missing, unless CI=true (then fail)."""
    missing = []
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the selenium package (pip install selenium)")
    chrome = os.environ.get("CHROME_BIN") or next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
    )
    driver = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver")
    if not chrome:
        missing.append("chromium (apt-get install chromium)")
    if not driver:
        missing.append("chromedriver (apt-get install chromium-driver)")
    if missing:
        msg = "browser test needs " + ", ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(msg + " — required when CI=true")
        pytest.skip(msg)
    return chrome, driver


@contextmanager
def chrome(tmp_path):
    """A headless chromium driven by selenium (skip/fail first when it is missing: see ``_browser``)."""
    binary, driver_path = _browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    for flag in CHROME_FLAGS:
        opts.add_argument(flag)
    opts.add_argument("--user-data-dir=" + tempfile.mkdtemp(prefix="chrome-", dir=tmp_path))
    opts.add_argument("--window-size=1400,1600")
    opts.binary_location = binary
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(options=opts, service=Service(executable_path=driver_path))
    try:
        yield drv
    finally:
        drv.quit()


_ROWS_JS = "return Array.from(document.querySelectorAll('#claims tbody tr'))"


def _visible(drv, what: str):
    return drv.execute_script(_ROWS_JS + f".filter(tr => !tr.hidden && tr.offsetParent !== null).map(tr => {what});")


def test_page_in_a_real_browser(tmp_path):
    with chrome(tmp_path) as browser:
        _check_page_in_browser(browser, tmp_path)


def _check_page_in_browser(browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait

    out = tmp_path / "claims.html"
    res = runner.invoke(app, ["render", str(SAMPLE), "-o", str(out)])
    assert res.exit_code == 0, res.output
    df, _ = load_claims([str(SAMPLE)])
    n = len(df)
    assert n > 10
    browser.get(out.as_uri())

    # one highlight element per claim row, and the table has exactly the rows of df
    marks = browser.find_elements(By.CSS_SELECTOR, "mark.claim")
    rows = browser.find_elements(By.CSS_SELECTOR, "#claims tbody tr")
    assert len(marks) == len(rows) == n
    assert sorted(int(m.get_attribute("data-row")) for m in marks) == list(range(n))
    highlighted = browser.execute_script(
        "return Array.from(document.querySelectorAll('mark.claim')).map(m => [m.dataset.row, m.textContent + "
        "Array.from(document.querySelectorAll('[data-cont=\"' + m.dataset.row + '\"]')).map(c => c.textContent).join('')]);"
    )
    assert {int(i): t for i, t in highlighted} == dict(enumerate(df["text"]))
    browser.save_screenshot(str(tmp_path / "claims.png"))

    # sorting: numeric on value, empty cells last, then descending on a second click
    browser.execute_script("document.getElementById('table').scrollIntoView()")
    header = browser.find_element(By.CSS_SELECTOR, 'th[data-col="value"] button')
    expected = sorted(float(v) for v in df["value"].dropna())
    header.click()
    values = _visible(browser, "tr.querySelector('td.value').dataset.v")
    assert [float(v) for v in values if v] == expected
    assert values[len(expected):] == [""] * (n - len(expected))
    assert browser.find_element(By.CSS_SELECTOR, 'th[data-col="value"]').get_attribute("aria-sort") == "ascending"
    shown = [float(t.replace(",", "")) for t in _visible(browser, "tr.querySelector('td.value').textContent") if t]
    assert shown == expected  # the displayed numbers, not only the sort keys
    header.click()
    values = _visible(browser, "tr.querySelector('td.value').dataset.v")
    assert [float(v) for v in values if v] == expected[::-1]

    # filtering: the text box hides rows that do not match, the kind dropdown too
    box = browser.find_element(By.ID, "filter")
    box.send_keys("github")
    cols = ["title", "kind", "unit", "text", "qualifier", "metric", "dataset", "baseline", "subject", "condition",
            "url", "status", "field"]
    want = sorted(i for i, r in df.iterrows() if any("github" in str(r[c]).lower() for c in cols if pd.notna(r[c])))
    assert 0 < len(want) < n
    WebDriverWait(browser, 5).until(lambda d: len(_visible(d, "tr")) == len(want))
    assert sorted(int(i) for i in _visible(browser, "tr.dataset.index")) == want
    assert browser.find_element(By.ID, "count").text == f"{len(want)} of {n} rows"
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE)
    WebDriverWait(browser, 5).until(lambda d: len(_visible(d, "tr")) == n)
    Select(browser.find_element(By.ID, "kind")).select_by_value("score")
    want = [i for i, k in enumerate(df["kind"]) if k == "score"]
    assert sorted(int(i) for i in _visible(browser, "tr.dataset.index")) == want

    errors = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert errors == []

    browser.execute_script("window.scrollTo(0, 0)")
    browser.save_screenshot(str(tmp_path / "claims.png"))
    if os.environ.get("CLAIMTAB_SCREENSHOT"):
        shutil.copyfile(tmp_path / "claims.png", os.environ["CLAIMTAB_SCREENSHOT"])


# --------------------------------------------------------------------------- template, assets, escaping


class PageTags(HTMLParser):
    """Every start tag with its attributes, the text of each <script> and <style>, and the text
    of every element (by tag) of a rendered page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.starts: list[tuple[str, dict[str, str | None]]] = []
        self.raw: dict[str, list[str]] = defaultdict(list)  # script/style -> their texts
        self.open: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.starts.append((tag, dict(attrs)))
        if tag not in _VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_data(self, data):
        if self.open and self.open[-1] in ("script", "style"):
            self.raw[self.open[-1]].append(data)

    def attrs(self, name: str) -> list[str | None]:
        return [a[name] for _, a in self.starts if name in a]


def _static(name: str) -> str:
    from importlib.resources import files

    return files("claimtab.render").joinpath("static", name).read_text(encoding="utf-8")


def test_template_and_static_files_are_shipped_and_inlined():
    from importlib.resources import files

    root = files("claimtab.render")
    assert root.joinpath("templates", "page.html.j2").is_file()
    df, papers = load_claims([str(SAMPLE)])
    html = render_html(df, papers)
    tags = PageTags(html)
    assert [t for t, _ in tags.starts].count("style") == 1 and [t for t, _ in tags.starts].count("script") == 1
    assert _static("page.css").strip() in tags.raw["style"][0]
    assert _static("page.js").strip() in tags.raw["script"][0]
    # self-contained: nothing loads another file; links are in-page anchors, or the claims' web urls
    assert tags.attrs("src") == [] and not any(t in ("link", "img", "iframe", "object", "embed", "base")
                                               for t, _ in tags.starts)
    assert "@import" not in html and "url(" not in html
    hrefs = tags.attrs("href")
    outside = sorted({h for h in hrefs if not h.startswith("#")})
    assert outside and outside == sorted({u for u in df["url"].dropna() if u.startswith(("http://", "https://"))})


HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "'><svg onload=alert(3)>",
    "</textarea></title></style></script><b>4</b>",
    "<!-- 5 -->",
]


def test_hostile_text_comes_out_inert():
    """Titles, abstracts, evidence, attributes, urls, ids and kinds full of markup: every one is
    shown as text, nothing executable comes out, only http(s) urls become links."""
    title = "Fast " + HOSTILE[0] + " 2.5x faster"
    abstract = " ".join(f"{h} it is {i + 3}x faster" for i, h in enumerate(HOSTILE)) + " " + HOSTILE[1]
    pid = HOSTILE[1]
    urls = ["javascript:alert(6)", "JaVaScRiPt:alert(7)", " javascript:alert(8)", "data:text/html,<script>alert(9)</script>",
            'https://ok.example/a"onmouseover="alert(10)', "vbscript:msgbox(11)"]
    rows = [claim(pid, "speedup", "2.5x faster", title, field="title", value=2.5, unit="x", title=title,
                  baseline=HOSTILE[2], metric=HOSTILE[3])]
    rows += [claim(pid, "speedup", f"{h} it is {i + 3}x faster", abstract, value=float(i + 3), unit="x", title=title,
                   dataset=h, condition=HOSTILE[-1 - i]) for i, h in enumerate(HOSTILE)]
    rows += [claim(pid, "code_url", u, u, 0, url=u, field="abstract", status="released") for u in urls]
    df = claims_frame(rows)
    df["status"] = df["status"].astype("string")  # a frame read from any table: cells are not validated
    df.loc[df["kind"] == "code_url", "status"] = HOSTILE[0]
    html = render_html(df, {pid: Paper(id=pid, title=title, abstract=abstract)}, title=HOSTILE[3])
    check_page(html, df)
    tags = PageTags(html)
    assert [t for t, _ in tags.starts].count("script") == 1
    assert tags.raw["script"] == [tags.raw["script"][0]] and _static("page.js").strip() in tags.raw["script"][0]
    assert not {t for t, _ in tags.starts} & {"img", "svg", "b", "iframe", "object", "embed", "textarea"}
    assert not [(t, n) for t, a in tags.starts for n in a if n.startswith("on")]
    assert "<!-- 5" not in html
    for href in tags.attrs("href"):
        assert href.startswith("#") or href == 'https://ok.example/a"onmouseover="alert(10)', href
    links = [a for t, a in tags.starts if t == "a" and not a["href"].startswith("#")]
    assert len(links) == 1 and links[0]["rel"] == "noopener noreferrer"
    # the texts themselves are all still there, as text
    text = PageText(html).text
    for h in HOSTILE:
        assert h in text
    for u in urls:
        assert u.strip() in text


class PageText(HTMLParser):
    """The text of a page, outside <script> and <style>, with attribute values."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.feed(html)
        self.close()
        self.text = "\n".join(self.parts)

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")
        self.parts.extend(v for _, v in attrs if v)

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def test_same_input_same_bytes(tmp_path):
    """Two runs, in two processes with different hash seeds, write the same bytes."""
    import subprocess
    import sys

    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"claims{seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", "from claimtab.cli.app import main; main()", "render", str(SAMPLE),
                        "-o", str(out)], check=True, env=env, capture_output=True)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and len(outs[0]) > 10_000


def _with_kinds(df: pd.DataFrame, kinds: dict[int, str]) -> pd.DataFrame:
    """``df`` with some rows' kind replaced by kinds the registry does not know (as a table
    read from anywhere may hold)."""
    df = df.copy()
    df["kind"] = df["kind"].astype("string")
    for i, k in kinds.items():
        df.loc[i, "kind"] = k
    return df


def test_kind_colours_come_from_the_registry_and_unknown_kinds_are_grey():
    from claimtab.rules.kinds import registry

    kinds = registry()
    text = "It is 2.5x faster and 3x faster with 81.5% accuracy."
    df = _with_kinds(claims_frame([
        claim("p", "speedup", "2.5x faster and 3x faster", text, value=2.5, unit="x"),
        claim("p", "speedup", "3x faster", text, value=3.0, unit="x"),
        claim("p", "score", "81.5% accuracy", text, value=81.5, unit="%"),
    ]), {1: "mystery", 2: '"><img src=x onerror=alert(1)>'})
    html = render_html(df, {"p": Paper(id="p", abstract=text)})
    check_page(html, df)
    style = PageTags(html).raw["style"][0]
    for name in kinds.names:
        bg, ac = kinds[name].colour
        assert f".k-{name}{{--bg:{bg};--ac:{ac}}}" in style
    assert ".k-unknown{--bg:#f1f3f5;--ac:#868e96}" in style
    assert '<mark class="claim k-speedup" id="m0"' in html
    assert '<mark class="claim k-unknown" id="m1"' in html and '<mark class="claim k-unknown" id="m2"' in html
    assert "<img" not in html
    # the legend: every kind of the registry, then the others, each with its count
    legend = re.findall(r'<li class="k-([\w-]+)( zero)?" data-kind="([^"]*)"[^>]*><span class="sw"></span>'
                        r'[^<]*<span class="n">(\d+)</span>', html)
    got = [(cls, kind, int(n)) for cls, _, kind, n in legend]
    assert got[:len(kinds.names)] == [(k, k, int(k == "speedup")) for k in kinds.names]
    assert got[len(kinds.names):] == [("unknown", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;", 1),
                                      ("unknown", "mystery", 1)]


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


_COLOURS_JS = """
return Array.from(document.querySelectorAll(arguments[0])).map(e => {
  const s = getComputedStyle(e);
  return [e.dataset.row || e.dataset.kind || e.textContent, s.backgroundColor, s.borderBottomColor];
});"""


def test_colours_in_a_real_browser(tmp_path):
    """What the browser draws: each highlight, badge and legend swatch in its kind's registry
    colours, an unknown kind in grey even inside another kind's highlight, whose underline
    stays visible below it."""
    from claimtab.rules.kinds import registry

    kinds = registry()
    df, papers = load_claims([str(SAMPLE)])
    text = "It is 2.5x faster and 3x faster."
    odd = _with_kinds(claims_frame([
        claim("p", "speedup", "2.5x faster and 3x faster", text, value=2.5, unit="x"),
        claim("p", "speedup", "3x faster", text, value=3.0, unit="x"),
        claim("p", "speedup", "3x", text, value=3.0, unit="x"),
    ]), {1: "mystery"})
    (tmp_path / "sample.html").write_text(render_html(df, papers), encoding="utf-8")
    (tmp_path / "odd.html").write_text(render_html(odd, {"p": Paper(id="p", abstract=text)}), encoding="utf-8")
    want = {k: (_rgb(kinds[k].colour[0]), _rgb(kinds[k].colour[1])) for k in kinds.names}
    grey = (_rgb("#f1f3f5"), _rgb("#868e96"))
    with chrome(tmp_path) as browser:
        browser.get((tmp_path / "sample.html").as_uri())
        marks = browser.execute_script(_COLOURS_JS, "mark.claim")
        assert len(marks) == len(df)
        for row, bg, accent in marks:
            assert (bg, accent) == want[df["kind"][int(row)]], row
        for kind, bg, accent in browser.execute_script(_COLOURS_JS, "#claims .badge"):
            assert (bg, accent) == want[kind.strip()]
        swatches = browser.execute_script(
            "return Array.from(document.querySelectorAll('.legend li')).map(li => [li.dataset.kind, "
            "getComputedStyle(li.querySelector('.sw')).backgroundColor, li.querySelector('.n').textContent])")
        counts = df["kind"].astype("string").value_counts()
        assert [k for k, _, _ in swatches] == list(kinds.names)
        for kind, bg, n in swatches:
            assert bg == want[kind][0] and int(n) == counts.get(kind, 0)
        browser.get((tmp_path / "odd.html").as_uri())
        assert [tuple(c) for c in browser.execute_script(_COLOURS_JS, "mark.claim")] == [
            ("0", *want["speedup"]), ("1", *grey), ("2", *want["speedup"])]
        # nested highlights stack their underlines, each outer one below the one inside it
        bottoms = browser.execute_script(
            "return ['m0', 'm1', 'm2'].map(id => document.getElementById(id).getBoundingClientRect().bottom)")
        assert bottoms[0] >= bottoms[1] + 2 >= bottoms[2] + 4


def test_numbers_fit_and_the_header_hides_what_scrolls_under_it(tmp_path):
    """Screenshots showed value_max cut to '13,000,0…' and the paper text showing through the
    sticky header: numbers must fit their cells, and the header must be opaque."""
    df, papers = load_claims([str(SAMPLE)])
    long_range = claims_frame([{"paper_id": "x", "kind": "params", "value": 1.25e9, "value_max": 13e9, "unit": "count",
                                "text": "from 1.25B to 13B parameters", "start": 0, "end": 28}])
    df = pd.concat([df, long_range], ignore_index=True)  # the long number that did not fit
    page = tmp_path / "claims.html"
    page.write_text(render_html(df, papers), encoding="utf-8")
    with chrome(tmp_path) as browser:
        browser.get(page.as_uri())
        cut = browser.execute_script(
            "return Array.from(document.querySelectorAll('#claims td.num')).filter(td => td.scrollWidth > "
            "td.clientWidth).map(td => td.textContent)")
        assert cut == []
        assert browser.execute_script("return getComputedStyle(document.querySelector('header.top')).backgroundColor") \
            == "rgb(255, 255, 255)"


def test_a_code_url_from_an_arxiv_records_comments_is_listed_with_its_place(tmp_path: Path) -> None:
    src = tmp_path / "snap.jsonl"
    src.write_text('{"id": "2401.00001", "title": "Fast Thing", "abstract": "It is 3.1x faster than SST.", '
                   '"comments": "12 pages. Code: https://github.com/abc/fast-thing"}\n', encoding="utf-8")
    out = tmp_path / "page.html"
    res = CliRunner().invoke(app, ["render", str(src), "-o", str(out)])
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert "github.com/abc/fast-thing" in page
    assert "not found at its offsets" not in page
