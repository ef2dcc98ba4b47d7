CREATE TABLE `case_steps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`mention_id` integer NOT NULL,
	`rule_id` integer,
	`step` text NOT NULL,
	`reason_code` text NOT NULL,
	`reason` text NOT NULL,
	`status` text DEFAULT 'proposed' NOT NULL,
	`due_at` integer NOT NULL,
	`note` text,
	`decided_by` integer,
	`decided_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mention_id`) REFERENCES `mentions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`rule_id`) REFERENCES `step_rules`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_steps_uq` ON `case_steps` (`case_id`,`mention_id`,`step`);--> statement-breakpoint
CREATE INDEX `case_steps_status_idx` ON `case_steps` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `case_steps_mention_idx` ON `case_steps` (`mention_id`);--> statement-breakpoint
CREATE TABLE `step_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`step_id` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`sent_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`step_id`) REFERENCES `case_steps`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `step_deliveries_step_id_unique` ON `step_deliveries` (`step_id`);--> statement-breakpoint
CREATE INDEX `step_deliveries_due_idx` ON `step_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `step_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`params` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `step_rules_name_unique` ON `step_rules` (`name`);