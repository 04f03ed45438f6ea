-- title: Målinger med kilde
-- description: Alle gældende målinger med målets tekst, værdi, dato og den kildetekst tallet stammer fra.
select m.as_of, m.target_id, t.short_text, m.arm, m.value, m.numerator, m.denominator, m.source, m.document_id, m.origin
from v_measurements m
join v_targets t using (target_id)
where not m.superseded
order by m.as_of desc, m.target_id
