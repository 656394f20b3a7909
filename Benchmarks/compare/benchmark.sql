-- The benchmark card (Benchmarks/eval/benchmark.ratecard) written by hand as DuckDB SQL: the
-- comparison run by Benchmarks/run-eval. Written from docs/evaluation.md, not from the engine.
-- Reads {participants} and {claims}; writes {out}: claim_id, status, amount, council, fund
-- (amounts in pence). It covers what the benchmark data holds (no unknown ids, no reused claim
-- ids, no unreadable values): the checks, the order of evaluation, the versions, the
-- per-participant cap and the 70/30 split to the penny.

CREATE TEMP TABLE participant AS
SELECT participant_id, TRY_CAST(started_on AS DATE) AS started_on
FROM read_csv('{participants}', all_varchar = true, header = true);

-- Claims in evaluation order: achieved date, then claim id (DuckDB compares text by bytes).
CREATE TEMP TABLE claim AS
SELECT
  row_number() OVER (ORDER BY TRY_CAST(achieved_on AS DATE) NULLS LAST, claim_id) AS position,
  claim_id, participant_id, outcome, TRY_CAST(achieved_on AS DATE) AS day,
  string_split(coalesce(evidence, ''), ';') AS evidence,
  TRY_CAST(tenancy_started_on AS DATE) AS tenancy_started_on,
  TRY_CAST(job_started_on AS DATE) AS job_started_on
FROM read_csv('{claims}', all_varchar = true, header = true);

-- Every check that does not depend on other claims: the term, the timing rules (months keep
-- the day and clamp to the month's end, as DuckDB's date + interval does), the evidence.
CREATE TEMP TABLE checked AS
SELECT c.*, p.started_on,
  c.day BETWEEN DATE '2020-01-01' AND DATE '2024-12-31'
  AND CASE c.outcome
    WHEN 'assessment' THEN p.started_on IS NOT NULL
      AND c.day <= p.started_on + INTERVAL 3 MONTH
      AND list_contains(c.evidence, 'assessment_form')
    WHEN 'accommodation_entry' THEN list_has_any(c.evidence, ['tenancy', 'landlord_letter'])
    WHEN 'accommodation_sustained_3_months' THEN c.tenancy_started_on IS NOT NULL
      AND c.day >= c.tenancy_started_on + INTERVAL 3 MONTH
      AND list_has_any(c.evidence, ['tenancy', 'landlord_letter'])
    WHEN 'accommodation_sustained_6_months' THEN c.tenancy_started_on IS NOT NULL
      AND c.day >= c.tenancy_started_on + INTERVAL 6 MONTH
      AND list_has_any(c.evidence, ['tenancy', 'landlord_letter'])
    WHEN 'accommodation_sustained_12_months' THEN c.tenancy_started_on IS NOT NULL
      AND c.day >= c.tenancy_started_on + INTERVAL 12 MONTH
      AND list_has_any(c.evidence, ['tenancy', 'landlord_letter'])
    WHEN 'job_entry' THEN list_has_any(c.evidence, ['payslips', 'employer_letter'])
    WHEN 'job_sustained_13_weeks' THEN c.job_started_on IS NOT NULL
      AND c.day >= c.job_started_on + INTERVAL 91 DAY
      AND list_contains(c.evidence, 'payslips')
    WHEN 'job_sustained_26_weeks' THEN c.job_started_on IS NOT NULL
      AND c.day >= c.job_started_on + INTERVAL 182 DAY
      AND list_contains(c.evidence, 'payslips')
    WHEN 'job_sustained_52_weeks' THEN c.job_started_on IS NOT NULL
      AND c.day >= c.job_started_on + INTERVAL 364 DAY
      AND list_contains(c.evidence, 'payslips')
    ELSE false
  END AS passes,
  CASE c.outcome
    WHEN 'accommodation_entry' THEN 'assessment'
    WHEN 'job_entry' THEN 'assessment'
    WHEN 'accommodation_sustained_3_months' THEN 'accommodation_entry'
    WHEN 'accommodation_sustained_6_months' THEN 'accommodation_entry'
    WHEN 'accommodation_sustained_12_months' THEN 'accommodation_entry'
    WHEN 'job_sustained_13_weeks' THEN 'job_entry'
    WHEN 'job_sustained_26_weeks' THEN 'job_entry'
    WHEN 'job_sustained_52_weeks' THEN 'job_entry'
  END AS requires
