CREATE TABLE `tactic_complaints` (
	`kind` text NOT NULL,
	`links` text NOT NULL,
	`tactic` text NOT NULL,
	`day` integer NOT NULL,
	`key` text NOT NULL,
	`last_day` integer NOT NULL,
	`complaints` integer NOT NULL,
	PRIMARY KEY(`kind`, `links`, `tactic`, `day`, `key`, `last_day`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `tactic_exposure` (
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`day` integer NOT NULL,
	`prev_day` integer NOT NULL,
	`actions` integer NOT NULL,
	PRIMARY KEY(`kind`, `day`, `key`, `prev_day`)
) WITHOUT ROWID;
--> statement-breakpoint
DROP INDEX `case_actions_analytics_idx`;--> statement-breakpoint
DROP INDEX `case_actions_case_team_idx`;--> statement-breakpoint
CREATE INDEX `case_actions_case_at_idx` ON `case_actions` (`case_id`,`at`,`team`,`action_type`,`channel`);--> statement-breakpoint
-- Each complaint with every action on a linked case at or before its publication, once per grouping (see
-- db/schema/tactic-rollups.ts). The triggers below and the Tactics queries read it for one mention, a case's mentions
-- or the mentions published in a few days.
CREATE VIEW tactic_complaint_actions AS
SELECT m.id AS mention_id, m.published_at, m.published_at / 86400000 AS day, ma.tactics, l.id AS link_id, l.status, a.id AS action_id, a.at, k.value AS kind,
       CASE k.value WHEN 'action_type' THEN a.action_type WHEN 'channel' THEN a.channel WHEN 'team' THEN coalesce(a.team, c.team, '')
         WHEN 'segment' THEN c.segment WHEN 'creditor' THEN c.creditor ELSE c.country END AS key
FROM mentions m
CROSS JOIN mention_case_links l ON l.mention_id = m.id
CROSS JOIN mention_analysis ma ON ma.mention_id = m.id
CROSS JOIN cases c ON c.id = l.case_id
CROSS JOIN case_actions a ON a.case_id = l.case_id AND a.at <= m.published_at
-- (a JSON list, not a six-term UNION: D1 allows at most five terms in a compound SELECT)
CROSS JOIN json_each('["action_type","channel","team","segment","creditor","country"]') k
WHERE ma.sentiment_label = 'negative' AND ma.is_relevant = 1;
--> statement-breakpoint
CREATE TRIGGER case_actions_fixed BEFORE UPDATE OF case_id, at, action_type, channel ON case_actions BEGIN
  SELECT raise(ABORT, 'an action''s case, time, type and channel do not change: remove it and import it again');
END;
--> statement-breakpoint
CREATE TRIGGER case_actions_rollup_insert AFTER INSERT ON case_actions BEGIN
  INSERT INTO tactic_exposure (kind, key, day, prev_day, actions)
    SELECT g.kind, g.key,
           CASE r.i WHEN 0 THEN NEW.at / 86400000 ELSE g.x / 86400000 END,
           CASE r.i WHEN 2 THEN NEW.at / 86400000 ELSE coalesce(g.p / 86400000, -1) END,
           CASE r.i WHEN 1 THEN -1 ELSE 1 END
    FROM (SELECT 'action_type' AS kind, NEW.action_type AS key, (SELECT at FROM case_actions WHERE action_type = NEW.action_type AND case_id = NEW.case_id AND (at < NEW.at OR (at = NEW.at AND id < NEW.id)) ORDER BY at DESC, id DESC LIMIT 1) AS p, (SELECT at FROM case_actions WHERE action_type = NEW.action_type AND case_id = NEW.case_id AND (at > NEW.at OR (at = NEW.at AND id > NEW.id)) ORDER BY at, id LIMIT 1) AS x
          UNION ALL SELECT 'channel', NEW.channel, (SELECT at FROM case_actions WHERE channel = NEW.channel AND case_id = NEW.case_id AND (at < NEW.at OR (at = NEW.at AND id < NEW.id)) ORDER BY at DESC, id DESC LIMIT 1), (SELECT at FROM case_actions WHERE channel = NEW.channel AND case_id = NEW.case_id AND (at > NEW.at OR (at = NEW.at AND id > NEW.id)) ORDER BY at, id LIMIT 1)
          UNION ALL SELECT 'team', coalesce(NEW.team, c.team, ''), (SELECT at FROM case_actions WHERE case_id = NEW.case_id AND coalesce(team, c.team, '') = coalesce(NEW.team, c.team, '') AND (at < NEW.at OR (at = NEW.at AND id < NEW.id)) ORDER BY at DESC, id DESC LIMIT 1), (SELECT at FROM case_actions WHERE case_id = NEW.case_id AND coalesce(team, c.team, '') = coalesce(NEW.team, c.team, '') AND (at > NEW.at OR (at = NEW.at AND id > NEW.id)) ORDER BY at, id LIMIT 1) FROM cases c WHERE c.id = NEW.case_id
          UNION ALL SELECT k.kind, CASE k.kind WHEN 'segment' THEN c.segment WHEN 'creditor' THEN c.creditor ELSE c.country END, n.p, n.x
            FROM cases c, (SELECT 'segment' AS kind UNION ALL SELECT 'creditor' UNION ALL SELECT 'country') k,
                 (SELECT (SELECT at FROM case_actions WHERE case_id = NEW.case_id AND (at < NEW.at OR (at = NEW.at AND id < NEW.id)) ORDER BY at DESC, id DESC LIMIT 1) AS p, (SELECT at FROM case_actions WHERE case_id = NEW.case_id AND (at > NEW.at OR (at = NEW.at AND id > NEW.id)) ORDER BY at, id LIMIT 1) AS x) n
            WHERE c.id = NEW.case_id) g,
         (SELECT 0 AS i UNION ALL SELECT 1 UNION ALL SELECT 2) r
    WHERE r.i = 0 OR g.x IS NOT NULL
    ON CONFLICT (kind, day, key, prev_day) DO UPDATE SET actions = actions + excluded.actions;
END;
--> statement-breakpoint
CREATE TRIGGER case_actions_rollup_insert_complaints AFTER INSERT ON case_actions WHEN EXISTS (SELECT 1 FROM mention_case_links WHERE case_id = NEW.case_id) BEGIN
  INSERT INTO tactic_complaints (kind, links, tactic, day, key, last_day, complaints)
    SELECT f.kind, f.links, t.value, f.day, f.key, f.last_at / 86400000, -1 * count(*)
    FROM (SELECT mention_id, kind, key, day, tactics, 'any' AS links, max(at) AS last_at FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id IN (SELECT mention_id FROM mention_case_links WHERE case_id = NEW.case_id) AND action_id <> NEW.id) GROUP BY mention_id, kind, key
          UNION ALL
          SELECT mention_id, kind, key, day, tactics, 'confirmed', max(at) FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id IN (SELECT mention_id FROM mention_case_links WHERE case_id = NEW.case_id) AND action_id <> NEW.id) WHERE status = 'confirmed' GROUP BY mention_id, kind, key) f
    CROSS JOIN json_each(CASE WHEN json_array_length(f.tactics) > 0 THEN json_insert(f.tactics, '$[#]', '*') ELSE '["*",""]' END) t
    WHERE true GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (kind, links, tactic, day, key, last_day) DO UPDATE SET complaints = complaints + excluded.complaints;
  INSERT INTO tactic_complaints (kind, links, tactic, day, key, last_day, complaints)
    SELECT f.kind, f.links, t.value, f.day, f.key, f.last_at / 86400000, 1 * count(*)
    FROM (SELECT mention_id, kind, key, day, tactics, 'any' AS links, max(at) AS last_at FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id IN (SELECT mention_id FROM mention_case_links WHERE case_id = NEW.case_id)) GROUP BY mention_id, kind, key
          UNION ALL
          SELECT mention_id, kind, key, day, tactics, 'confirmed', max(at) FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id IN (SELECT mention_id FROM mention_case_links WHERE case_id = NEW.case_id)) WHERE status = 'confirmed' GROUP BY mention_id, kind, key) f
    CROSS JOIN json_each(CASE WHEN json_array_length(f.tactics) > 0 THEN json_insert(f.tactics, '$[#]', '*') ELSE '["*",""]' END) t
    WHERE true GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (kind, links, tactic, day, key, last_day) DO UPDATE SET complaints = complaints + excluded.complaints;
