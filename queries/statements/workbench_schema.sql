-- name: workbench_schema
-- title: Skemaoversigt: hver tabel og visning i lageret med kolonner og beskrivelser (the SQL page's schema browser)
-- params: none
-- returns: one row per column of every table and view of the store (not temporary, not DuckDB's
--          internal views): object_name, object_type ('table' | 'view'), object_comment,
--          column_name, data_type, column_comment (the COMMENT ON texts), column_index; tables
--          first, then views, each by name and column order. On the published copy it lists what
--          the copy holds (queries/published.py).
with objects as (
    select table_name as object_name, 'table' as object_type, comment as object_comment
    from duckdb_tables() where schema_name = 'main' and not temporary
    union all
    select view_name, 'view', comment
    from duckdb_views() where schema_name = 'main' and not internal and not temporary
),
final as (
    select o.object_name, o.object_type, o.object_comment, c.column_name, c.data_type,
           c.comment as column_comment, c.column_index
    from objects o
    join duckdb_columns() c on c.table_name = o.object_name and c.schema_name = 'main'
)
select * from final
order by object_type desc, object_name, column_index
