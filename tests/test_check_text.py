"""The number index and the fallback to the text: numbers the extractor did not classify
confirm a value (``source = text``) or name the number a slipped value came from; either end
of a range and an item of a list confirm, with the whole range or list as evidence; signs
the text does not write are not held against the sheet."""

from __future__ import annotations

import pandas as pd
import pytest

import claimtab
from claimtab.check import PaperIndex, check_sheet, detect_columns
from claimtab.check.index import mentions_of, paper_numbers

ABSTRACT = (
    "Our detector runs on 8 GPUs. It is about $20$ times larger than CUHK03 and is 4--11 faster for decoding. "
    "The error rates are 3.35% on SVHN, 8.27% on CIFAR-10, and 33.97 on CIFAR-100. "
    "Accuracy improves from 42.8 to 52.1 in terms of mAP(\\%). "
    "It gains 1.6mAP on COCO with near-100% recall. Token usage changes by (-3\\% to -41\\%). "
    "Results of 12.5 and 13.7 are reported on an 80-case subset. The makespan drops by 26.8%. "
    "We train models from 124M to 1.4B parameters, and it surpasses A, B and C by 87%, 131% and 55%, respectively. "
    "Accuracy drops by 0.33%."
)
PAPER = {"id": "t1", "title": "A Test Paper", "abstract": ABSTRACT}


@pytest.fixture(scope="module")
def index() -> PaperIndex:
    return PaperIndex(claimtab.extract_frame([PAPER]), {"t1": claimtab.api.as_paper(PAPER)})


def check(index, rows: list[dict]) -> list[dict]:
    sheet = pd.DataFrame([{"paper": "t1", **r} for r in rows], dtype="string")
    report, _ = check_sheet(sheet, detect_columns(sheet.columns), index)
    return report.to_dict("records")


def test_the_index_holds_every_number_with_its_unit_qualifier_and_sentence(index):
    numbers = {ABSTRACT[slice(*n.number)]: n for n in paper_numbers("t1", {"abstract": ABSTRACT})}
    assert numbers["8"].value == 8 and numbers["8"].unit == "" and numbers["8"].sentence == "Our detector runs on 8 GPUs."
    twenty = numbers["$20$ times"]  # "about $20$ times": the engine reads the factor through the LaTeX
    assert twenty.qualifier == "about" and "x" in twenty.alt_units | {twenty.unit}
    four = numbers["4--11"]
    assert (four.value, four.value_max) == (4, 11) and "x" in four.alt_units  # "4--11 faster"
    assert "%" in numbers["33.97"].alt_units | {numbers["33.97"].unit}  # a series of percentages that drops the last %
    assert "%" in numbers["42.8"].alt_units  # "in terms of mAP(%)"
    assert numbers["1.6"].classes >= {"glued"} and numbers["100%"].unit == "%"  # "1.6mAP", "near-100%"
    assert numbers["80"].value == 80  # "an 80-case subset"
    signed = numbers["-3\\% to -41\\%"]
    assert (signed.value, signed.value_max, signed.signed) == (-41, -3, True)
    for n in numbers.values():
        assert ABSTRACT[n.start:n.end] == n.text and n.source == "text" and n.field == "abstract"


def test_the_index_marks_the_numbers_claims_stand_for(index):
    claims, numbers = index.paper("t1")
    claimed = {ABSTRACT[slice(*n.number)]: n.claimed for n in numbers}
    assert claimed["8"] == "" and claimed["3.35%"] == "score" and claimed["26.8%"]
    assert all(c.source == "claim" for c in claims)


def test_change_starts_are_written_numbers():
    values = [m.value for m in mentions_of("Satisfaction drops from 42.8\\% to 30\\% after the update.")]
    assert values == [42.8, 30.0]


def test_a_number_no_claim_stands_for_confirms_from_the_text(index):
    rows = check(index, [
        {"value": "8"},  # "8 GPUs": no claim, but written
        {"value": "~20x", "kind": "data_size"},  # "$20$ times larger": the LaTeX hides the factor from the finder
        {"value": "33.97%", "kind": "score"},  # its % is written once for the series
        {"value": "42.8%", "kind": "score"},  # the start of a change, its % in "mAP(%)"
        {"value": "1.6", "kind": "delta"},  # "1.6mAP"
        {"value": "~100%", "kind": "score"},  # "near-100%"
        {"value": "80", "kind": "data_size"},  # "an 80-case subset"
    ])
    assert [r["status"] for r in rows] == ["confirmed"] * 7, [r["evidence"] for r in rows]
    # the engine classifies some of these as it learns (33.97 takes the series' %): whatever it
    # leaves unclassified is confirmed from the text, with the offsets of the written number
    assert rows[0]["source"] == "text"
    for r in rows:
        if r["source"] == "text":
            assert "no claim classified" in r["evidence"]
        assert r["field"] == "abstract" and isinstance(r["start"], int) and r["end"] > r["start"]