END;
--> statement-breakpoint
CREATE TRIGGER case_actions_rollup_delete AFTER DELETE ON case_actions BEGIN
  INSERT INTO tactic_exposure (kind, key, day, prev_day, actions)
    SELECT g.kind, g.key,
           CASE r.i WHEN 0 THEN OLD.at / 86400000 ELSE g.x / 86400000 END,
           CASE r.i WHEN 2 THEN OLD.at / 86400000 ELSE coalesce(g.p / 86400000, -1) END,
           CASE r.i WHEN 1 THEN 1 ELSE -1 END
    FROM (SELECT 'action_type' AS kind, OLD.action_type AS key, (SELECT at FROM case_actions WHERE action_type = OLD.action_type AND case_id = OLD.case_id AND (at < OLD.at OR (at = OLD.at AND id < OLD.id)) ORDER BY at DESC, id DESC LIMIT 1) AS p, (SELECT at FROM case_actions WHERE action_type = OLD.action_type AND case_id = OLD.case_id AND (at > OLD.at OR (at = OLD.at AND id > OLD.id)) ORDER BY at, id LIMIT 1) AS x
          UNION ALL SELECT 'channel', OLD.channel, (SELECT at FROM case_actions WHERE channel = OLD.channel AND case_id = OLD.case_id AND (at < OLD.at OR (at = OLD.at AND id < OLD.id)) ORDER BY at DESC, id DESC LIMIT 1), (SELECT at FROM case_actions WHERE channel = OLD.channel AND case_id = OLD.case_id AND (at > OLD.at OR (at = OLD.at AND id > OLD.id)) ORDER BY at, id LIMIT 1)
          UNION ALL SELECT 'team', coalesce(OLD.team, c.team, ''), (SELECT at FROM case_actions WHERE case_id = OLD.case_id AND coalesce(team, c.team, '') = coalesce(OLD.team, c.team, '') AND (at < OLD.at OR (at = OLD.at AND id < OLD.id)) ORDER BY at DESC, id DESC LIMIT 1), (SELECT at FROM case_actions WHERE case_id = OLD.case_id AND coalesce(team, c.team, '') = coalesce(OLD.team, c.team, '') AND (at > OLD.at OR (at = OLD.at AND id > OLD.id)) ORDER BY at, id LIMIT 1) FROM cases c WHERE c.id = OLD.case_id
          UNION ALL SELECT k.kind, CASE k.kind WHEN 'segment' THEN c.segment WHEN 'creditor' THEN c.creditor ELSE c.country END, n.p, n.x
            FROM cases c, (SELECT 'segment' AS kind UNION ALL SELECT 'creditor' UNION ALL SELECT 'country') k,
                 (SELECT (SELECT at FROM case_actions WHERE case_id = OLD.case_id AND (at < OLD.at OR (at = OLD.at AND id < OLD.id)) ORDER BY at DESC, id DESC LIMIT 1) AS p, (SELECT at FROM case_actions WHERE case_id = OLD.case_id AND (at > OLD.at OR (at = OLD.at AND id > OLD.id)) ORDER BY at, id LIMIT 1) AS x) n
            WHERE c.id = OLD.case_id) g,
         (SELECT 0 AS i UNION ALL SELECT 1 UNION ALL SELECT 2) r
    WHERE r.i = 0 OR g.x IS NOT NULL
    ON CONFLICT (kind, day, key, prev_day) DO UPDATE SET actions = actions + excluded.actions;
