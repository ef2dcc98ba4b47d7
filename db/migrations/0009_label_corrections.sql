CREATE TABLE `mention_corrections` (
	`mention_id` integer PRIMARY KEY NOT NULL,
	`relevant` integer,
	`sentiment` text,
	`tactics` text,
	`vulnerability` text,
	`escalation` text,
	`corrected_by` integer,
	`corrected_at` integer NOT NULL,
	FOREIGN KEY (`mention_id`) REFERENCES `mentions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`corrected_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
ALTER TABLE `mention_analysis` ADD `confidence` text DEFAULT '[]' NOT NULL;