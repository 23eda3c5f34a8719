-- Polling at scale and retention (issue 18).
-- `poll_interval_ms`: how often this source is polled, from its own update rate (the feed's <ttl>,
-- sy:updatePeriod/sy:updateFrequency, the gaps between its items; src/poll.ts, pollInterval).
-- NULL until its first successful poll: the default interval.
ALTER TABLE sources ADD COLUMN poll_interval_ms INTEGER;

-- Retention (src/store/retention.ts): a development untouched for RETENTION_DAYS keeps its entry
-- (outlets, headlines, links, times, fold state) while its articles lose their text, features,
-- explanation and postings. `pruned_at` says when; the partial index finds the next ones to prune.
ALTER TABLE developments ADD COLUMN pruned_at TEXT;
CREATE INDEX developments_unpruned ON developments (updated) WHERE pruned_at IS NULL;
