-- Placeholder so that migration 0008 (decisions) applies on this branch, where
-- 0005-0007 (other helpers' parts of issue 5) are not merged yet. It sorts after
-- the real 0006_*.sql, which therefore wins when both exist: delete it on merge.
SELECT 1;
