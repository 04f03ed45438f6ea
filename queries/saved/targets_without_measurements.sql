-- title: Mål uden målinger
-- description: Gældende mål, som endnu ikke har nogen (ikke-erstattet) måling — hvor mangler vi data?
select t.target_id, t.initiative, t.kind, t.short_text, t.first_followup, t.document_file
from v_targets t
where not exists (
    select 1 from v_measurements m where m.target_id = t.target_id and not m.superseded
)
order by t.document_file, t.sort_order