FROM claim c JOIN participant p USING (participant_id);

-- A claim is achieved when it passes, what it requires was achieved by an earlier claim, and
-- it is the participant's first such claim of its outcome (each outcome is claimable once).
-- What a claim requires is always one level down, so three levels settle every claim.
CREATE TEMP TABLE achieved AS
SELECT participant_id, outcome, min(position) AS position
FROM checked WHERE passes AND requires IS NULL GROUP BY ALL;

INSERT INTO achieved
SELECT c.participant_id, c.outcome, min(c.position)
FROM checked c JOIN achieved a ON a.participant_id = c.participant_id
  AND a.outcome = c.requires AND a.position < c.position
WHERE c.passes AND c.requires IN ('assessment')
GROUP BY ALL;

INSERT INTO achieved
SELECT c.participant_id, c.outcome, min(c.position)
FROM checked c JOIN achieved a ON a.participant_id = c.participant_id
  AND a.outcome = c.requires AND a.position < c.position
WHERE c.passes AND c.requires IN ('accommodation_entry', 'job_entry')
GROUP BY ALL;

-- Prices by the version in force on the achieved date (v2 from 2022-01-01), then the
-- £8,200 per-participant cap first come, first served in evaluation order: what has been paid
-- before a claim is its participant's running total, capped.
CREATE TEMP TABLE priced AS
SELECT c.position, c.claim_id, a.position IS NOT NULL AS is_achieved,
  CASE WHEN a.position IS NULL THEN 0 ELSE
    CASE c.outcome
      WHEN 'assessment' THEN 30000
      WHEN 'accommodation_entry' THEN 60000
      WHEN 'accommodation_sustained_3_months' THEN 150000
      WHEN 'accommodation_sustained_6_months' THEN 150000
      WHEN 'accommodation_sustained_12_months' THEN
        CASE WHEN c.day >= DATE '2022-01-01' THEN 220000 ELSE 260000 END
      WHEN 'job_entry' THEN CASE WHEN c.day >= DATE '2022-01-01' THEN 130000 ELSE 100000 END
      WHEN 'job_sustained_13_weeks' THEN 120000
      WHEN 'job_sustained_26_weeks' THEN 180000
      WHEN 'job_sustained_52_weeks' THEN 200000
    END
  END::BIGINT AS price,
  c.participant_id
FROM checked c LEFT JOIN achieved a
  ON a.participant_id = c.participant_id AND a.outcome = c.outcome AND a.position = c.position;

CREATE TEMP TABLE paid AS
SELECT claim_id, position, price,
  least(total, 820000) - least(total - price, 820000) AS amount
FROM (
  SELECT *, sum(price) OVER (
    PARTITION BY participant_id ORDER BY position ROWS UNBOUNDED PRECEDING) AS total
  FROM priced);

-- The 70/30 split by largest remainder: each payer its share rounded down, the penny left
-- over to the larger remainder, a tie to the council (declared first).
COPY (
  SELECT claim_id,
    CASE WHEN amount = 0 THEN 'rejected' WHEN amount < price THEN 'reduced' ELSE 'paid' END
      AS status,
    amount,
    amount * 70 // 100 + CASE WHEN amount - amount * 70 // 100 - amount * 30 // 100 = 1
      AND (amount * 70) % 100 >= (amount * 30) % 100 THEN 1 ELSE 0 END AS council,
    amount * 30 // 100 + CASE WHEN amount - amount * 70 // 100 - amount * 30 // 100 = 1
      AND (amount * 70) % 100 < (amount * 30) % 100 THEN 1 ELSE 0 END AS fund
  FROM paid ORDER BY position
) TO '{out}' (HEADER, DELIMITER ',');
