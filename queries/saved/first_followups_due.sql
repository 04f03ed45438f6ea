-- title: Første opfølgninger
-- description: Mål med en fastsat første opfølgningsdato, tidligste først, og om der findes en måling på eller efter datoen.
select t.first_followup, t.target_id, t.initiative, t.short_text, t.kind,
       exists (select 1 from v_measurements m
               where m.target_id = t.target_id and not m.superseded and m.as_of >= t.first_followup) as measured_since
from v_targets t
where t.first_followup is not null
order by t.first_followup, t.target_id
