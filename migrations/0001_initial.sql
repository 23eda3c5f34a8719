-- storyfold schema: articles fold into developments; developments link into stories.
-- Every statement that touches these tables lives in src/store/.

-- One outlet's report. `seq` is the arrival order (the "older" of two developments is the one
-- whose opening article arrived first). `features` is the cluster core's JSON for the article.
CREATE TABLE articles (
  id             TEXT PRIMARY KEY,
  seq            INTEGER NOT NULL UNIQUE,
  url            TEXT,
  canonical_url  TEXT,
  outlet         TEXT,
  title          TEXT NOT NULL,
  published      TEXT,
  updated        TEXT,
  byline         TEXT,
  text           TEXT NOT NULL,
  lang           TEXT,
  content_hash   TEXT NOT NULL,
  features       TEXT NOT NULL,
  development_id TEXT NOT NULL,
  copy_of        TEXT,
  explain        TEXT NOT NULL,
  ingested_at    TEXT NOT NULL,
  revised_at     TEXT
);
-- Dedup: the same canonical URL, or the same text from the same outlet, is the same article.
CREATE UNIQUE INDEX articles_canonical_url ON articles (canonical_url) WHERE canonical_url IS NOT NULL;
CREATE UNIQUE INDEX articles_outlet_content ON articles (ifnull(outlet, ''), content_hash);
CREATE INDEX articles_development ON articles (development_id);

-- Candidate index: the cluster core's index keys (rare terms, entities, time buckets) → the
-- arrival seq of each article posted under them (ranking ties go to the newest, as in the core).
CREATE TABLE postings (
  key TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (key, seq)
) WITHOUT ROWID;
CREATE INDEX postings_seq ON postings (seq);

-- One feed entry. `id` is permanent; `outlets` and `timeline`-free view fields are rebuilt from
-- the development's articles whenever it changes (at ingest time, never on a read).
CREATE TABLE developments (
  id            TEXT PRIMARY KEY,
  story_id      TEXT NOT NULL,
  opened_seq    INTEGER NOT NULL,
  title         TEXT NOT NULL,
  summary       TEXT NOT NULL,
  published     TEXT NOT NULL,
  updated       TEXT NOT NULL,
  article_count INTEGER NOT NULL,
  outlet_count  INTEGER NOT NULL,
  outlets       TEXT NOT NULL,
  search_text   TEXT NOT NULL
);
CREATE INDEX developments_published ON developments (published DESC, id);
CREATE INDEX developments_story ON developments (story_id, published);

-- Outlets that covered a development, for the `outlet` filter.
CREATE TABLE development_outlets (
  development_id TEXT NOT NULL,
  outlet         TEXT NOT NULL,
  PRIMARY KEY (development_id, outlet)
) WITHOUT ROWID;
CREATE INDEX development_outlets_outlet ON development_outlets (outlet);

-- When two developments (or stories) merge, the absorbed id keeps answering: it points here.
CREATE TABLE aliases (
  old_id TEXT PRIMARY KEY,
  new_id TEXT NOT NULL
) WITHOUT ROWID;

-- A story; `opened_seq` is the arrival seq of its first article (the older story survives a merge).
CREATE TABLE stories (
  id         TEXT PRIMARY KEY,
  opened_seq INTEGER NOT NULL,
  title      TEXT NOT NULL,
  published  TEXT NOT NULL,
  updated    TEXT NOT NULL
);

-- Small facts, such as the hash of the seed corpus last ingested.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- One row per write batch that changed anything. The newest version is the data's version
-- (ETag) and its time the last real change (Last-Modified). A batch inserts version N+1 after
-- reading N: a concurrent batch that got there first makes the insert fail and the whole batch
-- roll back, so it is retried on fresh data (optimistic concurrency).
CREATE TABLE changes (
  version  INTEGER PRIMARY KEY,
  at       TEXT NOT NULL,
  articles INTEGER NOT NULL
);
INSERT INTO changes (version, at, articles) VALUES (0, '1970-01-01T00:00:00.000Z', 0);

-- Source feeds polled by the cron trigger.
CREATE TABLE sources (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  outlet          TEXT NOT NULL,
  url             TEXT NOT NULL UNIQUE,
  etag            TEXT,
  last_modified   TEXT,
  next_poll_at    TEXT NOT NULL,
  last_polled_at  TEXT,
  last_success_at TEXT,
  last_error      TEXT,
  last_error_at   TEXT,
  failures        INTEGER NOT NULL DEFAULT 0,
  items_seen      INTEGER NOT NULL DEFAULT 0,
  items_new       INTEGER NOT NULL DEFAULT 0,
  created_at      TEXT NOT NULL
);
CREATE INDEX sources_due ON sources (next_poll_at);
