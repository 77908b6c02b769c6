"""Tests for claimtab.readers: every input format, its errors and the bundled samples."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from claimtab.io.papers import (
    InputError,
    InputProblem,
    count_records,
    detect_format,
    read_papers,
    slugify,
)
from claimtab.model import Paper

DATA = Path(__file__).resolve().parents[1] / "data"

ABSTRACT_1 = "We reach 91.2% accuracy  and a 3.5× speedup.\nCode: https://github.com/a/b."
ABSTRACT_2 = "A 7B-parameter model trained on 1.2T tokens improves BLEU by +2.1 points."


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def jsonl(*records: object) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def read(path: Path | str, **kwargs: object) -> list[Paper]:
    return list(read_papers(path, **kwargs))


# --------------------------------------------------------------------------- JSONL


def test_jsonl_reads_records_with_source_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "in.jsonl",
        jsonl({"id": "a", "title": "  First  ", "abstract": f"  {ABSTRACT_1}\n "})
        + "\n"
        + jsonl({"id": "b", "title": "Second", "abstract": ABSTRACT_2}),
    )
    papers = read(path)
    assert [p.id for p in papers] == ["a", "b"]
    assert papers[0].title == "First"
    assert papers[0].abstract == ABSTRACT_1  # only the surrounding whitespace is stripped
    assert papers[0].source == f"{path}:1"
    assert papers[1].source == f"{path}:3"  # the blank line 2 is skipped


def test_ndjson_extension_is_jsonl(tmp_path: Path) -> None:
    path = write(tmp_path, "in.ndjson", jsonl({"id": "a", "abstract": ABSTRACT_2}))
    assert detect_format(str(path)) == "jsonl"
    assert read(path)[0].id == "a"


def test_jsonl_numeric_id_becomes_text(tmp_path: Path) -> None:
    path = write(tmp_path, "in.jsonl", jsonl({"id": 17, "abstract": ABSTRACT_2}))
    assert read(path)[0].id == "17"


def test_malformed_jsonl_line_is_a_problem_and_reading_goes_on(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "in.jsonl",
        jsonl({"id": "a", "abstract": ABSTRACT_1})
        + '{"id": "b", "abstract": \n'
        + jsonl({"id": "c", "abstract": ABSTRACT_2}),
    )
    problems: list[InputProblem] = []
    papers = read(path, problems=problems)
    assert [p.id for p in papers] == ["a", "c"]
    assert len(problems) == 1
    assert problems[0].source == str(path)
    assert problems[0].line == 2
    assert problems[0].message.startswith("invalid JSON: ")
    assert str(problems[0]).startswith(f"{path}:2: invalid JSON: ")


def test_malformed_jsonl_line_is_fatal_when_strict(tmp_path: Path) -> None:
    path = write(tmp_path, "in.jsonl", jsonl({"id": "a", "abstract": ABSTRACT_1}) + "not json\n")
    with pytest.raises(InputError, match=r"in\.jsonl:2: invalid JSON"):
        read(path, strict=True)


def test_jsonl_line_that_is_not_an_object_is_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "in.jsonl", "[1, 2]\n" + jsonl({"id": "a", "abstract": ABSTRACT_1}))
    problems: list[InputProblem] = []
    assert [p.id for p in read(path, problems=problems)] == ["a"]
    assert problems[0].line == 1 and "expected a JSON object" in problems[0].message


def test_field_that_is_not_text_is_a_problem(tmp_path: Path) -> None:
    path = write(
        tmp_path, "in.jsonl", jsonl({"id": "a", "abstract": ["x"]}, {"id": "b", "abstract": ABSTRACT_2})
    )
    problems: list[InputProblem] = []
    assert [p.id for p in read(path, problems=problems)] == ["b"]
    assert "'abstract' is not text" in problems[0].message


def test_problems_without_a_list_are_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = write(tmp_path, "in.jsonl", "oops\n" + jsonl({"id": "a", "abstract": ABSTRACT_1}))
    assert len(read(path)) == 1
    assert "in.jsonl:1: invalid JSON" in caplog.text


# --------------------------------------------------------------------------- JSON


def test_json_list_with_lines_of_each_record(tmp_path: Path) -> None:
    records = [{"id": "a", "title": "T1", "abstract": ABSTRACT_1}, {"id": "b", "abstract": ABSTRACT_2}]
    path = write(tmp_path, "in.json", json.dumps(records, indent=2))
    papers = read(path)
    assert [p.id for p in papers] == ["a", "b"]
    assert papers[0].abstract == ABSTRACT_1
    assert papers[1].title == ""
    assert papers[0].source == f"{path}:2"
    assert papers[1].source == f"{path}:7"


@pytest.mark.parametrize("key", ["papers", "data", "records"])
def test_json_object_holding_a_list(tmp_path: Path, key: str) -> None:
    doc = {"version": 1, "meta": {"n": [1, 2]}, key: [{"paper_id": "x", "summary": ABSTRACT_2}]}
    path = write(tmp_path, "in.json", json.dumps(doc, indent=1))
    papers = read(path)
    assert [(p.id, p.abstract) for p in papers] == [("x", ABSTRACT_2)]
    assert papers[0].source == f"{path}:10"


def test_json_single_object_is_one_paper(tmp_path: Path) -> None:
    path = write(tmp_path, "in.json", json.dumps({"id": "a", "abstract": ABSTRACT_1}))
    assert [p.id for p in read(path)] == ["a"]


def test_broken_item_of_a_json_document_costs_that_item(tmp_path: Path) -> None:
    path = write(tmp_path, "in.json", f'[\n{{"id": "a",\n "abstract": }},\n{{"id": "b", "abstract": "{ABSTRACT_2}"}}\n]')
    problems: list[InputProblem] = []
    assert [p.id for p in read(path, problems=problems)] == ["b"]
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [(2, "invalid JSON")]


def test_invalid_json_document_that_is_no_list_is_fatal_with_line(tmp_path: Path) -> None:
    path = write(tmp_path, "in.json", '{"id": "a",\n "abstract": }\n')
    with pytest.raises(InputError, match=r"in\.json:2: invalid JSON"):
        read(path)


def test_json_scalar_document_is_fatal(tmp_path: Path) -> None:
    path = write(tmp_path, "in.json", "42")
    with pytest.raises(InputError, match=r"in\.json: expected a list of objects"):
        read(path)


def test_json_record_that_is_not_an_object_is_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "in.json", json.dumps([{"id": "a", "abstract": ABSTRACT_1}, "stray"], indent=1))
    problems: list[InputProblem] = []
    assert [p.id for p in read(path, problems=problems)] == ["a"]
    assert problems[0].line == 6


# --------------------------------------------------------------------------- CSV / TSV


def test_csv_with_quoted_multiline_field(tmp_path: Path) -> None:
    content = 'id,title,abstract\na,First,"Line one,\nline two."\nb,Second,' + ABSTRACT_2 + "\n"
    path = write(tmp_path, "in.csv", content)
    papers = read(path)
    assert [p.id for p in papers] == ["a", "b"]
    assert papers[0].abstract == "Line one,\nline two."
    assert papers[0].source == f"{path}:2"
    assert papers[1].source == f"{path}:4"


@pytest.mark.parametrize("name", ["in.tsv", "in.tab"])
def test_tsv(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, f"Paper_ID\tTitle\tAbstract\nx1\tA title\t{ABSTRACT_2}\n")
    assert detect_format(str(path)) == "tsv"
    [paper] = read(path)
    assert (paper.id, paper.title, paper.abstract, paper.source) == ("x1", "A title", ABSTRACT_2, f"{path}:2")


def test_csv_column_defaults_are_tried_in_order(tmp_path: Path) -> None:
    path = write(tmp_path, "in.csv", f"doc_id,arxiv_id,body,text\nd,2501.1,ignored,{ABSTRACT_2}\n")
    [paper] = read(path)
    assert paper.id == "2501.1"  # arxiv_id comes before doc_id
    assert paper.abstract == ABSTRACT_2  # text comes before body


def test_field_overrides(tmp_path: Path) -> None:
    path = write(tmp_path, "in.csv", f"key,name,text_body,abstract\nk1,My title,{ABSTRACT_2},other\n")
    [paper] = read(path, id_field="key", title_field="name", text_field="text_body")
    assert (paper.id, paper.title, paper.abstract) == ("k1", "My title", ABSTRACT_2)


def test_field_overrides_apply_to_json_keys(tmp_path: Path) -> None:
    path = write(tmp_path, "in.jsonl", jsonl({"uid": "u", "heading": "H", "content": ABSTRACT_1}))
    [paper] = read(path, id_field="uid", title_field="heading", text_field="content")
    assert (paper.id, paper.title, paper.abstract) == ("u", "H", ABSTRACT_1)


def test_missing_text_column_lists_the_columns_found(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "id,name,text_body\n1,a,b\n")
    with pytest.raises(InputError) as info:
        read(path)
    assert (
        str(info.value)
        == f"{path}: no column for the abstract; columns found: id, name, text_body (use --text-field)"
    )


def test_override_naming_a_missing_column(tmp_path: Path) -> None:
    """A CSV has one header: a column it lacks is fatal for the file. Each JSON record has
    its own keys: a record without the key is that record's problem."""
    path = write(tmp_path, "x.csv", f"id,abstract\na,{ABSTRACT_2}\n")
    with pytest.raises(
        InputError,
        match=r"no column 'body_text' for the abstract \(--text-field\); columns found: id, abstract",
    ):
        read(path, text_field="body_text")
    path = write(tmp_path, "x.jsonl", jsonl({"id": "a", "abstract": ABSTRACT_1}, {"id": "b", "body_text": ABSTRACT_2}))
    problems: list[InputProblem] = []
    assert [p.id for p in read(path, text_field="body_text", problems=problems)] == ["b"]
    assert problems == [InputProblem(
        str(path), 1, "no column 'body_text' for the abstract (--text-field); keys found: id, abstract; skipped")]


