"""China: the CAC's public algorithm filing lists (``filings``), read as data and searchable."""
