-- The fold compares an article with each candidate development as a whole (src/cluster/development.ts):
-- `fold_state` holds that development's centroids, names and time span as JSON. Rows written before
-- this migration have none; the pipeline rebuilds it from the development's articles when it first
-- needs it.
ALTER TABLE developments ADD COLUMN fold_state TEXT;

-- Counts over every article folded so far (src/cluster/term-stats.ts): document frequencies of terms,
-- overall and per outlet, and article counts, under the keys that module makes. A word the whole
-- stream repeats weighs little; one an outlet repeats in most of its items weighs nothing for it.
CREATE TABLE term_df (
  term TEXT PRIMARY KEY,
  n    INTEGER NOT NULL
) WITHOUT ROWID;
