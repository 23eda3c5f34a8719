-- Retention (src/store/retention.ts) now also drops a pruned development's fold state and
-- `touched_at`: with no postings it is never a candidate again, and `pruned_at` already takes it
-- out of the next runs. Developments pruned before this migration get the same, once.
UPDATE developments SET fold_state = NULL, touched_at = NULL WHERE pruned_at IS NOT NULL;