END;
--> statement-breakpoint
CREATE TRIGGER case_actions_rollup_delete_complaints_before BEFORE DELETE ON case_actions WHEN EXISTS (SELECT 1 FROM mention_case_links WHERE case_id = OLD.case_id) BEGIN
  INSERT INTO tactic_complaints (kind, links, tactic, day, key, last_day, complaints)
    SELECT f.kind, f.links, t.value, f.day, f.key, f.last_at / 86400000, -1 * count(*)
    FROM (SELECT mention_id, kind, key, day, tactics, 'any' AS links, max(at) AS last_at FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id IN (SELECT mention_id FROM mention_case_links WHERE case_id = OLD.case_id)) GROUP BY mention_id, kind, key
          UNION ALL
          SELECT mention_id, kind, key, day, tactics, 'confirmed', max(at) FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id IN (SELECT mention_id FROM mention_case_links WHERE case_id = OLD.case_id)) WHERE status = 'confirmed' GROUP BY mention_id, kind, key) f
    CROSS JOIN json_each(CASE WHEN json_array_length(f.tactics) > 0 THEN json_insert(f.tactics, '$[#]', '*') ELSE '["*",""]' END) t
    WHERE true GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (kind, links, tactic, day, key, last_day) DO UPDATE SET complaints = complaints + excluded.complaints;
END;
--> statement-breakpoint
CREATE TRIGGER case_actions_rollup_delete_complaints_after AFTER DELETE ON case_actions WHEN EXISTS (SELECT 1 FROM mention_case_links WHERE case_id = OLD.case_id) BEGIN
  INSERT INTO tactic_complaints (kind, links, tactic, day, key, last_day, complaints)
    SELECT f.kind, f.links, t.value, f.day, f.key, f.last_at / 86400000, 1 * count(*)
    FROM (SELECT mention_id, kind, key, day, tactics, 'any' AS links, max(at) AS last_at FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id IN (SELECT mention_id FROM mention_case_links WHERE case_id = OLD.case_id)) GROUP BY mention_id, kind, key
          UNION ALL
          SELECT mention_id, kind, key, day, tactics, 'confirmed', max(at) FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id IN (SELECT mention_id FROM mention_case_links WHERE case_id = OLD.case_id)) WHERE status = 'confirmed' GROUP BY mention_id, kind, key) f
    CROSS JOIN json_each(CASE WHEN json_array_length(f.tactics) > 0 THEN json_insert(f.tactics, '$[#]', '*') ELSE '["*",""]' END) t
    WHERE true GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (kind, links, tactic, day, key, last_day) DO UPDATE SET complaints = complaints + excluded.complaints;
END;
--> statement-breakpoint
CREATE TRIGGER case_actions_rollup_team_before BEFORE UPDATE OF team ON case_actions WHEN OLD.team IS NOT NEW.team BEGIN
  INSERT INTO tactic_exposure (kind, key, day, prev_day, actions)
    SELECT 'team', x.key, x.day, x.prev_day, -1 * count(*)
    FROM (SELECT coalesce(team, (SELECT team FROM cases WHERE id = OLD.case_id), '') AS key, at / 86400000 AS day, coalesce(lag(at) OVER (PARTITION BY coalesce(team, (SELECT team FROM cases WHERE id = OLD.case_id), '') ORDER BY at, id) / 86400000, -1) AS prev_day
          FROM case_actions WHERE case_id = OLD.case_id) x
    WHERE true GROUP BY 1, 2, 3, 4
    ON CONFLICT (kind, day, key, prev_day) DO UPDATE SET actions = actions + excluded.actions;
  INSERT INTO tactic_complaints (kind, links, tactic, day, key, last_day, complaints)
    SELECT f.kind, f.links, t.value, f.day, f.key, f.last_at / 86400000, -1 * count(*)
    FROM (SELECT mention_id, kind, key, day, tactics, 'any' AS links, max(at) AS last_at FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id IN (SELECT mention_id FROM mention_case_links WHERE case_id = OLD.case_id)) GROUP BY mention_id, kind, key
          UNION ALL
          SELECT mention_id, kind, key, day, tactics, 'confirmed', max(at) FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id IN (SELECT mention_id FROM mention_case_links WHERE case_id = OLD.case_id)) WHERE status = 'confirmed' GROUP BY mention_id, kind, key) f
    CROSS JOIN json_each(CASE WHEN json_array_length(f.tactics) > 0 THEN json_insert(f.tactics, '$[#]', '*') ELSE '["*",""]' END) t
    WHERE true GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (kind, links, tactic, day, key, last_day) DO UPDATE SET complaints = complaints + excluded.complaints;
