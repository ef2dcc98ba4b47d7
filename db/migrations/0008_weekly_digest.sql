CREATE TABLE `digest_recipients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text,
	`role` text NOT NULL,
	`time_zone` text DEFAULT 'UTC' NOT NULL,
	`language` text DEFAULT 'en' NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `digest_recipients_email_unique` ON `digest_recipients` (`email`);--> statement-breakpoint
CREATE TABLE `digest_sends` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`week` text NOT NULL,
	`role` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`message_id` text,
	`sent_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `digest_sends_once_uq` ON `digest_sends` (`email`,`week`);--> statement-breakpoint
CREATE INDEX `digest_sends_due_idx` ON `digest_sends` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `digest_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`cron` text NOT NULL,
	`time_zone` text NOT NULL,
	`sender` text,
	`enabled` integer DEFAULT true NOT NULL,
	`updated_at` integer NOT NULL
);
