-- Placeholder so that migration 0007 (escalation tokens) applies on this branch, where
-- 0005 (another helper's part of issue 5) is not merged yet. It sorts after the real
-- 0005_*.sql, which therefore wins when both exist: delete it on merge.
SELECT 1;
