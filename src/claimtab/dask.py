"""Claims on a Dask cluster: :func:`extract` turns a Dask DataFrame (or Bag) of papers into a
Dask DataFrame of claims, and :class:`Cluster` runs ``claimtab extract --scheduler ADDRESS``
on an existing ``distributed`` cluster.

Papers go to the workers as plain values and rows come back (never spaCy ``Doc``\\ s); each
worker process loads the rules once, on its first partition or chunk. The claims' dtypes are
declared, not inferred (``meta`` is the empty claims table of :mod:`claimtab.frame`): ``kind``,
``qualifier`` and ``field`` are categoricals with fixed categories and the other text columns
are strings, so every partition has the same schema and ``to_parquet`` takes them all.

Dask is an optional extra: ``pip install "claimtab[dask]"``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from claimtab.errors import ClaimtabError
from claimtab.io.limits import LIMITS, Limits

MISSING = "Dask is not installed; pip install \"claimtab[dask]\" (dask[dataframe] and distributed)"


class DaskError(ClaimtabError):
    """Dask is missing, or the cluster cannot be reached."""

    code = "E130"


def meta():
    """The empty claims table: the columns and dtypes of every partition."""
    from claimtab.frame import rows_frame

    return rows_frame([])


def _patterns() -> str | None:
    from claimtab.rules.files import ENV

    return os.environ.get(ENV) or None


def _rows_of(records: Iterable[Any], kinds: tuple[str, ...] | None, limits: Limits, patterns: str | None):
    """The claims table of some papers (Paper, dict or (id, title, abstract) tuple), in a worker."""
    from claimtab import api, jobs
    from claimtab.frame import rows_frame

    ex = jobs._warm(kinds, patterns)
    rows: list[tuple] = []
    for n, obj in enumerate(records, 1):
        try:
            paper = api.as_paper(obj)
        except TypeError as e:
            api.log.warning("record %d: %s; skipped", n, e)
            continue
        got, why = jobs.claim_rows(paper, ex, limits)
        if why is not None:
            api.log.warning("%s", api._where(paper, n, why))
            continue
        rows.extend(got)
    return rows_frame(rows)


def _frame_partition(df, columns: dict[str, str | None], kinds, limits, patterns):
    """One partition of papers (a pandas DataFrame) -> its claims."""
    from claimtab.model import Paper

    def text(row, key):
        col = columns.get(key)
        if col is None:
            return ""
        value = row[col]
        return "" if value is None or value != value else str(value).strip()  # None, NaN, NA

    def papers():
        for row in df.to_dict("records"):
            yield Paper.model_construct(id=text(row, "id"), title=text(row, "title"), abstract=text(row, "text"),
                                        comments=text(row, "comments"), source=None)

    return _rows_of(papers(), kinds, limits, patterns)


def extract(data, *, kinds: Iterable[str] | None = None, limits: Limits = LIMITS, id_field: str | None = None,
            title_field: str | None = None, text_field: str | None = None):
    """A Dask DataFrame of claims from ``data``: a Dask DataFrame of papers (columns found as
    a CSV input's: id, title, abstract, comments; or named by the ``*_field`` arguments) or a
    Dask Bag of papers (Paper objects, dicts with id/title/abstract, or tuples). One output
    partition per input partition, rows in input order within it."""
    try:
        import dask.bag as db
        import dask.dataframe as dd
        from dask import delayed
    except ImportError:
        raise DaskError(MISSING) from None
    from claimtab import api
    from claimtab.io.sources import Fields, resolve

    wanted = tuple(sorted(set(kinds))) if kinds else None
    api.extractor(wanted)  # an unknown kind fails here, not in a worker
    patterns = _patterns()
    empty = meta()
    if isinstance(data, db.Bag):
        parts = [delayed(_rows_of)(part, wanted, limits, patterns) for part in data.to_delayed()]
        return dd.from_delayed(parts, meta=empty, verify_meta=False)
    if isinstance(data, dd.DataFrame):
        cols = resolve([str(c) for c in data.columns], Fields(id_field, title_field, text_field), "the DataFrame")
        columns = {"id": cols.id, "title": cols.title, "text": cols.text, "comments": cols.comments}
        return data.map_partitions(_frame_partition, columns, wanted, limits, patterns, meta=empty,
                                   enforce_metadata=False, align_dataframes=False)
    raise TypeError(f"claimtab.dask.extract takes a Dask DataFrame or Bag of papers, not {type(data).__name__}")


class Cluster:
    """An existing ``distributed`` cluster that ``claimtab extract --scheduler`` sends chunks
    of papers to (see :func:`claimtab.jobs.ordered_rows`)."""

    def __init__(self, address: str, kinds: Iterable[str] | None, timeout: float = 10.0) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise DaskError(MISSING) from None
        self.kinds = tuple(sorted(set(kinds))) if kinds else None
        self.patterns = _patterns()
        try:
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as e:
            raise DaskError(f"cannot reach the Dask scheduler at {address!r} ({_reason(e)})") from None
        except Exception as e:  # distributed's own errors on a bad address
            raise DaskError(f"cannot reach the Dask scheduler at {address!r} ({_reason(e)})") from None
        threads = sum(self.client.nthreads().values()) or 1
        self.window = max(3 * threads, 4)  # chunks in flight: every worker thread busy, no more

    def submit(self, limits: Limits, fmt: str | None = None):
        from claimtab.jobs import extract_chunk

        def send(chunk):
            return _Remote(self.client.submit(extract_chunk, chunk, self.kinds, limits, self.patterns, fmt, pure=False))

        return send

    def close(self) -> None:
        try:
            self.client.close()
        except Exception:  # pragma: no cover - a cluster gone away
            pass


class _Remote:
    """A chunk's result from the cluster; a failure there is one line."""

    def __init__(self, future: Any) -> None:
        self.future = future

    def result(self) -> Any:
        try:
            return self.future.result()
        except ClaimtabError:
            raise
        except Exception as e:
            raise DaskError(f"the Dask cluster failed a chunk ({_reason(e)})") from None


def _reason(e: BaseException) -> str:
    text = " ".join(str(e).split())[:200]
    return f"{type(e).__name__}: {text}" if text else type(e).__name__