END;
--> statement-breakpoint
CREATE TRIGGER case_actions_rollup_team_after AFTER UPDATE OF team ON case_actions WHEN OLD.team IS NOT NEW.team BEGIN
  INSERT INTO tactic_exposure (kind, key, day, prev_day, actions)
    SELECT 'team', x.key, x.day, x.prev_day, 1 * count(*)
    FROM (SELECT coalesce(team, (SELECT team FROM cases WHERE id = NEW.case_id), '') AS key, at / 86400000 AS day, coalesce(lag(at) OVER (PARTITION BY coalesce(team, (SELECT team FROM cases WHERE id = NEW.case_id), '') ORDER BY at, id) / 86400000, -1) AS prev_day
          FROM case_actions WHERE case_id = NEW.case_id) x
    WHERE true GROUP BY 1, 2, 3, 4
    ON CONFLICT (kind, day, key, prev_day) DO UPDATE SET actions = actions + excluded.actions;
  INSERT INTO tactic_complaints (kind, links, tactic, day, key, last_day, complaints)
    SELECT f.kind, f.links, t.value, f.day, f.key, f.last_at / 86400000, 1 * count(*)
    FROM (SELECT mention_id, kind, key, day, tactics, 'any' AS links, max(at) AS last_at FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id IN (SELECT mention_id FROM mention_case_links WHERE case_id = NEW.case_id)) GROUP BY mention_id, kind, key
          UNION ALL
          SELECT mention_id, kind, key, day, tactics, 'confirmed', max(at) FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id IN (SELECT mention_id FROM mention_case_links WHERE case_id = NEW.case_id)) WHERE status = 'confirmed' GROUP BY mention_id, kind, key) f
    CROSS JOIN json_each(CASE WHEN json_array_length(f.tactics) > 0 THEN json_insert(f.tactics, '$[#]', '*') ELSE '["*",""]' END) t
    WHERE true GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (kind, links, tactic, day, key, last_day) DO UPDATE SET complaints = complaints + excluded.complaints;
END;
--> statement-breakpoint
CREATE TRIGGER cases_rollup_delete BEFORE DELETE ON cases BEGIN
  DELETE FROM mention_case_links WHERE case_id = OLD.id;
  DELETE FROM case_actions WHERE case_id = OLD.id;
END;
--> statement-breakpoint
CREATE TRIGGER cases_rollup_update_before BEFORE UPDATE OF segment, creditor, country, team ON cases WHEN OLD.segment IS NOT NEW.segment OR OLD.creditor IS NOT NEW.creditor OR OLD.country IS NOT NEW.country OR OLD.team IS NOT NEW.team BEGIN
  INSERT INTO tactic_exposure (kind, key, day, prev_day, actions)
    SELECT k.kind, k.key, x.day, x.prev_day, -1 * count(*)
    FROM (SELECT at / 86400000 AS day, coalesce(lag(at) OVER (ORDER BY at, id) / 86400000, -1) AS prev_day FROM case_actions WHERE case_id = OLD.id) x,
         (SELECT 'segment' AS kind, OLD.segment AS key UNION ALL SELECT 'creditor', OLD.creditor UNION ALL SELECT 'country', OLD.country) k
    WHERE true GROUP BY 1, 2, 3, 4
    ON CONFLICT (kind, day, key, prev_day) DO UPDATE SET actions = actions + excluded.actions;
  INSERT INTO tactic_exposure (kind, key, day, prev_day, actions)
    SELECT 'team', x.key, x.day, x.prev_day, -1 * count(*)
    FROM (SELECT coalesce(team, OLD.team, '') AS key, at / 86400000 AS day, coalesce(lag(at) OVER (PARTITION BY coalesce(team, OLD.team, '') ORDER BY at, id) / 86400000, -1) AS prev_day
          FROM case_actions WHERE case_id = OLD.id) x
    WHERE true GROUP BY 1, 2, 3, 4
    ON CONFLICT (kind, day, key, prev_day) DO UPDATE SET actions = actions + excluded.actions;
  INSERT INTO tactic_complaints (kind, links, tactic, day, key, last_day, complaints)
    SELECT f.kind, f.links, t.value, f.day, f.key, f.last_at / 86400000, -1 * count(*)
    FROM (SELECT mention_id, kind, key, day, tactics, 'any' AS links, max(at) AS last_at FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id IN (SELECT mention_id FROM mention_case_links WHERE case_id = OLD.id)) GROUP BY mention_id, kind, key
          UNION ALL
          SELECT mention_id, kind, key, day, tactics, 'confirmed', max(at) FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id IN (SELECT mention_id FROM mention_case_links WHERE case_id = OLD.id)) WHERE status = 'confirmed' GROUP BY mention_id, kind, key) f
    CROSS JOIN json_each(CASE WHEN json_array_length(f.tactics) > 0 THEN json_insert(f.tactics, '$[#]', '*') ELSE '["*",""]' END) t
    WHERE true GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (kind, links, tactic, day, key, last_day) DO UPDATE SET complaints = complaints + excluded.complaints;
