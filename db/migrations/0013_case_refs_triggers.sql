-- The cited references of an analysis, as 0006 keeps them, reading the evidence in place: json_each's `value` of an
-- evidence item is a fresh text copy that each `->>` parses again, which made these triggers a third of the cost
-- of storing an analysis. The path of each item (`fullkey`) reads its fields from the one parse of the evidence.
DROP TRIGGER `mention_case_refs_ai`;
--> statement-breakpoint
CREATE TRIGGER `mention_case_refs_ai` AFTER INSERT ON `mention_analysis` WHEN NEW.case_refs <> '[]' BEGIN
  INSERT OR IGNORE INTO `mention_case_refs` (mention_id, digits, written)
  SELECT NEW.mention_id, r.value, coalesce(NEW.evidence ->> (x.fullkey || '.match'), r.value) FROM json_each(NEW.case_refs) r
  LEFT JOIN json_each(NEW.evidence) x ON NEW.evidence ->> (x.fullkey || '.field') = 'case_refs'
    AND NEW.evidence ->> (x.fullkey || '.label') = r.value AND json_type(NEW.evidence, x.fullkey || '.match') = 'text';
END;
--> statement-breakpoint
DROP TRIGGER `mention_case_refs_au`;
--> statement-breakpoint
CREATE TRIGGER `mention_case_refs_au` AFTER UPDATE OF case_refs, evidence ON `mention_analysis` BEGIN
  DELETE FROM `mention_case_refs` WHERE mention_id = OLD.mention_id;
  INSERT OR IGNORE INTO `mention_case_refs` (mention_id, digits, written)
  SELECT NEW.mention_id, r.value, coalesce(NEW.evidence ->> (x.fullkey || '.match'), r.value) FROM json_each(NEW.case_refs) r
  LEFT JOIN json_each(NEW.evidence) x ON NEW.evidence ->> (x.fullkey || '.field') = 'case_refs'
    AND NEW.evidence ->> (x.fullkey || '.label') = r.value AND json_type(NEW.evidence, x.fullkey || '.match') = 'text';
END;
