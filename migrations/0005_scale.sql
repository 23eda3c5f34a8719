-- Polling at scale and retention (issue 18).
-- `poll_interval_ms`: how often this source is polled, from its own update rate (the feed's <ttl>,
-- sy:updatePeriod/sy:updateFrequency, the gaps between its items; src/poll.ts, pollInterval).
-- NULL until its first successful poll: the default interval.
ALTER TABLE sources ADD COLUMN poll_interval_ms INTEGER;

-- Retention (src/store/retention.ts): a development that has had no new article for RETENTION_DAYS
-- keeps its entry (outlets, headlines, links, times, fold state) while its articles lose their
-- text, features, explanation and postings. `touched_at` is when the pipeline last wrote it (not
-- `updated`, which is news time: a backfill of old items is new to us); `pruned_at` says when it
-- was pruned; the partial index finds the next ones to prune without a scan.
ALTER TABLE developments ADD COLUMN touched_at TEXT;
ALTER TABLE developments ADD COLUMN pruned_at TEXT;
UPDATE developments SET touched_at = (SELECT MAX(ifnull(revised_at, ingested_at)) FROM articles WHERE development_id = developments.id);
CREATE INDEX developments_retention ON developments (touched_at) WHERE pruned_at IS NULL;
