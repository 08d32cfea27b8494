-- The figures of a county's dashboard for a year, as a competent analyst
-- would compute them in the sqlite3 shell from the records with the
-- indexes that exist: services, person-times and people served per month;
-- the townships ranked by records and people served; open cases by stage.
-- bench/stats.sh sets the parameters:
--   :lo :hi      the county's division codes, [lo, hi)
--   :from :to    the year's first instant and the next year's (Unix s)
WITH m AS (SELECT v.id, substr(v.service_day, 1, 7) AS month,
                  v.extra_attendees
           FROM services v
           WHERE v.station_id IN (SELECT id FROM stations
                                  WHERE region_code >= :lo
                                    AND region_code < :hi)
             AND v.started_at >= :from AND v.started_at < :to)
SELECT m.month, COUNT(DISTINCT m.id), COUNT(c.client_id),
       COUNT(DISTINCT c.client_id)
FROM m LEFT JOIN service_clients c ON c.service_id = m.id
GROUP BY m.month;

WITH m AS (SELECT v.id, v.station_id
           FROM services v
           WHERE v.station_id IN (SELECT id FROM stations
                                  WHERE region_code >= :lo
                                    AND region_code < :hi)
             AND v.started_at >= :from AND v.started_at < :to)
SELECT s.region_code, COUNT(DISTINCT m.id), COUNT(DISTINCT c.client_id)
FROM m JOIN stations s ON s.id = m.station_id
LEFT JOIN service_clients c ON c.service_id = m.id
GROUP BY s.region_code
ORDER BY 2 DESC;

SELECT stage, COUNT(*)
FROM cases
WHERE station_id IN (SELECT id FROM stations
                     WHERE region_code >= :lo AND region_code < :hi)
GROUP BY stage;
