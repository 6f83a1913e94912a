-- Batch indexing of reports: alert batches insert reports with fts_batch = 1
-- and index them with one INSERT ... SELECT at the end of their write job
-- (store_report_fts_index) instead of one FTS5 insert per row, which made
-- the trigram index write a tiny segment per report.
ALTER TABLE report ADD COLUMN fts_batch INTEGER NOT NULL DEFAULT 0;

-- SQLite-only section ------------------------------------------------------
DROP TRIGGER report_fts_ai;
CREATE TRIGGER report_fts_ai AFTER INSERT ON report WHEN new.fts_batch = 0 BEGIN
  INSERT INTO report_fts(rowid, key, subject, body, reporter_name, reporter_address)
  VALUES (new.id, new.key, new.subject, new.body, new.reporter_name, new.reporter_address);
END;
