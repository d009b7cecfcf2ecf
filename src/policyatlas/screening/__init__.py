"""Restricted-party screening: US and Chinese lists, as dated data with provenance.

- ``model.py`` — ``ListInfo`` (one list: authority, date, source, provenance, legal effect) and
  ``ListEntry`` (one listed party, with its dates, measures, suspensions and citation);
- ``lists.py`` — bounded readers for the official and packaged formats (BIS/OFAC/State/DHS/FCC
  lists as packaged by nsfreg, OFAC SDN as CSV/JSON and OFAC's own legacy CSV, the trade.gov
  Consolidated Screening List CSV, China's MOFCOM and MFA lists);
- ``store.py`` — the bundled lists and the user's own SQLite store of ingested downloads;
- ``match.py`` — the name matcher;
- ``screen.py`` — ``screen(names, as_of, ...)``: hits per party with their status on the date.
"""
