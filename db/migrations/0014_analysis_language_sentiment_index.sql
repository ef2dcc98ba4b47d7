DROP INDEX `mention_analysis_language_idx`;--> statement-breakpoint
CREATE INDEX `mention_analysis_language_idx` ON `mention_analysis` (`language`,`sentiment_label`,`is_relevant`);