-- Placeholder so that 0006_sla.sql applies on the h5-sla branch alone
-- (migrations are numbered without gaps). Drop this file on merge:
-- 0005 belongs to the contacts migration.
SELECT 1;