def test_csv_row_with_too_many_fields_is_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "in.csv", f"id,abstract\na,{ABSTRACT_2}\nb,one,two\nc,short row ok,\n")
    problems: list[InputProblem] = []
    assert [p.id for p in read(path, problems=problems)] == ["a", "c"]
    assert problems[0].line == 3 and "3 fields" in problems[0].message


def test_missing_title_column_gives_empty_titles(tmp_path: Path) -> None:
    path = write(tmp_path, "in.csv", f"id,abstract\na,{ABSTRACT_2}\n")
    assert read(path)[0].title == ""


def test_missing_id_gives_stable_unique_ids(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "notes.jsonl",
        jsonl(
            {"title": "Attention Is All You Need!", "abstract": ABSTRACT_1},
            {"title": "Attention is all you need", "abstract": ABSTRACT_2},
            {"abstract": ABSTRACT_2},
        ),
    )
    ids = [p.id for p in read(path)]
    assert ids == ["attention-is-all-you-need", "attention-is-all-you-need-2", "notes:3"]
    assert [p.id for p in read(path)] == ids


def test_record_with_neither_title_nor_abstract_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "in.csv", f"id,title,abstract\na,,  \nb,T,{ABSTRACT_2}\n")
    problems: list[InputProblem] = []
    assert [p.id for p in read(path, problems=problems)] == ["b"]
    assert problems == [InputProblem(str(path), 2, "record has neither a title nor an abstract; skipped")]
    with pytest.raises(InputError, match=r"in\.csv:2: record has neither"):
        read(path, strict=True)


