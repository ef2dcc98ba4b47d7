ALTER TABLE `mentions` ADD `url_key` text;--> statement-breakpoint
ALTER TABLE `mentions` ADD `title_key` text;--> statement-breakpoint
CREATE INDEX `mentions_url_key_idx` ON `mentions` (`url_key`);--> statement-breakpoint
CREATE INDEX `mentions_title_key_idx` ON `mentions` (`title_key`);