-- title: Mål pr. indsats
-- description: Antal gældende mål pr. indsats og måltype, med tema og indberettet smiley.
select i.name as initiative, i.theme, i.reported_smiley, t.kind, count(*) as targets
from v_targets t
join v_initiatives i using (initiative_id)
group by all
order by i.theme, i.name, t.kind
