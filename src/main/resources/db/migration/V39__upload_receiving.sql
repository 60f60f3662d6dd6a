-- Photo-first uploads, part three: the upload request writes the original to the object store itself again
-- (an S3 PUT of a photo is the work the combined limit counts anyway), and stages the bytes in PostgreSQL only
-- when the store does not take them in time. The row is created RECEIVING before that PUT (the per-account cap is
-- checked under its lock first) and becomes PENDING, claimable, once the original is in the store or staged. A row
-- left RECEIVING by an instance that died in between was never answered: no worker claims it, no report may name
-- it, and the expiry sweep deletes it with whatever object its PUT left.
-- Owned by media (docs/ARCHITECTURE.md §3).
alter table photo_upload drop constraint photo_upload_state_check;
alter table photo_upload add constraint photo_upload_state_check
    check (state in ('RECEIVING', 'PENDING', 'PROCESSING', 'READY', 'FAILED'));
