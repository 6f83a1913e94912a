-- Scheduled reports (issue 7, item 3): what the last run of a report
-- schedule did. A run that fails keeps next_run_at (the report is not
-- lost) and is retried at retry_at with a growing delay; failures counts
-- the failed runs in a row. Times in unix seconds.
ALTER TABLE report_schedule ADD COLUMN last_run_at INTEGER;
ALTER TABLE report_schedule ADD COLUMN last_period TEXT;
ALTER TABLE report_schedule ADD COLUMN last_outbox_id INTEGER REFERENCES outbox(id);
ALTER TABLE report_schedule ADD COLUMN last_error TEXT;
ALTER TABLE report_schedule ADD COLUMN last_error_at INTEGER;
ALTER TABLE report_schedule ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE report_schedule ADD COLUMN retry_at INTEGER;
