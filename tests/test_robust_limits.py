"""Limits at the door of extraction: a record past one gets one line naming it and the others
go on -- never a crash, never a stall (:mod:`claimtab.io.limits`)."""

from __future__ import annotations

import threading
import time

import pytest
import regex

from claimtab import api
from claimtab.errors import RecordError
from claimtab.io.limits import LIMITS, MAX_CHARS, MAX_NUMBERS, Limits, Overtime, text_problem, time_budget
from claimtab.io.sources import InputProblem
from claimtab.model import Paper

GOOD = Paper(id="good", title="", abstract="Our model is 2.5x faster than SST.", source="in.jsonl:1")


def _run(papers, **kwargs):
    problems: list[InputProblem] = []
    frame = api.extract_frame(papers, problems=problems, **kwargs)
    return frame, problems


def test_the_limits_are_far_above_what_papers_hold() -> None:
    assert (LIMITS.max_chars, LIMITS.max_numbers, LIMITS.seconds) == (MAX_CHARS, MAX_NUMBERS, 5.0)
    assert MAX_CHARS == 100_000 and MAX_NUMBERS == 500


def test_a_text_too_long_costs_its_record_only() -> None:
    assert text_problem("We are 2x faster. " * 6000, "the abstract", LIMITS) == (
        "the abstract has 108,000 characters, over the limit of 100,000")
    long = Paper(id="long", abstract="We are 2x faster. " * 60, source="in.jsonl:2")
    frame, problems = _run([long, GOOD], limits=Limits(max_chars=1000))
    assert frame["paper_id"].tolist() == ["good"]
    assert [str(p) for p in problems] == [
        "in.jsonl:2: the abstract has 1,080 characters, over the limit of 1,000; skipped"]
    frame, problems = _run([long, GOOD], limits=Limits(max_chars=None))
    assert set(frame["paper_id"]) == {"long", "good"} and problems == []


def test_a_sentence_with_too_many_numbers_costs_its_record_only() -> None:
    listed = Paper(id="listed", title="1, " * 600 + "2 tokens/s")
    frame, problems = _run([listed, GOOD])
    assert frame["paper_id"].tolist() == ["good"]
    assert [str(p) for p in problems] == [
        "paper 'listed': the title has a sentence with 601 numbers (at character 0), over the limit of 500; skipped"]
    # as many numbers in separate sentences are fine
    assert text_problem("We gain 1%. " * 600, "the abstract", LIMITS) is None


def test_text_that_is_not_unicode_costs_its_record_only() -> None:
    frame, problems = _run([{"id": "s", "abstract": "\ud800 4.6x faster"}, GOOD])
    assert frame["paper_id"].tolist() == ["good"]
    assert "lone surrogate" in problems[0].message and problems[0].source == "paper 's'"


def _catastrophic(*args, **kwargs):
    """Work the time budget must cut short: a backtracking regular expression (C code)."""
    regex.search(r"(?:a|aa)+$", "a" * 50_000 + "b")
    raise AssertionError("not interrupted")


def test_a_record_over_its_time_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    slow = Paper(id="slow", abstract="It is 3x faster.", source="in.jsonl:7")
    real = api.found_in
    monkeypatch.setattr(api, "found_in", lambda p, ex: _catastrophic() if p.id == "slow" else real(p, ex))
    began = time.monotonic()
    frame, problems = _run([slow, GOOD], limits=Limits(seconds=0.5))
    assert time.monotonic() - began < 5
    assert frame["paper_id"].tolist() == ["good"]
    assert [str(p) for p in problems] == [
        "in.jsonl:7: extraction took over 0.5 s, the time limit of one record; skipped"]
    with pytest.raises(RecordError, match=r"in\.jsonl:7: extraction took over"):
        list(api.extract([slow, GOOD], limits=Limits(seconds=0.5), strict=True))


def test_outside_the_main_thread_a_record_over_its_time_is_dropped_afterwards(monkeypatch) -> None:
    real = api.found_in

    def found(p, ex):
        if p.id == "slow":
            time.sleep(0.4)
        return real(p, ex)

    monkeypatch.setattr(api, "found_in", found)
    out: dict = {}
    slow = Paper(id="slow", abstract="It is 3x faster.")
    thread = threading.Thread(target=lambda: out.update(result=_run([slow, GOOD], limits=Limits(seconds=0.2))))
    thread.start()
    thread.join(30)
    frame, problems = out["result"]
    assert frame["paper_id"].tolist() == ["good"] and "time limit" in problems[0].message


def test_the_budget_puts_back_what_was_there() -> None:
    import signal

    before = signal.getsignal(signal.SIGALRM)
    with time_budget(2):
        pass
    assert signal.getsignal(signal.SIGALRM) is before and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    with pytest.raises(Overtime), time_budget(0.05):
        time.sleep(1)
    assert signal.getsignal(signal.SIGALRM) is before


def test_an_engine_failure_costs_its_record_only(monkeypatch: pytest.MonkeyPatch) -> None:
    real = api.found_in

    def found(p, ex):
        if p.id == "bad":
            raise ValueError("a bug\nover two lines")
        return real(p, ex)

    monkeypatch.setattr(api, "found_in", found)
    frame, problems = _run([{"id": "bad", "abstract": "3x faster"}, GOOD])
    assert frame["paper_id"].tolist() == ["good"]
    assert [str(p) for p in problems] == [
        "paper 'bad': internal error while extracting (ValueError: a bug over two lines); skipped"]


def test_without_a_problem_list_the_problems_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    frame = api.extract_frame([{"id": "s", "abstract": "x" * (MAX_CHARS + 1)}, GOOD])
    assert frame["paper_id"].tolist() == ["good"]
    assert "paper 's': the abstract has 100,001 characters" in caplog.text
