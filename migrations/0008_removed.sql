-- DELETE /api/articles/:id (src/pipeline.ts, removeArticle). `removed` remembers the ids of removed
-- articles and of the developments that disappeared with their only article, so their pages and the
-- API answer 410 Gone (the entry existed and is gone for good: a feed reader or crawler drops it)
-- instead of 404 (never existed). An id that comes back (the same article ingested again) is served
-- as usual: a live row always wins over its tombstone.
CREATE TABLE removed (
  id         TEXT PRIMARY KEY,
  removed_at TEXT NOT NULL
) WITHOUT ROWID;

-- Why a development's headline changed: set when the report its headline came from was removed,
-- shown before its summary in every format from then on, so readers who saw the old headline on
-- the same entry (same id) are told why it reads differently.
ALTER TABLE developments ADD COLUMN note TEXT;
