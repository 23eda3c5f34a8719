-- Feeds render every entry from its outlets and cache the result (issue #17): the pre-rendered
-- outlet sections of migration 0003 are no longer written or read.
DROP INDEX IF EXISTS developments_sections_version;
ALTER TABLE developments DROP COLUMN sections_version;
ALTER TABLE developments DROP COLUMN section_html;
ALTER TABLE developments DROP COLUMN section_atom;
ALTER TABLE developments DROP COLUMN section_json_content;
ALTER TABLE developments DROP COLUMN section_json_outlets;
