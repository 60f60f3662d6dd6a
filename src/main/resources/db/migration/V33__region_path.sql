-- Scope filters that do not grow with the regions (issue 17). Every region carries its path: the ids
-- from its district down to itself ({district, township, zone, grid} for a grid). "At or below one of
-- the caller's regions" is then `path && <the caller's regions>` — one array parameter and a GIN index
-- — instead of an IN list of every region below them (one bind parameter each, at most 65 535 per
-- statement). The database keeps the path: on insert from the parent's, and when a region moves
-- (parent_id changes) its whole subtree follows, whoever writes the row (the services, the grid
-- import's JDBC batch, SQL by hand).
alter table region add column path bigint[];

with recursive tree(id, path) as (
    select id, array[id] from region where parent_id is null
    union all
    select r.id, t.path || r.id from region r join tree t on r.parent_id = t.id
)
update region set path = tree.path from tree where tree.id = region.id;

alter table region
    alter column path set not null,
    -- the path ends at the region itself, and its length is the level's depth below the district
    add constraint region_path_ends_at_self check (path[cardinality(path)] = id),
    add constraint region_path_depth check (cardinality(path) = case level when 'DISTRICT' then 1
        when 'TOWNSHIP' then 2 when 'ZONE' then 3 else 4 end);

create index region_path_idx on region using gin (path);

-- before insert, and before a move: the parent's path and the region's own id
create function region_set_path() returns trigger language plpgsql as $$
begin
    new.path := coalesce((select p.path from region p where p.id = new.parent_id), '{}'::bigint[]) || new.id;
    return new;
end $$;

create trigger region_path_on_write before insert or update of parent_id on region
    for each row execute function region_set_path();

-- after a move: every region below takes the new path above the moved one (a grid has none below)
create function region_move_subtree() returns trigger language plpgsql as $$
begin
    update region set path = new.path || path[cardinality(old.path) + 1:]
    where path @> array[new.id] and id <> new.id;
    return null;
end $$;

create trigger region_path_on_move after update of parent_id on region
    for each row when (old.parent_id is distinct from new.parent_id and new.level <> 'GRID')
    execute function region_move_subtree();