END;
--> statement-breakpoint
CREATE TRIGGER cases_rollup_update_after AFTER UPDATE OF segment, creditor, country, team ON cases WHEN OLD.segment IS NOT NEW.segment OR OLD.creditor IS NOT NEW.creditor OR OLD.country IS NOT NEW.country OR OLD.team IS NOT NEW.team BEGIN
  INSERT INTO tactic_exposure (kind, key, day, prev_day, actions)
    SELECT k.kind, k.key, x.day, x.prev_day, 1 * count(*)
    FROM (SELECT at / 86400000 AS day, coalesce(lag(at) OVER (ORDER BY at, id) / 86400000, -1) AS prev_day FROM case_actions WHERE case_id = NEW.id) x,
         (SELECT 'segment' AS kind, NEW.segment AS key UNION ALL SELECT 'creditor', NEW.creditor UNION ALL SELECT 'country', NEW.country) k
    WHERE true GROUP BY 1, 2, 3, 4
    ON CONFLICT (kind, day, key, prev_day) DO UPDATE SET actions = actions + excluded.actions;
  INSERT INTO tactic_exposure (kind, key, day, prev_day, actions)
    SELECT 'team', x.key, x.day, x.prev_day, 1 * count(*)
    FROM (SELECT coalesce(team, NEW.team, '') AS key, at / 86400000 AS day, coalesce(lag(at) OVER (PARTITION BY coalesce(team, NEW.team, '') ORDER BY at, id) / 86400000, -1) AS prev_day
          FROM case_actions WHERE case_id = NEW.id) x
    WHERE true GROUP BY 1, 2, 3, 4
    ON CONFLICT (kind, day, key, prev_day) DO UPDATE SET actions = actions + excluded.actions;
  INSERT INTO tactic_complaints (kind, links, tactic, day, key, last_day, complaints)
    SELECT f.kind, f.links, t.value, f.day, f.key, f.last_at / 86400000, 1 * count(*)
    FROM (SELECT mention_id, kind, key, day, tactics, 'any' AS links, max(at) AS last_at FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id IN (SELECT mention_id FROM mention_case_links WHERE case_id = NEW.id)) GROUP BY mention_id, kind, key
          UNION ALL
          SELECT mention_id, kind, key, day, tactics, 'confirmed', max(at) FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id IN (SELECT mention_id FROM mention_case_links WHERE case_id = NEW.id)) WHERE status = 'confirmed' GROUP BY mention_id, kind, key) f
    CROSS JOIN json_each(CASE WHEN json_array_length(f.tactics) > 0 THEN json_insert(f.tactics, '$[#]', '*') ELSE '["*",""]' END) t
    WHERE true GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (kind, links, tactic, day, key, last_day) DO UPDATE SET complaints = complaints + excluded.complaints;
END;
--> statement-breakpoint
CREATE TRIGGER links_rollup_insert AFTER INSERT ON mention_case_links WHEN EXISTS (SELECT 1 FROM mention_analysis WHERE mention_id = NEW.mention_id AND sentiment_label = 'negative' AND is_relevant = 1) BEGIN
  INSERT INTO tactic_complaints (kind, links, tactic, day, key, last_day, complaints)
    SELECT f.kind, f.links, t.value, f.day, f.key, f.last_at / 86400000, -1 * count(*)
    FROM (SELECT mention_id, kind, key, day, tactics, 'any' AS links, max(at) AS last_at FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id = NEW.mention_id AND link_id <> NEW.id) GROUP BY mention_id, kind, key
          UNION ALL
          SELECT mention_id, kind, key, day, tactics, 'confirmed', max(at) FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id = NEW.mention_id AND link_id <> NEW.id) WHERE status = 'confirmed' GROUP BY mention_id, kind, key) f
    CROSS JOIN json_each(CASE WHEN json_array_length(f.tactics) > 0 THEN json_insert(f.tactics, '$[#]', '*') ELSE '["*",""]' END) t
    WHERE true GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (kind, links, tactic, day, key, last_day) DO UPDATE SET complaints = complaints + excluded.complaints;
  INSERT INTO tactic_complaints (kind, links, tactic, day, key, last_day, complaints)
    SELECT f.kind, f.links, t.value, f.day, f.key, f.last_at / 86400000, 1 * count(*)
    FROM (SELECT mention_id, kind, key, day, tactics, 'any' AS links, max(at) AS last_at FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id = NEW.mention_id) GROUP BY mention_id, kind, key
          UNION ALL
          SELECT mention_id, kind, key, day, tactics, 'confirmed', max(at) FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id = NEW.mention_id) WHERE status = 'confirmed' GROUP BY mention_id, kind, key) f
    CROSS JOIN json_each(CASE WHEN json_array_length(f.tactics) > 0 THEN json_insert(f.tactics, '$[#]', '*') ELSE '["*",""]' END) t
    WHERE true GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (kind, links, tactic, day, key, last_day) DO UPDATE SET complaints = complaints + excluded.complaints;
