-- OncoFR cohort store, schema version 1 (docs/store.md describes every column).
-- Portable SQL: the same file runs on DuckDB and PostgreSQL. JSON values are stored as TEXT;
-- dates taken from the notes are ISO 8601 TEXT (they may be partial: 2019-03).

CREATE TABLE schema_version (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TIMESTAMP NOT NULL
);

CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    content_hash TEXT,
    status TEXT NOT NULL,
    error TEXT,
    hint TEXT,
    source TEXT,
    format TEXT,
    doc_type TEXT,
    note_date TEXT,
    result_schema TEXT,
    pipeline_version TEXT NOT NULL,
    processed_at TIMESTAMP NOT NULL,
    result TEXT
);

CREATE TABLE sections (
    doc_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    label TEXT NOT NULL,
    title TEXT,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    PRIMARY KEY (doc_id, ordinal)
);

CREATE TABLE mentions (
    doc_id TEXT NOT NULL,
    mention_id TEXT NOT NULL,
    label TEXT NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    text TEXT NOT NULL,
    code TEXT,
    system TEXT,
    value TEXT,
    negated BOOLEAN NOT NULL,
    hypothetical BOOLEAN NOT NULL,
    historical BOOLEAN NOT NULL,
    family BOOLEAN NOT NULL,
    section TEXT,
    attributes TEXT,
    PRIMARY KEY (doc_id, mention_id)
);

CREATE TABLE patients (
    doc_id TEXT PRIMARY KEY,
    age DOUBLE PRECISION,
    sex TEXT,
    vital_status TEXT,
    last_status TEXT,
    last_follow_up TEXT,
    mentions TEXT
);

CREATE TABLE tumours (
    doc_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    topography_code TEXT,
    topography_label TEXT,
    morphology_code TEXT,
    morphology_label TEXT,
    grade TEXT,
    ki67 DOUBLE PRECISION,
    stage TEXT,
    markers TEXT,
    mentions TEXT,
    PRIMARY KEY (doc_id, ordinal)
);

CREATE TABLE metastases (
    doc_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    topography_code TEXT,
    topography_label TEXT,
    count INTEGER,
    largest_size_mm DOUBLE PRECISION,
    segments TEXT,
    date TEXT,
    mentions TEXT,
    PRIMARY KEY (doc_id, ordinal)
);

CREATE TABLE treatments (
    doc_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    atc TEXT,
    dose_value DOUBLE PRECISION,
    dose_unit TEXT,
    frequency TEXT,
    route TEXT,
    start_date TEXT,
    end_date TEXT,
    line INTEGER,
    best_response TEXT,
    stop_reason TEXT,
    mentions TEXT,
    PRIMARY KEY (doc_id, ordinal)
);

CREATE TABLE labs (
    doc_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    test TEXT NOT NULL,
    loinc TEXT,
    value DOUBLE PRECISION,
    unit TEXT,
    flag TEXT,
    date TEXT,
    mentions TEXT,
    PRIMARY KEY (doc_id, ordinal)
);

CREATE TABLE adverse_events (
    doc_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    term TEXT NOT NULL,
    grade TEXT,
    attributed_to TEXT,
    mentions TEXT,
    PRIMARY KEY (doc_id, ordinal)
);

CREATE TABLE events (
    doc_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    date TEXT,
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    mentions TEXT,
    PRIMARY KEY (doc_id, ordinal)
);

CREATE TABLE warnings (
    doc_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    mentions TEXT,
    PRIMARY KEY (doc_id, ordinal)
);

