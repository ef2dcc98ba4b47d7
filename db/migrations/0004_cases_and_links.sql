CREATE TABLE `case_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`at` integer NOT NULL,
	`channel` text NOT NULL,
	`action_type` text NOT NULL,
	`team` text,
	`agent` text,
	`outcome` text,
	`action_key` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_actions_key_uq` ON `case_actions` (`case_id`,`action_key`);--> statement-breakpoint
CREATE INDEX `case_actions_at_idx` ON `case_actions` (`at`);--> statement-breakpoint
CREATE INDEX `case_actions_type_at_idx` ON `case_actions` (`action_type`,`at`);--> statement-breakpoint
CREATE TABLE `case_identifiers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`kind` text NOT NULL,
	`hash` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_identifiers_uq` ON `case_identifiers` (`case_id`,`kind`,`hash`);--> statement-breakpoint
CREATE INDEX `case_identifiers_hash_idx` ON `case_identifiers` (`hash`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_ref` text NOT NULL,
	`creditor` text NOT NULL,
	`segment` text NOT NULL,
	`country` text NOT NULL,
	`opened_at` integer NOT NULL,
	`closed_at` integer,
	`status` text NOT NULL,
	`amount` real,
	`currency` text,
	`language` text,
	`team` text,
	`row_hash` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_case_ref_unique` ON `cases` (`case_ref`);--> statement-breakpoint
CREATE INDEX `cases_opened_at_idx` ON `cases` (`opened_at`);--> statement-breakpoint
CREATE TABLE `mention_case_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mention_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`method` text NOT NULL,
	`confidence` real NOT NULL,
	`status` text NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`confirmed_by` integer,
	`confirmed_at` integer,
	FOREIGN KEY (`mention_id`) REFERENCES `mentions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`confirmed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mention_case_links_uq` ON `mention_case_links` (`mention_id`,`case_id`);--> statement-breakpoint
CREATE INDEX `mention_case_links_case_idx` ON `mention_case_links` (`case_id`);