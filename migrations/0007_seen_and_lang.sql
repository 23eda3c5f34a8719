-- Issue 15. An article without a date of its own keeps `published` NULL (the outlet gave none, and
-- the fold must not take a guess for a fact); `seen_at` is the approximate time it is placed at:
-- when storyfold first saw it, never later than the newest dated item of the same fetch of its
-- feed (src/poll.ts). NULL for dated articles and for articles stored before this migration
-- (those are placed at `ingested_at`, as before).
ALTER TABLE articles ADD COLUMN seen_at TEXT;
-- A development's language (its representative report's `lang`, for feeds' xml:lang and pages'
-- lang/dir), and whether its time is approximate (no report of it has a date of its own).
ALTER TABLE developments ADD COLUMN lang TEXT;
ALTER TABLE developments ADD COLUMN published_approximate INTEGER NOT NULL DEFAULT 0;
