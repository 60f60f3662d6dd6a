-- Grid polygons, routing rules, the routing-data change counter, and the ticket table's first
-- columns (what the duplicate finder needs; the workflow issue adds the rest).

-- Grid polygons as WKB (WGS-84, lng/lat order). Only grids have one; retired grids keep theirs.
alter table region add column geometry bytea;
alter table region add column area_m2 double precision;
alter table region add column updated_at timestamptz;
alter table region add constraint region_geometry_only_on_grids check (geometry is null or level = 'GRID');
alter table region add constraint region_area_positive check (area_m2 is null or area_m2 > 0);

-- Routing rules (自动派单): (category or any, region at any level) -> lead unit or the grid's
-- own village/community unit (属地), plus assisting units.
create table routing_rule (
    id            bigserial primary key,
    category_id   bigint references hazard_category (id),          -- null: any category
    region_id     bigint       not null references region (id),
    target        varchar(16)  not null check (target in ('UNIT', 'TERRITORIAL')),
    lead_unit_id  bigint references unit (id),
    active        boolean      not null default true,
    note          varchar(200),
    created_at    timestamptz  not null,
    updated_at    timestamptz  not null,
    version       bigint       not null default 0,
    constraint routing_rule_target_unit check ((target = 'UNIT') = (lead_unit_id is not null))
);
-- Two active rules with the same category and region would tie at routing time: forbidden here.
create unique index routing_rule_no_tie on routing_rule (coalesce(category_id, 0), region_id) where active;

create table routing_rule_assist (
    rule_id bigint not null references routing_rule (id) on delete cascade,
    unit_id bigint not null references unit (id),
    primary key (rule_id, unit_id)
);

-- Bumped in the same transaction as any change to grids, regions, units, categories or rules;
-- every instance polls it and reloads its routing snapshot when it moves.
create table routing_data_version (
    id         integer     primary key check (id = 1),
    version    bigint      not null,
    changed_at timestamptz not null
);
insert into routing_data_version (id, version, changed_at) values (1, 0, now());

-- Tickets (工单). Location is WGS-84; point(lng, lat) feeds the GiST index of the duplicate finder.
create table ticket (
    id           bigserial primary key,
    category_id  bigint       not null references hazard_category (id),
    severity     varchar(16)  not null check (severity in ('GENERAL', 'MAJOR')),
    state        varchar(24)  not null check (state in ('PENDING_REVIEW', 'DISPATCHED', 'IN_PROGRESS', 'RECTIFIED',
                                                        'CLOSED', 'RETURNED', 'REJECTED', 'CANCELLED')),
    grid_id      bigint references region (id),
    lead_unit_id bigint references unit (id),
    lat          double precision not null check (lat between -90 and 90),
    lng          double precision not null check (lng between -180 and 180),
    location     point        not null,
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null,
    version      bigint       not null default 0
);
-- Only open tickets can be duplicates; the partial GiST index keeps the search to them.
create index ticket_open_location_idx on ticket using gist (location)
    where state in ('PENDING_REVIEW', 'DISPATCHED', 'IN_PROGRESS', 'RECTIFIED', 'RETURNED');
create index ticket_state_idx on ticket (state);
