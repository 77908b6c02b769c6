"""Claims from a whole paper: its results tables read cell by cell (:mod:`.cells`, with the
names of :mod:`.naming`), its running text through the abstract extractor, and the rows a
leaderboard keeps (:mod:`.document`)."""

from claimtab.engine.tables.document import EXTRAS, extract_document, leaderboard_rows

__all__ = ["EXTRAS", "extract_document", "leaderboard_rows"]
