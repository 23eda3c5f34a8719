-- The outlet sections of each development (src/feed/sections.ts): the parts of its feed entries
-- that depend on its covering outlets alone, rendered when the development is written instead of
-- on every feed request. `sections_version` is the version they were rendered at; a feed read
-- uses them only at the current version and renders from `outlets` otherwise, and the cron
-- rewrites old ones (src/outlet-sections.ts, refreshOutletSections). Rows written before this migration
-- have version 0: they render from `outlets` until the cron reaches them.
ALTER TABLE developments ADD COLUMN sections_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE developments ADD COLUMN section_html TEXT;
ALTER TABLE developments ADD COLUMN section_atom TEXT;
ALTER TABLE developments ADD COLUMN section_json_content TEXT;
ALTER TABLE developments ADD COLUMN section_json_outlets TEXT;
CREATE INDEX developments_sections_version ON developments (sections_version);
