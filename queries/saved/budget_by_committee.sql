-- title: Budget pr. udvalg og år
-- description: Sum af budgetlinjer i t.kr. pr. udvalg, år og type (budget, investering, forventet besparelse), med udvalgets navn.
select b.committee, c.name as committee_name, b.year, b.kind, sum(b.amount_tdkk) as amount_tdkk, count(*) as lines
from v_budget b
left join committees c on c.committee_id = b.committee
group by all
order by b.committee, b.year, b.kind