def test_title_only_record_is_kept(tmp_path: Path) -> None:
    path = write(tmp_path, "in.jsonl", jsonl({"id": "a", "title": "A 3x faster thing", "abstract": ""}))
    assert read(path)[0].title == "A 3x faster thing"


# --------------------------------------------------------------------------- encodings and files


@pytest.mark.parametrize(
    ("name", "good", "bad", "line"),
    [
        ("in.jsonl", b'{"id": "a", "abstract": "fine 2x"}\n', b'{"id": "b", "abstract": "caf\xe9 3x"}\n', 2),
        ("in.csv", b"id,abstract\na,fine 2x\n", b"b,caf\xe9 3x\n", 3),
        ("in.json", b'[{"id": "a", "abstract": "fine 2x"},\n', b'{"id": "b", "abstract": "caf\xe9 3x"}]', 2),
    ],
)
def test_non_utf8_byte_costs_its_record_only(tmp_path: Path, name: str, good: bytes, bad: bytes, line: int) -> None:
    path = write(tmp_path, name, good + bad + (b"" if name.endswith(".json") else good.splitlines(True)[-1].replace(b"a", b"c", 1)))
    problems: list[InputProblem] = []
    papers = read(path, problems=problems)
    assert "b" not in [p.id for p in papers] and "a" in [p.id for p in papers]
    assert [(p.source, p.line) for p in problems] == [(str(path), line)]
    assert "not UTF-8 text (undecodable byte 0xE9)" in problems[0].message
    assert "\n" not in str(problems[0])
    with pytest.raises(InputError, match=rf"{name}:{line}: .*not UTF-8 text"):
        read(path, strict=True)


