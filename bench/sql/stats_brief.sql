-- The figures of a county's month, as a competent analyst would compute
-- them in the sqlite3 shell from the records, with the indexes that exist
-- (services_station: station and start time; service_clients' key;
-- client_categories_client): the totals, and the cuts by service type,
-- service area and client category (the category held on the record's
-- day), then the cases. bench/stats.sh sets the parameters:
--   :lo :hi      the county's division codes, [lo, hi)
--   :from :to    the month's first instant and the next month's (Unix s)
--   :first :last the month's first and last day, YYYY-MM-DD
WITH m AS (SELECT v.id, v.type, v.area, v.minutes, v.extra_attendees,
                  v.resource_value, v.service_day
           FROM services v
           WHERE v.station_id IN (SELECT id FROM stations
                                  WHERE region_code >= :lo
                                    AND region_code < :hi)
             AND v.started_at >= :from AND v.started_at < :to)
SELECT COUNT(*), SUM(minutes), SUM(extra_attendees),
       (SELECT COUNT(*) FROM m JOIN service_clients c ON c.service_id = m.id),
       (SELECT COUNT(DISTINCT c.client_id) FROM m
        JOIN service_clients c ON c.service_id = m.id)
FROM m;

WITH m AS (SELECT v.id, v.type, v.minutes, v.extra_attendees
           FROM services v
           WHERE v.station_id IN (SELECT id FROM stations
                                  WHERE region_code >= :lo
                                    AND region_code < :hi)
             AND v.started_at >= :from AND v.started_at < :to)
SELECT m.type, COUNT(DISTINCT m.id), COUNT(c.client_id),
       COUNT(DISTINCT c.client_id)
FROM m LEFT JOIN service_clients c ON c.service_id = m.id
GROUP BY m.type;

WITH m AS (SELECT v.id, v.area
           FROM services v
           WHERE v.station_id IN (SELECT id FROM stations
                                  WHERE region_code >= :lo
                                    AND region_code < :hi)
             AND v.started_at >= :from AND v.started_at < :to)
SELECT m.area, COUNT(DISTINCT m.id), COUNT(c.client_id),
       COUNT(DISTINCT c.client_id)
FROM m LEFT JOIN service_clients c ON c.service_id = m.id
GROUP BY m.area;

WITH m AS (SELECT v.id, v.service_day
           FROM services v
           WHERE v.station_id IN (SELECT id FROM stations
                                  WHERE region_code >= :lo
                                    AND region_code < :hi)
             AND v.started_at >= :from AND v.started_at < :to)
SELECT k.code, COUNT(*), COUNT(DISTINCT c.client_id)
FROM m JOIN service_clients c ON c.service_id = m.id
JOIN client_categories k ON k.client_id = c.client_id
 AND k.started_on <= m.service_day
 AND (k.ended_on IS NULL OR k.ended_on >= m.service_day)
GROUP BY k.code;

SELECT SUM(opened_on >= :first), SUM(closed_on BETWEEN :first AND :last),
       SUM(closed_on IS NULL OR closed_on >= :first)
FROM cases
WHERE station_id IN (SELECT id FROM stations
                     WHERE region_code >= :lo AND region_code < :hi)
  AND opened_on <= :last;
