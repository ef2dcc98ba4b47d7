-- The demo has a creditor login too (creditor@earshot.local): like the demo user, it is not data of the workspace's own.
DROP TRIGGER IF EXISTS `own_user_marks_workspace`;
--> statement-breakpoint
CREATE TRIGGER `own_user_marks_workspace` AFTER INSERT ON `users` WHEN NEW.`email` NOT IN ('demo@earshot.local', 'creditor@earshot.local')
BEGIN
	INSERT OR IGNORE INTO `workspace_marks` (`name`, `at`) VALUES ('own_data', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