def test_non_utf8_text_file_is_one_bad_paper(tmp_path: Path) -> None:
    path = write(tmp_path, "in.txt", "caf\u00e9 latin-1".encode("latin-1"))
    problems: list[InputProblem] = []
    assert read(path, problems=problems) == []
    assert [str(p) for p in problems] == [
        f"{path}:1: the abstract is not UTF-8 text (undecodable byte 0xE9); re-save it as UTF-8; skipped"]


def test_utf16_file_gets_a_hint(tmp_path: Path) -> None:
    path = write(tmp_path, "in.csv", "id,abstract\n".encode("utf-16"))
    with pytest.raises(InputError, match="UTF-16"):
        read(path)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("in.jsonl", jsonl({"id": "a", "abstract": ABSTRACT_2})),
        ("in.csv", f"id,abstract\na,{ABSTRACT_2}\n"),
        ("in.json", json.dumps([{"id": "a", "abstract": ABSTRACT_2}])),
    ],
)
def test_utf8_bom_is_accepted(tmp_path: Path, name: str, content: str) -> None:
    path = write(tmp_path, name, b"\xef\xbb\xbf" + content.encode("utf-8"))
    [paper] = read(path)
    assert (paper.id, paper.abstract) == ("a", ABSTRACT_2)


def test_bom_is_accepted_in_text_files(tmp_path: Path) -> None:
    path = write(tmp_path, "p.txt", b"\xef\xbb\xbf" + ABSTRACT_2.encode("utf-8"))
    assert read(path)[0].abstract == ABSTRACT_2


def test_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "nope.jsonl"
    with pytest.raises(InputError, match=r"nope\.jsonl: no such file"):
        read(path)


def test_directory_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=f"{tmp_path}: is a directory"):
        read(tmp_path)


@pytest.mark.parametrize("name", ["e.jsonl", "e.json", "e.csv", "e.tsv", "e.txt", "e.md", "e"])
def test_empty_file_yields_nothing(tmp_path: Path, name: str) -> None:
    problems: list[InputProblem] = []
    assert read(write(tmp_path, name, ""), problems=problems) == []
    assert read(write(tmp_path, name, "\n  \n"), problems=problems) == []
    assert problems == []


