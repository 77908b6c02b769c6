"""Number normalization: small pure functions, never raising."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtab.quantities import numbers as nb


@pytest.mark.parametrize(
    "text,value",
    [("1,890", 1890), ("0.33", 0.33), (".5", 0.5), ("-0.33", -0.33), ("1 890", None), ("two", 2),
     ("twenty-five", 25), ("a hundred", 100), ("", None), ("abc", None), ("1\\,890", 1890), ("1\u2009890", 1890)],
)
def test_parse_number(text, value):
    got = nb.parse_number(text)
    assert (got is None and value is None) or math.isclose(got, value)


@pytest.mark.parametrize(
    "text,value",
    [("1.3B", 1.3e9), ("16k", 16000), ("124M", 1.24e8), ("1.4T", 1.4e12), ("37 million", 3.7e7),
     ("2 billion", 2e9), ("100\\,M", 1e8), ("5,889", 5889), ("7Bit", None)],
)
def test_parse_scaled(text, value):
    got = nb.parse_scaled(text)
    assert (got is None and value is None) or math.isclose(got, value)


@pytest.mark.parametrize(
    "text,value",
    [("4.6x", 4.6), ("2.5X", 2.5), ("4.6×", 4.6), ("$4.6\\times$", 4.6), ("118\\times", 118), ("40times", 40),
     ("6.13-fold", 6.13), ("doubles", 2), ("halves", 2), ("an order of magnitude", 10),
     ("three orders of magnitude", 1000), ("twice", 2), ("several orders of magnitude", None), ("fast", None)],
)
def test_parse_factor(text, value):
    got = nb.parse_factor(text)
    assert (got is None and value is None) or math.isclose(got, value)


@pytest.mark.parametrize("text,value", [("87%", 87), ("87\\%", 87), ("12 percent", 12), ("$12%$", 12), ("87", None)])
def test_parse_percent(text, value):
    got = nb.parse_percent(text)
    assert (got is None and value is None) or math.isclose(got, value)


@pytest.mark.parametrize(
    "text,value,code",
    [("$1,890", 1890, "USD"), ("\\1,890", 1890, "USD"), ("€3.5M", 3.5e6, "EUR"), ("28,400 USD", 28400, "USD")],
)
def test_parse_money(text, value, code):
    got = nb.parse_money(text)
    assert got is not None and math.isclose(got[0], value) and got[1] == code


def test_ranges_are_low_to_high():
    assert nb.normalize_range(1.4e9, 1.24e8) == (1.24e8, 1.4e9)
    assert nb.normalize_range(-0.3, -1.2) == (-1.2, -0.3)
    assert nb.normalize_range(5, 5) == (5, None)
    assert nb.normalize_range(None, 3) == (3, None)


def test_decimals():
    assert nb.decimals("81.50") == 2 and nb.decimals("81") == 0


FUNCS = [nb.parse_number, nb.parse_scaled, nb.parse_factor, nb.parse_percent, nb.parse_money, nb.parse_number_words,
         nb.scale_factor, nb.decimals]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_never_raises_on_arbitrary_text(s):
    for f in FUNCS:
        f(s)


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=0, max_value=1e6, allow_nan=False).map(lambda x: round(x, 3)))
def test_round_trip_of_written_numbers(x):
    assert math.isclose(nb.parse_number(f"{x:,}"), x, rel_tol=1e-9, abs_tol=1e-9)
    assert math.isclose(nb.parse_percent(f"{x}%"), x, rel_tol=1e-9, abs_tol=1e-9)
