-- Full-text search over mention titles and text (FTS5 works in libSQL and D1).
-- External-content table kept in step with `mentions` by triggers.
CREATE VIRTUAL TABLE `mentions_fts` USING fts5(title, text, content='mentions', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `mentions_fts_ai` AFTER INSERT ON `mentions` BEGIN
  INSERT INTO mentions_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
--> statement-breakpoint
CREATE TRIGGER `mentions_fts_ad` AFTER DELETE ON `mentions` BEGIN
  INSERT INTO mentions_fts(mentions_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
--> statement-breakpoint
CREATE TRIGGER `mentions_fts_au` AFTER UPDATE OF title, text ON `mentions` BEGIN
  INSERT INTO mentions_fts(mentions_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
  INSERT INTO mentions_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
