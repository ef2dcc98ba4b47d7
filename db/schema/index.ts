export * from './constants.ts';
export * from './sources.ts';
export * from './mentions.ts';
export * from './users.ts';
export * from './job-runs.ts';
export * from './audit-log.ts';
export * from './cases.ts';
