-- Photo-first uploads, part two: the upload request no longer writes the original to the object store.
-- It stages the bytes here, in the transaction that creates the upload row, and answers; the worker that
-- processes the upload reads them back, writes the original to the store with its display copy and
-- thumbnail, and deletes the staged bytes in the transaction that records the outcome. The bytes are in
-- PostgreSQL for seconds, and they are durable and visible to every instance: an instance killed after
-- answering 202 loses nothing, another instance's worker picks the upload up after its lease.
-- Owned by media (docs/ARCHITECTURE.md §3).
create table photo_upload_original (
    upload_id bigint primary key references photo_upload (id) on delete cascade,
    bytes     bytea  not null check (octet_length(bytes) > 0)
);
-- photos are compressed already: store them out of line without trying to compress them again
alter table photo_upload_original alter column bytes set storage external;
