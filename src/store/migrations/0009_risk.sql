-- Risk-tolerance assessments (issue 6, item 3; seed 003 (参考)).
--
-- Each assessment is kept (never updated) so that the profile can be
-- followed over time: the answers ({item code: scale value}), the score,
-- the resulting profile and the priority matrix it proposed
-- ({"cells":[...9]}), as JSON text.
CREATE TABLE risk_assessment (
  id         INTEGER PRIMARY KEY,
  answers    TEXT NOT NULL,
  points     INTEGER NOT NULL,
  max_points INTEGER NOT NULL,
  score      INTEGER NOT NULL,
  profile    TEXT NOT NULL CHECK (profile IN ('low', 'medium', 'high')),
  matrix     TEXT NOT NULL,
  created_by INTEGER REFERENCES app_user(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX risk_assessment_created ON risk_assessment(created_at);