END;
--> statement-breakpoint
CREATE TRIGGER links_rollup_delete_before BEFORE DELETE ON mention_case_links WHEN EXISTS (SELECT 1 FROM mention_analysis WHERE mention_id = OLD.mention_id AND sentiment_label = 'negative' AND is_relevant = 1) BEGIN
  INSERT INTO tactic_complaints (kind, links, tactic, day, key, last_day, complaints)
    SELECT f.kind, f.links, t.value, f.day, f.key, f.last_at / 86400000, -1 * count(*)
    FROM (SELECT mention_id, kind, key, day, tactics, 'any' AS links, max(at) AS last_at FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id = OLD.mention_id) GROUP BY mention_id, kind, key
          UNION ALL
          SELECT mention_id, kind, key, day, tactics, 'confirmed', max(at) FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id = OLD.mention_id) WHERE status = 'confirmed' GROUP BY mention_id, kind, key) f
    CROSS JOIN json_each(CASE WHEN json_array_length(f.tactics) > 0 THEN json_insert(f.tactics, '$[#]', '*') ELSE '["*",""]' END) t
    WHERE true GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (kind, links, tactic, day, key, last_day) DO UPDATE SET complaints = complaints + excluded.complaints;
END;
--> statement-breakpoint
CREATE TRIGGER links_rollup_delete_after AFTER DELETE ON mention_case_links WHEN EXISTS (SELECT 1 FROM mention_analysis WHERE mention_id = OLD.mention_id AND sentiment_label = 'negative' AND is_relevant = 1) BEGIN
  INSERT INTO tactic_complaints (kind, links, tactic, day, key, last_day, complaints)
    SELECT f.kind, f.links, t.value, f.day, f.key, f.last_at / 86400000, 1 * count(*)
    FROM (SELECT mention_id, kind, key, day, tactics, 'any' AS links, max(at) AS last_at FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id = OLD.mention_id) GROUP BY mention_id, kind, key
          UNION ALL
          SELECT mention_id, kind, key, day, tactics, 'confirmed', max(at) FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id = OLD.mention_id) WHERE status = 'confirmed' GROUP BY mention_id, kind, key) f
    CROSS JOIN json_each(CASE WHEN json_array_length(f.tactics) > 0 THEN json_insert(f.tactics, '$[#]', '*') ELSE '["*",""]' END) t
    WHERE true GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (kind, links, tactic, day, key, last_day) DO UPDATE SET complaints = complaints + excluded.complaints;
END;
--> statement-breakpoint
CREATE TRIGGER links_rollup_update_before BEFORE UPDATE OF status, case_id ON mention_case_links WHEN (OLD.status IS NOT NEW.status OR OLD.case_id IS NOT NEW.case_id) AND EXISTS (SELECT 1 FROM mention_analysis WHERE mention_id = OLD.mention_id AND sentiment_label = 'negative' AND is_relevant = 1) BEGIN
  INSERT INTO tactic_complaints (kind, links, tactic, day, key, last_day, complaints)
    SELECT f.kind, f.links, t.value, f.day, f.key, f.last_at / 86400000, -1 * count(*)
    FROM (SELECT mention_id, kind, key, day, tactics, 'any' AS links, max(at) AS last_at FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id = OLD.mention_id) GROUP BY mention_id, kind, key
          UNION ALL
          SELECT mention_id, kind, key, day, tactics, 'confirmed', max(at) FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id = OLD.mention_id) WHERE status = 'confirmed' GROUP BY mention_id, kind, key) f
    CROSS JOIN json_each(CASE WHEN json_array_length(f.tactics) > 0 THEN json_insert(f.tactics, '$[#]', '*') ELSE '["*",""]' END) t
    WHERE true GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (kind, links, tactic, day, key, last_day) DO UPDATE SET complaints = complaints + excluded.complaints;
END;
--> statement-breakpoint
CREATE TRIGGER links_rollup_update_after AFTER UPDATE OF status, case_id ON mention_case_links WHEN (OLD.status IS NOT NEW.status OR OLD.case_id IS NOT NEW.case_id) AND EXISTS (SELECT 1 FROM mention_analysis WHERE mention_id = OLD.mention_id AND sentiment_label = 'negative' AND is_relevant = 1) BEGIN
  INSERT INTO tactic_complaints (kind, links, tactic, day, key, last_day, complaints)
    SELECT f.kind, f.links, t.value, f.day, f.key, f.last_at / 86400000, 1 * count(*)
    FROM (SELECT mention_id, kind, key, day, tactics, 'any' AS links, max(at) AS last_at FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id = OLD.mention_id) GROUP BY mention_id, kind, key
          UNION ALL
          SELECT mention_id, kind, key, day, tactics, 'confirmed', max(at) FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id = OLD.mention_id) WHERE status = 'confirmed' GROUP BY mention_id, kind, key) f
    CROSS JOIN json_each(CASE WHEN json_array_length(f.tactics) > 0 THEN json_insert(f.tactics, '$[#]', '*') ELSE '["*",""]' END) t
    WHERE true GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (kind, links, tactic, day, key, last_day) DO UPDATE SET complaints = complaints + excluded.complaints;
