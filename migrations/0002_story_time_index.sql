-- Story windows (src/store/developments.ts, storyWindows) walk a story in time order from one
-- development and stop after a few: with the id in the index, "the five before this one" is an
-- index range read backwards, not a sort of the whole story (a story can have thousands).
CREATE INDEX developments_story_time ON developments (story_id, published, id);
DROP INDEX developments_story;
