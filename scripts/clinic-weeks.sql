-- Per patient and ISO week: sessions done (as `limber report` counts them) and discomfort,
-- from a view `lines` with one row per log line: patient, session, ts, type, status, rating,
-- day (the local date as written), iso_week ('2026-W49'), per_day and planned_sets (on
-- session_start lines). The same text runs on DuckDB and Spark SQL (scripts/clinic-sql.py).
WITH once AS (
    -- A session copied into two files of one patient counts once: identical lines collapse.
    SELECT DISTINCT patient, session, ts, type, status, exercise, rating, day, iso_week, per_day, planned_sets
    FROM lines
),
sessions AS (
    SELECT patient, session,
           max(CASE WHEN type = 'session_start' THEN day END) AS day,
           max(CASE WHEN type = 'session_start' THEN iso_week END) AS iso_week,
           max(per_day) AS per_day,
           max(planned_sets) AS planned_sets,
           sum(CASE WHEN type = 'set' AND status = 'done' THEN 1 ELSE 0 END) AS sets_done,
           max(CASE WHEN type = 'session_end' THEN status END) AS end_status
    FROM once
    GROUP BY patient, session
),
counted AS (
    -- Counts towards adherence: completed, stopped by the safety rule, or 80 % of the sets done.
    SELECT patient, day, iso_week, per_day,
           CASE WHEN end_status IN ('completed', 'stopped_discomfort')
                  OR (planned_sets > 0 AND sets_done >= 0.8 * planned_sets) THEN 1 ELSE 0 END AS counts
    FROM sessions
    WHERE day IS NOT NULL
),
days AS (
    -- No more than the prescribed sessions a day count.
    SELECT patient, iso_week, day, least(max(per_day), sum(counts)) AS done
    FROM counted
    GROUP BY patient, iso_week, day
),
weeks AS (
    SELECT patient, iso_week, sum(done) AS sessions_done FROM days GROUP BY patient, iso_week
),
ratings AS (
    SELECT patient, iso_week, count(*) AS ratings, avg(rating) AS mean_discomfort, max(rating) AS max_discomfort
    FROM once
    WHERE type = 'discomfort'
    GROUP BY patient, iso_week
)
SELECT w.patient, w.iso_week, w.sessions_done,
       coalesce(r.ratings, 0) AS ratings, round(r.mean_discomfort, 3) AS mean_discomfort, r.max_discomfort
FROM weeks w LEFT JOIN ratings r ON r.patient = w.patient AND r.iso_week = w.iso_week
ORDER BY w.patient, w.iso_week
