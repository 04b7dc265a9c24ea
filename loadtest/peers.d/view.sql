-- The published entities as the API's list gives each (entities.public's
-- SUMMARY, read as entities.api.representation reads it): the same columns,
-- joins and values, one column per key; the profile is spread one column per
-- feature, as in the CSV export. Left out: "url" (the API's address of the
-- entity, made of its id and the server's host). loadtest/peers creates it
-- anew each run, in its own schema, for the peers to serve. @THRESHOLD@ is the
-- practising threshold (SSE_PRACTISING_THRESHOLD), below which an assessed
-- feature is lacking.
--
-- The view adds no index: it is read through the registry's own, the same
-- condition (status = 'published') and order as the API's list:
-- entity_published_country_idx (country, name, id) and
-- entity_published_name_idx (name, id).
CREATE SCHEMA IF NOT EXISTS peers;
DROP VIEW IF EXISTS peers.entities;
CREATE VIEW peers.entities AS
SELECT
    e.id,
    e.name,
    e.name_local,
    e.country_id AS country,
    c.name AS country_name,
    e.region_id AS region,
    r.name AS region_name,
    e.entity_type_id AS entity_type,
    e.legal_form,
    e.sector_id AS sector,
    e.year_established,
    e.registered,
    e.origin,
    e.dependency,
    e.members,
    e.women_share,
    e.workers,
    NULLIF(e.website, '') AS website,
    ARRAY(
        SELECT s.sustainabledevelopmentgoal_id::integer
        FROM entities_entity_sdgs s
        WHERE s.entity_id = e.id
        ORDER BY s.sustainabledevelopmentgoal_id
    ) AS sdgs,
    e.score_economic_activity,
    e.score_collective_interest,
    e.score_voluntary_cooperation,
    e.score_mutual_aid,
    e.score_democratic_governance,
    e.score_autonomy,
    e.score_people_over_capital,
    e.features_practised,
    array_remove(ARRAY[
        CASE WHEN e.score_economic_activity < @THRESHOLD@ THEN 'economic_activity' END,
        CASE WHEN e.score_collective_interest < @THRESHOLD@ THEN 'collective_interest' END,
        CASE WHEN e.score_voluntary_cooperation < @THRESHOLD@ THEN 'voluntary_cooperation' END,
        CASE WHEN e.score_mutual_aid < @THRESHOLD@ THEN 'mutual_aid' END,
        CASE WHEN e.score_democratic_governance < @THRESHOLD@ THEN 'democratic_governance' END,
        CASE WHEN e.score_autonomy < @THRESHOLD@ THEN 'autonomy' END,
        CASE WHEN e.score_people_over_capital < @THRESHOLD@ THEN 'people_over_capital' END
    ]::text[], NULL) AS lacking,
    e.band,
    a.assessed_on,
    e.updated_at,
    e.latitude,
    e.longitude,
    NULLIF(e.location_precision, '') AS location_precision
FROM entities_entity e
JOIN entities_country c ON c.code = e.country_id
LEFT JOIN entities_region r ON r.code = e.region_id
LEFT JOIN research_assessment a ON a.id = e.current_assessment_id
WHERE e.status = 'published';

-- PostGraphile: the id identifies a row (a view has no primary key of its
-- own), so that an order ends on it and the connection's cursors are stable.
COMMENT ON VIEW peers.entities IS E'@primaryKey id';