def test_several_inputs_in_order_with_unique_generated_ids(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write(tmp_path / "a", "paper.txt", ABSTRACT_1)
    second = write(tmp_path / "b", "paper.txt", ABSTRACT_2)
    papers = read([first, str(second)])
    assert [(p.id, p.abstract) for p in papers] == [("paper", ABSTRACT_1), ("paper-2", ABSTRACT_2)]


def test_only_input_error_escapes(tmp_path: Path) -> None:
    class Broken(io.StringIO):
        def read(self, *args: object) -> str:
            raise RuntimeError("boom")

    with pytest.raises(InputError, match=r"<stdin>: cannot read \(RuntimeError: boom\)"):
        read("-", stdin=Broken())


# --------------------------------------------------------------------------- papers page

PAGE = f"""Daily Papers
by AK and the research community

Subscribe
Sign in

Nov 26
2025-11-26

Submitted by someone
·
Upvote
42

Fast Things: A 3x Speedup for Everything

We present Fast Things, which runs 3x faster
than prior work and reaches 91.2% accuracy.
Code is at https://github.com/x/fast.

Published on Nov 3
17

Fast Things: a 3x speedup for everything?

{ABSTRACT_2} It uses 40% less memory.

Submitted by another person
·
Upvote
5
Nov 25

Small Models Matter

Our 1.3B model matches a 7B model on 5 of 6 benchmarks. We release it.

Previous
"""


def test_page_parses_papers_and_skips_chrome(tmp_path: Path) -> None:
    path = write(tmp_path, "daily.txt", PAGE)
    assert detect_format(str(path)) == "page"
    problems: list[InputProblem] = []
    papers = read(path, problems=problems)
    assert problems == []
    assert [p.id for p in papers] == [
        "fast-things-a-3x-speedup-for-everything",
        "fast-things-a-3x-speedup-for-everything-2",
        "small-models-matter",
    ]
    assert papers[0].title == "Fast Things: A 3x Speedup for Everything"
    assert papers[0].abstract == (
        "We present Fast Things, which runs 3x faster than prior work and reaches 91.2% accuracy. "
        "Code is at https://github.com/x/fast."
    )
    assert papers[1].abstract == f"{ABSTRACT_2} It uses 40% less memory."
    assert papers[0].source == f"{path}:15"
    assert all("Upvote" not in p.title and "Sign in" not in p.title for p in papers)


def test_page_paragraph_without_a_title_is_a_problem(tmp_path: Path) -> None:
    text = PAGE + "\nThis stray paragraph has no title line before it, but it is prose.\n"
    path = write(tmp_path, "daily.md", text)
    problems: list[InputProblem] = []
    assert len(read(path, problems=problems)) == 3
    assert problems[0].line == text.split("\n").index(text.split("\n")[-2]) + 1
    assert "without a title" in problems[0].message


def test_page_with_short_abstracts(tmp_path: Path) -> None:
    text = "Nov 26\n\nTitle One\n\nWe improve accuracy by 5%.\n\nTitle Two\n\nOur method is\n3x faster.\n"
    papers = read(write(tmp_path, "short.txt", text))
    assert [(p.id, p.abstract) for p in papers] == [
        ("title-one", "We improve accuracy by 5%."),
        ("title-two", "Our method is 3x faster."),
    ]


def test_page_title_that_looks_like_a_sentence(tmp_path: Path) -> None:
    text = (
        "Daily Papers\n\nLearning Things Is Hard, and We Show It Here.\n\n"
        f"{ABSTRACT_2}\n\nCan Models Count? A Study of Counting\n\n{ABSTRACT_1}\n"
    )
    papers = read(write(tmp_path, "page.txt", text))
    assert [p.title for p in papers] == [
        "Learning Things Is Hard, and We Show It Here.",
        "Can Models Count? A Study of Counting",
    ]
    assert papers[1].abstract == ABSTRACT_1.replace("\n", " ")


def test_slugify() -> None:
    assert slugify("  Hello, World! (v2) ") == "hello-world-v2"
    assert slugify("Über-Modelle für Sprache") == "über-modelle-für-sprache"
    long = slugify("word " * 40)
    assert len(long) <= 80 and not long.endswith("-") and long.startswith("word-word")
    assert slugify("!!!") == ""


# --------------------------------------------------------------------------- single text paper


def test_txt_with_title_line_and_paragraph_is_one_paper(tmp_path: Path) -> None:
    path = write(tmp_path, "my-paper.txt", f"A Short Title\n\n{ABSTRACT_1}\n")
    assert detect_format(str(path)) == "txt"
    [paper] = read(path)
    assert (paper.id, paper.title, paper.abstract) == ("my-paper", "A Short Title", ABSTRACT_1)


def test_txt_single_paragraph_has_no_title(tmp_path: Path) -> None:
    path = write(tmp_path, "abs.txt", f"\n{ABSTRACT_1}\n\n")
    [paper] = read(path)
    assert (paper.id, paper.title, paper.abstract) == ("abs", "", ABSTRACT_1)


def test_txt_whose_first_block_is_prose_has_no_title(tmp_path: Path) -> None:
    text = f"{ABSTRACT_2}\n\n{ABSTRACT_1}"
    [paper] = read(write(tmp_path, "abs.txt", text))
    assert (paper.title, paper.abstract) == ("", text)


# --------------------------------------------------------------------------- stdin


@pytest.mark.parametrize(
    ("content", "fmt"),
    [
        (jsonl({"id": "a", "abstract": ABSTRACT_2}, {"id": "b", "abstract": ABSTRACT_1}), "jsonl"),
        (json.dumps([{"id": "a", "abstract": ABSTRACT_2}, {"id": "b", "abstract": ABSTRACT_1}]), "json"),
        (
            json.dumps(
                {"papers": [{"id": "a", "abstract": ABSTRACT_2}, {"id": "b", "abstract": ABSTRACT_1}]}
            ),
            "json",
        ),
        (f'id,abstract\na,{ABSTRACT_2}\nb,"{ABSTRACT_1}"\n', "csv"),
        (f"id\tabstract\na\t{ABSTRACT_2}\nb\t{ABSTRACT_1.replace(chr(10), ' ')}\n", "tsv"),
    ],
)
def test_stdin_is_sniffed(content: str, fmt: str) -> None:
    assert detect_format("-", stdin=io.StringIO(content)) == fmt
    papers = read("-", stdin=io.StringIO(content))
    assert [p.id for p in papers] == ["a", "b"]
    assert papers[0].abstract == ABSTRACT_2
    assert papers[0].source.startswith("<stdin>:")


def test_stdin_page_and_single_paper() -> None:
    assert detect_format("-", stdin=io.StringIO(PAGE)) == "page"
    assert len(read("-", stdin=io.StringIO(PAGE))) == 3
    assert detect_format("-", text=ABSTRACT_1) == "txt"
    [paper] = read("-", stdin=io.StringIO(ABSTRACT_1))
    assert (paper.id, paper.abstract) == ("stdin", ABSTRACT_1)


def test_detect_format_does_not_consume_stdin() -> None:
    stream = io.StringIO(jsonl({"id": "a", "abstract": ABSTRACT_2}))
    assert detect_format("-", stdin=stream) == "jsonl"
    assert [p.id for p in read("-", stdin=stream)] == ["a"]


def test_stdin_bytes_are_checked_for_utf8() -> None:
    bom = io.TextIOWrapper(io.BytesIO(b"\xef\xbb\xbf" + jsonl({"id": "a", "abstract": "x"}).encode()))
    assert [p.id for p in read("-", stdin=bom)] == ["a"]
    bad = io.TextIOWrapper(io.BytesIO(b"id,abstract\n\xff,x\nb,y\n"))
    problems: list[InputProblem] = []
    assert [p.id for p in read("-", stdin=bad, problems=problems)] == ["b"]
    assert [str(p) for p in problems] == [
        "<stdin>:2: field 'id' is not UTF-8 text (undecodable byte 0xFF); re-save it as UTF-8; skipped"]
    utf16 = io.TextIOWrapper(io.BytesIO("id,abstract\n".encode("utf-16")))
    with pytest.raises(InputError, match=r"<stdin>: is not UTF-8 text \(it looks like UTF-16\)"):
        read("-", stdin=utf16)


def test_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    path = write(tmp_path, "papers.dat", jsonl({"id": "a", "abstract": ABSTRACT_2}))
    assert detect_format(str(path)) == "jsonl"
    assert [p.id for p in read(path)] == ["a"]


# --------------------------------------------------------------------------- formats and counts


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.jsonl", "jsonl"),
        ("a.NDJSON", "jsonl"),
        ("a.json", "json"),
        ("a.csv", "csv"),
        ("a.tsv", "tsv"),
        ("a.tab", "tsv"),
    ],
)
def test_detect_format_by_extension(name: str, fmt: str) -> None:
    assert detect_format(name) == fmt


