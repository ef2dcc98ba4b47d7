CREATE TABLE `creditor_report_sends` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`month` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`sent_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `creditor_report_sends_once_uq` ON `creditor_report_sends` (`user_id`,`month`);--> statement-breakpoint
CREATE INDEX `creditor_report_sends_due_idx` ON `creditor_report_sends` (`status`,`next_attempt_at`);--> statement-breakpoint
ALTER TABLE `users` ADD `creditor` text;