-- Schema version 2: a register of imported files, so a re-import is recognised by its content hash.

create table imports (
    batch_id      varchar primary key,
    kind          varchar not null,
    file_name     varchar not null,
    content_hash  varchar not null,
    rows_added    integer not null default 0,
    rows_superseded integer not null default 0,
    imported_by   varchar not null,
    imported_at   timestamp not null
);
comment on table imports is 'Imported files: one row per file committed. A file whose content_hash is already here is not imported again.';
comment on column imports.batch_id is 'Batch id, referenced by measurements.batch_id.';
comment on column imports.kind is 'measurements or microdata.';
comment on column imports.file_name is 'File name as given.';
comment on column imports.content_hash is 'SHA-256 of the file content.';
comment on column imports.rows_added is 'Rows added.';
comment on column imports.rows_superseded is 'Existing rows superseded by a changed value.';
comment on column imports.imported_by is 'Who imported it.';
comment on column imports.imported_at is 'When.';
