ALTER TABLE `sources` ADD `config` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `sources` ADD `cursor` text;--> statement-breakpoint
ALTER TABLE `mentions` ADD `author_reach` integer;--> statement-breakpoint
ALTER TABLE `mentions` ADD `engagement` integer;--> statement-breakpoint
ALTER TABLE `mentions` ADD `rating` integer;