END;
--> statement-breakpoint
CREATE TRIGGER analysis_rollup_insert AFTER INSERT ON mention_analysis WHEN EXISTS (SELECT 1 FROM mention_case_links WHERE mention_id = NEW.mention_id) BEGIN
  INSERT INTO tactic_complaints (kind, links, tactic, day, key, last_day, complaints)
    SELECT f.kind, f.links, t.value, f.day, f.key, f.last_at / 86400000, 1 * count(*)
    FROM (SELECT mention_id, kind, key, day, tactics, 'any' AS links, max(at) AS last_at FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id = NEW.mention_id) GROUP BY mention_id, kind, key
          UNION ALL
          SELECT mention_id, kind, key, day, tactics, 'confirmed', max(at) FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id = NEW.mention_id) WHERE status = 'confirmed' GROUP BY mention_id, kind, key) f
    CROSS JOIN json_each(CASE WHEN json_array_length(f.tactics) > 0 THEN json_insert(f.tactics, '$[#]', '*') ELSE '["*",""]' END) t
    WHERE true GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (kind, links, tactic, day, key, last_day) DO UPDATE SET complaints = complaints + excluded.complaints;
END;
--> statement-breakpoint
CREATE TRIGGER analysis_rollup_update_before BEFORE UPDATE OF sentiment_label, is_relevant, tactics ON mention_analysis WHEN (OLD.sentiment_label IS NOT NEW.sentiment_label OR OLD.is_relevant IS NOT NEW.is_relevant OR OLD.tactics IS NOT NEW.tactics) AND EXISTS (SELECT 1 FROM mention_case_links WHERE mention_id = OLD.mention_id) BEGIN
  INSERT INTO tactic_complaints (kind, links, tactic, day, key, last_day, complaints)
    SELECT f.kind, f.links, t.value, f.day, f.key, f.last_at / 86400000, -1 * count(*)
    FROM (SELECT mention_id, kind, key, day, tactics, 'any' AS links, max(at) AS last_at FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id = OLD.mention_id) GROUP BY mention_id, kind, key
          UNION ALL
          SELECT mention_id, kind, key, day, tactics, 'confirmed', max(at) FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id = OLD.mention_id) WHERE status = 'confirmed' GROUP BY mention_id, kind, key) f
    CROSS JOIN json_each(CASE WHEN json_array_length(f.tactics) > 0 THEN json_insert(f.tactics, '$[#]', '*') ELSE '["*",""]' END) t
    WHERE true GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (kind, links, tactic, day, key, last_day) DO UPDATE SET complaints = complaints + excluded.complaints;
END;
--> statement-breakpoint
CREATE TRIGGER analysis_rollup_update_after AFTER UPDATE OF sentiment_label, is_relevant, tactics ON mention_analysis WHEN (OLD.sentiment_label IS NOT NEW.sentiment_label OR OLD.is_relevant IS NOT NEW.is_relevant OR OLD.tactics IS NOT NEW.tactics) AND EXISTS (SELECT 1 FROM mention_case_links WHERE mention_id = OLD.mention_id) BEGIN
  INSERT INTO tactic_complaints (kind, links, tactic, day, key, last_day, complaints)
    SELECT f.kind, f.links, t.value, f.day, f.key, f.last_at / 86400000, 1 * count(*)
    FROM (SELECT mention_id, kind, key, day, tactics, 'any' AS links, max(at) AS last_at FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id = OLD.mention_id) GROUP BY mention_id, kind, key
          UNION ALL
          SELECT mention_id, kind, key, day, tactics, 'confirmed', max(at) FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id = OLD.mention_id) WHERE status = 'confirmed' GROUP BY mention_id, kind, key) f
    CROSS JOIN json_each(CASE WHEN json_array_length(f.tactics) > 0 THEN json_insert(f.tactics, '$[#]', '*') ELSE '["*",""]' END) t
    WHERE true GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (kind, links, tactic, day, key, last_day) DO UPDATE SET complaints = complaints + excluded.complaints;
END;
--> statement-breakpoint
CREATE TRIGGER analysis_rollup_delete BEFORE DELETE ON mention_analysis WHEN EXISTS (SELECT 1 FROM mention_case_links WHERE mention_id = OLD.mention_id) BEGIN
  INSERT INTO tactic_complaints (kind, links, tactic, day, key, last_day, complaints)
    SELECT f.kind, f.links, t.value, f.day, f.key, f.last_at / 86400000, -1 * count(*)
    FROM (SELECT mention_id, kind, key, day, tactics, 'any' AS links, max(at) AS last_at FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id = OLD.mention_id) GROUP BY mention_id, kind, key
          UNION ALL
          SELECT mention_id, kind, key, day, tactics, 'confirmed', max(at) FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id = OLD.mention_id) WHERE status = 'confirmed' GROUP BY mention_id, kind, key) f
    CROSS JOIN json_each(CASE WHEN json_array_length(f.tactics) > 0 THEN json_insert(f.tactics, '$[#]', '*') ELSE '["*",""]' END) t
    WHERE true GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (kind, links, tactic, day, key, last_day) DO UPDATE SET complaints = complaints + excluded.complaints;
