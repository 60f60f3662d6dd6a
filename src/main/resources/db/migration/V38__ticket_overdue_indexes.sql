-- Issue 17: the overdue ticket list at a county's size (docs/BENCHMARKS.md "Scope filters at a county's size").
-- Its condition (TicketViews.overdueCondition) is three arms under OR: a current deadline passed, a verification
-- deadline passed, a pending extension request past its decision deadline (an id list from
-- ticket_extension_one_pending). With an index for each arm PostgreSQL answers it with a BitmapOr over the few
-- overdue rows instead of filtering every ticket; the existing deadline indexes lead with a region, owner or unit.
create index ticket_due_idx on ticket (due_at) where due_at is not null;
create index ticket_verify_overdue_idx on ticket (verify_due_at) where verify_due_at is not null and verified is null;