def test_count_records(tmp_path: Path) -> None:
    assert count_records(write(tmp_path, "a.jsonl", jsonl({"id": 1}, {"id": 2}) + "\n")) == 2
    assert count_records(write(tmp_path, "a.csv", "id,abstract\n1,x\n2,y\n3,z\n")) == 3
    assert count_records(write(tmp_path, "p.txt", PAGE)) == 3
    assert count_records(write(tmp_path, "one.txt", ABSTRACT_1)) == 1
    assert count_records("-") is None
    assert count_records(tmp_path / "missing.jsonl") is None


def test_input_problem_str() -> None:
    assert str(InputProblem("a.jsonl", 3, "invalid JSON: x")) == "a.jsonl:3: invalid JSON: x"
    assert str(InputProblem("a.json", None, "oops")) == "a.json: oops"


# --------------------------------------------------------------------------- bundled samples


def _annotated_ids() -> set[str]:
    return {json.loads(line)["id"] for line in (DATA / "sample.claims.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()}


def test_bundled_sample_jsonl() -> None:
    problems: list[InputProblem] = []
    papers = read(DATA / "sample.jsonl", problems=problems)
    assert problems == []
    assert len(papers) >= 12 and len({p.id for p in papers}) == len(papers)
    assert all(p.title and p.abstract for p in papers)
    assert {p.id for p in papers} <= _annotated_ids()  # every bundled paper has its annotation


def test_bundled_sample_papers_page() -> None:
    path = DATA / "sample_papers.txt"
    assert detect_format(str(path)) == "page"
    problems: list[InputProblem] = []
    papers = read(path, problems=problems)
    assert problems == []
    assert len(papers) >= 12
    assert all(len(p.abstract) > 300 and "\n" not in p.abstract for p in papers)
    assert all(p.id == slugify(p.title) for p in papers)
    assert not {"Daily Papers", "Subscribe", "Upvote"} & {p.title for p in papers}
    assert {p.id for p in papers} <= _annotated_ids()
