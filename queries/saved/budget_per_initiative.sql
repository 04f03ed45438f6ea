-- title: Budget pr. indsats
-- description: Samlet budget (t.kr.) pr. indsats på tværs af år, fordelt på type, med antal mål.
select i.name as initiative, b.kind, sum(b.amount_tdkk) as amount_tdkk, min(b.year) as first_year, max(b.year) as last_year,
       (select count(*) from v_targets t where t.initiative_id = b.initiative_id) as targets
from v_budget b
join v_initiatives i using (initiative_id)
group by all
order by amount_tdkk desc
