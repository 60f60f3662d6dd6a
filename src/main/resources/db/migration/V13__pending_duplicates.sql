-- One hazard, one ticket (issue 11): reports waiting in the review queue are checked against each
-- other as well as against open tickets. A link is stored in both directions (one row per side),
-- so each report finds its suspected duplicates with one index lookup.
create table report_duplicate_report (
    report_id       bigint      not null references report (id),
    other_report_id bigint      not null references report (id),
    kind            varchar(16) not null check (kind in ('SAME_PHOTO', 'SIMILAR_PHOTO', 'NEARBY')),
    distance_m      double precision check (distance_m >= 0),
    primary key (report_id, other_report_id),
    check (report_id <> other_report_id),
    check ((kind = 'NEARBY') = (distance_m is not null))
);

-- Pending reports near a point: the GiST index keeps the search to the queue.
create index report_pending_location_idx on report using gist (location) where status = 'PENDING_REVIEW';
