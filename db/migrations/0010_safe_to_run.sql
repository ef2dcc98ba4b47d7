CREATE TABLE `login_throttle` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`last_failed_at` integer NOT NULL,
	`locked_until` integer
);
--> statement-breakpoint
CREATE TABLE `webhook_signatures` (
	`source_id` integer NOT NULL,
	`signature` text NOT NULL,
	`seen_at` integer NOT NULL,
	PRIMARY KEY(`source_id`, `signature`),
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_signatures_seen_at_idx` ON `webhook_signatures` (`seen_at`);--> statement-breakpoint
CREATE TABLE `workspace_marks` (
	`name` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `mentions` ADD `author_key` text;--> statement-breakpoint
CREATE INDEX `mentions_author_key_idx` ON `mentions` (`author_key`);--> statement-breakpoint
CREATE TRIGGER `own_source_marks_workspace` AFTER INSERT ON `sources` WHEN NEW.`is_demo` = 0
BEGIN
	INSERT OR IGNORE INTO `workspace_marks` (`name`, `at`) VALUES ('own_data', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
--> statement-breakpoint
CREATE TRIGGER `own_user_marks_workspace` AFTER INSERT ON `users` WHEN NEW.`email` <> 'demo@earshot.local'
BEGIN
	INSERT OR IGNORE INTO `workspace_marks` (`name`, `at`) VALUES ('own_data', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
--> statement-breakpoint
INSERT OR IGNORE INTO `workspace_marks` (`name`, `at`)
	SELECT 'own_data', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
	WHERE EXISTS (SELECT 1 FROM `sources` WHERE `is_demo` = 0) OR EXISTS (SELECT 1 FROM `users` WHERE `email` <> 'demo@earshot.local');
