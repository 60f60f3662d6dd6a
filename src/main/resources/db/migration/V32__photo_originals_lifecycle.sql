-- Data lifecycle (docs/OPERATIONS.md §13): a photo's original is the file as the phone sent it, with its EXIF,
-- which holds where the resident stood. Once the photo's case has ended (its ticket closed or cancelled, or its
-- report not taken on) for suishoupai.retention.photo-originals, the original object is deleted and the row points at
-- its display copy (upright, at most 2048 px, no metadata). The row keeps the facts read from the EXIF at intake
-- (flags, taken_at); the EXIF position is cleared with the original.
alter table photo add column settled_at timestamptz;            -- when the photo's case ended
alter table photo add column original_removed_at timestamptz;   -- when the original was replaced by the display copy
create index photo_originals_due_idx on photo (settled_at)
    where settled_at is not null and original_removed_at is null;

-- Cases that ended before this migration: the ticket's or report's last change stands for when. Set-based, one
-- join each (the photos of a closed or cancelled ticket, of the reports attached to it, of a rejected report).
update photo p set settled_at = t.updated_at
  from ticket t
 where p.ticket_id = t.id and t.state in ('CLOSED', 'CANCELLED');
update photo p set settled_at = t.updated_at
  from report r join ticket t on t.id = r.ticket_id
 where p.report_id = r.id and p.settled_at is null and t.state in ('CLOSED', 'CANCELLED');
update photo p set settled_at = r.updated_at
  from report r
 where p.report_id = r.id and p.settled_at is null and r.status = 'REJECTED';