END;
--> statement-breakpoint
CREATE TRIGGER mentions_rollup_delete BEFORE DELETE ON mentions WHEN EXISTS (SELECT 1 FROM mention_case_links WHERE mention_id = OLD.id) BEGIN
  DELETE FROM mention_case_links WHERE mention_id = OLD.id;
END;
--> statement-breakpoint
CREATE TRIGGER mentions_rollup_published_before BEFORE UPDATE OF published_at ON mentions WHEN OLD.published_at IS NOT NEW.published_at AND EXISTS (SELECT 1 FROM mention_case_links WHERE mention_id = OLD.id) BEGIN
  INSERT INTO tactic_complaints (kind, links, tactic, day, key, last_day, complaints)
    SELECT f.kind, f.links, t.value, f.day, f.key, f.last_at / 86400000, -1 * count(*)
    FROM (SELECT mention_id, kind, key, day, tactics, 'any' AS links, max(at) AS last_at FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id = OLD.id) GROUP BY mention_id, kind, key
          UNION ALL
          SELECT mention_id, kind, key, day, tactics, 'confirmed', max(at) FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id = OLD.id) WHERE status = 'confirmed' GROUP BY mention_id, kind, key) f
    CROSS JOIN json_each(CASE WHEN json_array_length(f.tactics) > 0 THEN json_insert(f.tactics, '$[#]', '*') ELSE '["*",""]' END) t
    WHERE true GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (kind, links, tactic, day, key, last_day) DO UPDATE SET complaints = complaints + excluded.complaints;
END;
--> statement-breakpoint
CREATE TRIGGER mentions_rollup_published_after AFTER UPDATE OF published_at ON mentions WHEN OLD.published_at IS NOT NEW.published_at AND EXISTS (SELECT 1 FROM mention_case_links WHERE mention_id = OLD.id) BEGIN
  INSERT INTO tactic_complaints (kind, links, tactic, day, key, last_day, complaints)
    SELECT f.kind, f.links, t.value, f.day, f.key, f.last_at / 86400000, 1 * count(*)
    FROM (SELECT mention_id, kind, key, day, tactics, 'any' AS links, max(at) AS last_at FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id = OLD.id) GROUP BY mention_id, kind, key
          UNION ALL
          SELECT mention_id, kind, key, day, tactics, 'confirmed', max(at) FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id = OLD.id) WHERE status = 'confirmed' GROUP BY mention_id, kind, key) f
    CROSS JOIN json_each(CASE WHEN json_array_length(f.tactics) > 0 THEN json_insert(f.tactics, '$[#]', '*') ELSE '["*",""]' END) t
    WHERE true GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (kind, links, tactic, day, key, last_day) DO UPDATE SET complaints = complaints + excluded.complaints;
END;
--> statement-breakpoint
INSERT INTO tactic_exposure (kind, key, day, prev_day, actions)
SELECT kind, key, day, prev_day, count(*) FROM (
  SELECT 'action_type' AS kind, action_type AS key, at / 86400000 AS day, coalesce(lag(at) OVER (PARTITION BY case_id, action_type ORDER BY at, id) / 86400000, -1) AS prev_day FROM case_actions
  UNION ALL
  SELECT 'channel', channel, at / 86400000, coalesce(lag(at) OVER (PARTITION BY case_id, channel ORDER BY at, id) / 86400000, -1) FROM case_actions
  UNION ALL
  SELECT 'team', x.key, x.day, x.prev_day FROM (
    SELECT coalesce(a.team, c.team, '') AS key, a.at / 86400000 AS day,
           coalesce(lag(a.at) OVER (PARTITION BY a.case_id, coalesce(a.team, c.team, '') ORDER BY a.at, a.id) / 86400000, -1) AS prev_day
    FROM case_actions a CROSS JOIN cases c ON c.id = a.case_id) x
  UNION ALL
  SELECT k.kind, CASE k.kind WHEN 'segment' THEN c.segment WHEN 'creditor' THEN c.creditor ELSE c.country END, x.day, x.prev_day
  FROM (SELECT case_id, at / 86400000 AS day, coalesce(lag(at) OVER (PARTITION BY case_id ORDER BY at, id) / 86400000, -1) AS prev_day FROM case_actions) x
  CROSS JOIN cases c ON c.id = x.case_id
  CROSS JOIN (SELECT 'segment' AS kind UNION ALL SELECT 'creditor' UNION ALL SELECT 'country') k)
WHERE true GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO tactic_complaints (kind, links, tactic, day, key, last_day, complaints)
    SELECT f.kind, f.links, t.value, f.day, f.key, f.last_at / 86400000, 1 * count(*)
    FROM (SELECT mention_id, kind, key, day, tactics, 'any' AS links, max(at) AS last_at FROM (SELECT * FROM tactic_complaint_actions WHERE true) GROUP BY mention_id, kind, key
          UNION ALL
          SELECT mention_id, kind, key, day, tactics, 'confirmed', max(at) FROM (SELECT * FROM tactic_complaint_actions WHERE true) WHERE status = 'confirmed' GROUP BY mention_id, kind, key) f
    CROSS JOIN json_each(CASE WHEN json_array_length(f.tactics) > 0 THEN json_insert(f.tactics, '$[#]', '*') ELSE '["*",""]' END) t
    WHERE true GROUP BY 1, 2, 3, 4, 5, 6;
