CREATE TABLE `mention_author_hashes` (
	`mention_id` integer NOT NULL,
	`hash` text NOT NULL,
	PRIMARY KEY(`mention_id`, `hash`),
	FOREIGN KEY (`mention_id`) REFERENCES `mentions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `mention_author_hashes_hash_idx` ON `mention_author_hashes` (`hash`);--> statement-breakpoint
CREATE TABLE `mention_case_refs` (
	`mention_id` integer NOT NULL,
	`digits` text NOT NULL,
	`written` text NOT NULL,
	PRIMARY KEY(`mention_id`, `digits`, `written`),
	FOREIGN KEY (`mention_id`) REFERENCES `mentions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `mention_case_refs_digits_idx` ON `mention_case_refs` (`digits`);--> statement-breakpoint
CREATE TABLE `backfill_cursors` (
	`name` text PRIMARY KEY NOT NULL,
	`last_id` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `creditor_settings` (
	`creditor` text PRIMARY KEY NOT NULL,
	`ref_format` text NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
ALTER TABLE `cases` ADD `ref_digits` text;--> statement-breakpoint
CREATE INDEX `cases_ref_digits_idx` ON `cases` (`ref_digits`);--> statement-breakpoint
CREATE INDEX `cases_creditor_idx` ON `cases` (`creditor`);--> statement-breakpoint
-- Digits of a reference in plain SQL (no regular expressions in SQLite): one row per character position through
-- json_each over a JSON array of zeros as long as the reference, digits kept in order.
-- The import writes ref_digits itself; these triggers fill it for any other writer and on a changed case_ref.
CREATE TRIGGER `cases_ref_digits_ai` AFTER INSERT ON `cases` WHEN NEW.ref_digits IS NULL BEGIN
  UPDATE `cases` SET ref_digits = coalesce((
    SELECT group_concat(d, '') FROM (
      SELECT substr(NEW.case_ref, p.key + 1, 1) AS d
      FROM json_each('[' || rtrim(replace(hex(zeroblob(length(NEW.case_ref))), '00', '0,'), ',') || ']') p
      WHERE d GLOB '[0-9]' ORDER BY p.key)), '')
  WHERE id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER `cases_ref_digits_au` AFTER UPDATE OF case_ref ON `cases` BEGIN
  UPDATE `cases` SET ref_digits = coalesce((
    SELECT group_concat(d, '') FROM (
      SELECT substr(NEW.case_ref, p.key + 1, 1) AS d
      FROM json_each('[' || rtrim(replace(hex(zeroblob(length(NEW.case_ref))), '00', '0,'), ',') || ']') p
      WHERE d GLOB '[0-9]' ORDER BY p.key)), '')
  WHERE id = NEW.id;
END;
--> statement-breakpoint
UPDATE `cases` SET ref_digits = coalesce((
  SELECT group_concat(d, '') FROM (
    SELECT substr(cases.case_ref, p.key + 1, 1) AS d
    FROM json_each('[' || rtrim(replace(hex(zeroblob(length(cases.case_ref))), '00', '0,'), ',') || ']') p
    WHERE d GLOB '[0-9]' ORDER BY p.key)), '')
WHERE ref_digits IS NULL;
--> statement-breakpoint
-- mention_case_refs follows mention_analysis: the analyser's case_refs (digits) with each one as written, from the
-- evidence the analyser keeps (the digits themselves when it has none).
CREATE TRIGGER `mention_case_refs_ai` AFTER INSERT ON `mention_analysis` WHEN NEW.case_refs <> '[]' BEGIN
  INSERT OR IGNORE INTO `mention_case_refs` (mention_id, digits, written)
  SELECT NEW.mention_id, r.value, coalesce(e.written, r.value) FROM json_each(NEW.case_refs) r
  LEFT JOIN (
    SELECT json_extract(x.value, '$.label') AS label, json_extract(x.value, '$.match') AS written FROM json_each(NEW.evidence) x
    WHERE json_extract(x.value, '$.field') = 'case_refs' AND json_type(x.value, '$.match') = 'text'
  ) e ON e.label = r.value;
END;
--> statement-breakpoint
CREATE TRIGGER `mention_case_refs_au` AFTER UPDATE OF case_refs, evidence ON `mention_analysis` BEGIN
  DELETE FROM `mention_case_refs` WHERE mention_id = OLD.mention_id;
  INSERT OR IGNORE INTO `mention_case_refs` (mention_id, digits, written)
  SELECT NEW.mention_id, r.value, coalesce(e.written, r.value) FROM json_each(NEW.case_refs) r
  LEFT JOIN (
    SELECT json_extract(x.value, '$.label') AS label, json_extract(x.value, '$.match') AS written FROM json_each(NEW.evidence) x
    WHERE json_extract(x.value, '$.field') = 'case_refs' AND json_type(x.value, '$.match') = 'text'
  ) e ON e.label = r.value;
END;
--> statement-breakpoint
CREATE TRIGGER `mention_case_refs_ad` AFTER DELETE ON `mention_analysis` BEGIN
  DELETE FROM `mention_case_refs` WHERE mention_id = OLD.mention_id;
END;
--> statement-breakpoint
INSERT OR IGNORE INTO `mention_case_refs` (mention_id, digits, written)
SELECT a.mention_id, r.value, coalesce(e.written, r.value) FROM mention_analysis a CROSS JOIN json_each(a.case_refs) r
LEFT JOIN (
  SELECT b.mention_id, json_extract(x.value, '$.label') AS label, json_extract(x.value, '$.match') AS written
  FROM mention_analysis b CROSS JOIN json_each(b.evidence) x
  WHERE b.case_refs <> '[]' AND json_extract(x.value, '$.field') = 'case_refs' AND json_type(x.value, '$.match') = 'text'
) e ON e.mention_id = a.mention_id AND e.label = r.value
WHERE a.case_refs <> '[]';