def test_range_ends_and_list_items_confirm_with_the_whole_range_or_list(index):
    rows = check(index, [
        {"value": "1.4B", "kind": "params"},  # the high end of "from 124M to 1.4B parameters"
        {"value": "124M"},  # the low end
        {"value": "11x", "kind": "speedup"},  # an end of a range no claim stands for: "4--11 faster"
        {"value": "131%"},  # one item of "87%, 131% and 55%"
        {"value": "13.7"},  # one item of "12.5 and 13.7", no claim
    ])
    assert [r["status"] for r in rows] == ["confirmed"] * 5, [r["evidence"] for r in rows]
    assert "high end" in rows[0]["evidence"] and "124M to 1.4B" in rows[0]["evidence"]
    assert "low end" in rows[1]["evidence"]
    assert "high end" in rows[2]["evidence"]
    assert '"87%, 131% and 55%"' in rows[3]["evidence"]
    assert ABSTRACT[rows[3]["start"]:rows[3]["end"]] == "87%, 131% and 55%"  # the offsets span the list
    assert ABSTRACT[rows[4]["start"]:rows[4]["end"]] == "12.5 and 13.7"
    assert rows[0]["paper_value"] == "124M-1.4B"


def test_a_slipped_value_names_the_closest_number_of_the_text(index):
    rows = check(index, [
        {"value": "9", "kind": "data_size"},  # one digit from "8 GPUs"... and nothing else
        {"value": "3.397%", "kind": "score"},  # the point moved in 33.97
        {"value": "1.5B", "kind": "params"},  # one digit from the high end of a range
        {"value": "132%"},  # one digit from a list item
        {"value": "33.97x", "kind": "score"},  # the digits of a number the text writes, in another unit
    ])
    assert [r["status"] for r in rows] == ["mismatch"] * 4 + ["unit_mismatch"], [r["evidence"] for r in rows]
    assert rows[1]["paper_value"] == "33.97"
    assert rows[2]["paper_value"] == "124M-1.4B" and rows[3]["paper_value"] == "131"


def test_signs_the_text_does_not_write(index):
    rows = check(index, [
        {"value": "26.8%", "kind": "delta"},  # "drops by 26.8%": the sheet gives the magnitude
        {"value": "-0.33%", "kind": "delta"},  # "drops by 0.33%": the sign is the words'
        {"value": "3-41%", "kind": "reduction"},  # a reduction carries no sign: "(-3% to -41%)"
        {"value": "+3-41%"},  # no kind, and the text writes the signs: not the same numbers
    ])
    assert [r["status"] for r in rows[:3]] == ["confirmed"] * 3, [r["evidence"] for r in rows]
    assert rows[3]["status"] not in ("confirmed", "rounded")


def test_a_stated_sign_against_a_gain_is_a_mismatch():
    paper = {"id": "g", "title": "G", "abstract": "Our method improves accuracy by 1.2 points on ImageNet."}
    idx = PaperIndex(claimtab.extract_frame([paper]), {"g": claimtab.api.as_paper(paper)})
    sheet = pd.DataFrame([{"paper": "g", "value": "-1.2 pp", "kind": "delta"}], dtype="string")
    report, _ = check_sheet(sheet, detect_columns(sheet.columns), idx)
    assert report["status"].tolist() == ["mismatch"]


def test_a_claims_table_alone_has_no_text_to_fall_back_to():
    paper = {"id": "c", "title": "C", "abstract": "It runs on 8 GPUs and is 3x faster."}
    idx = PaperIndex(claimtab.extract_frame([paper]), {})
    sheet = pd.DataFrame([{"paper": "c", "value": "8"}, {"paper": "c", "value": "3x"}], dtype="string")
    report, _ = check_sheet(sheet, detect_columns(sheet.columns), idx)
    assert report["status"].tolist()[1] == "confirmed" and report["status"][0] not in ("confirmed", "rounded")
    assert "claims table" in report["evidence"][0]


def test_spreads_leftovers_and_what_is_not_a_unit():
    numbers = {n.text: n for n in paper_numbers("s", {"abstract": (
        "HIENet achieved a 76.91 $\\pm$ 1.17% accuracy and 9620.33\\% mean human normalized score. "
        "It needs $3.4 \\sim 8.4 \\times 10^4$ queries. The quality gap is 0.12 and the similarity gap is 3%. "
        "Roughly 75% MACs are saved."
    )})}
    assert numbers["1.17%"].classes >= {"spread"} and numbers["1.17%"].unit == "%"
    assert numbers["9620.33\\%"].value == 9620.33  # a percentage the finder declines (above 1000)
    assert "x" not in numbers["8.4"].alt_units  # scientific notation, not a factor
    assert "%" not in numbers["0.12"].alt_units  # two numbers of two metrics are no series
    assert "%" in numbers["75% MACs"].alt_units  # the finder took the noun for the unit
