"""The state AI bill tracker: ingest legislative data, derive status, classify topics, track
changes.

model      the normalised bill record every reader produces
readers    Open States (bulk-flattened, API v3) and LegiScan JSON -> records, precise errors
bulk       LegiScan weekly dataset ZIPs, Open States per-session CSV / JSON downloads (bounded)
feeds      CSV bill lists: an Open States keyword tracker's, TechEquity's California 2025 list
inputs     every input format from a path, and merging sources in one ingest
outcomes   derived status against recorded outcomes
search     search synonyms (topics.yaml search_synonyms)
watch      pending bills that touch an inventory's systems, with why (watch.yaml)
sessions   when a legislative session is over (so a pending bill can be called dead)
status     bill status derived from dated, classified actions
classify   the explainable topic classifier (terms in topics.yaml)
store      the embedded SQLite store: current bills, versions, changes, full-text search
links      enacted bills <-> the law packs that encode them
stats      NCSL-style counts by state, status, topic and year
openstates the live Open States API v3 connector
evaluate   precision and recall of the classifier against the hand-labelled sample
"""
