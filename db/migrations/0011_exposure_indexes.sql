CREATE INDEX `case_actions_type_case_idx` ON `case_actions` (`action_type`,`case_id`,`at`);--> statement-breakpoint
CREATE INDEX `case_actions_channel_case_idx` ON `case_actions` (`channel`,`case_id`,`at`);--> statement-breakpoint
CREATE INDEX `case_actions_case_team_idx` ON `case_actions` (`case_id`,`team`,`at`);