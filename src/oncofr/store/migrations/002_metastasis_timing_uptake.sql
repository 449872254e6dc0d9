-- Schema version 2: the timing of a metastatic site (synchronous / metachronous) and its uptake
-- score on functional imaging (Krenning 0-4, Deauville 1-5), from the record's metastases.

ALTER TABLE metastases ADD COLUMN timing TEXT;
ALTER TABLE metastases ADD COLUMN uptake_scale TEXT;
ALTER TABLE metastases ADD COLUMN uptake_score DOUBLE PRECISION;
