-- name: v_cost_per_outcome
-- title: Udgift pr. borger med et godt resultat (cost per citizen with a successful outcome)
-- unit: 1.000 kr. per person (cost_per_success); persons (successes)
-- better: lower
-- params: none (a view)
-- Definition: for targets that count people (unit persons, or shares and retention with a
-- numerator): the initiative's budget and investment up to the year of the latest measurement,
-- divided by the citizens with a successful outcome. With an effect arm (treatment − control) the
-- successes are the effect (effect_based); otherwise all, then treatment — not an effect estimate.
-- Raw counts: the Økonomi page hides counts under the disclosure threshold (queries/economy.py).
create or replace view v_cost_per_outcome as
with latest as (
    select target_id, arm, as_of, value, numerator
    from v_measurements
    where not superseded and value is not null
    qualify row_number() over (partition by target_id, arm order by as_of desc, entered_at desc) = 1
),

people as (
    select
        t.target_id,
        t.initiative_id,
        coalesce(t.short_text, t.text)               as short_text,
        t.kind,
        coalesce(e.as_of, a.as_of, tr.as_of)         as as_of,
        case when e.value is not null and t.unit = 'persons' then e.value
             when a.numerator is not null then a.numerator
             when tr.numerator is not null then tr.numerator
             when t.unit = 'persons' then coalesce(a.value, tr.value) end as successes,
        (e.value is not null or c.value is not null) as effect_based
    from v_targets t
    left join latest a on a.target_id = t.target_id and a.arm = 'all'
    left join latest tr on tr.target_id = t.target_id and tr.arm = 'treatment'
    left join latest c on c.target_id = t.target_id and c.arm = 'control'
    left join latest e on e.target_id = t.target_id and e.arm = 'effect'
    where t.unit = 'persons' or t.kind in ('share', 'retention')
),

spent as (
    select p.target_id, sum(b.amount_tdkk)::double as spent
    from people p
    join v_budget b on b.initiative_id = p.initiative_id and b.kind in ('budget', 'investment')
        and b.year <= year(p.as_of)
    group by p.target_id
),

final as (
    select
        p.target_id,
        p.short_text,
        p.as_of,
        p.successes,
        s.spent,
        s.spent / nullif(p.successes, 0) as cost_per_success,
        p.effect_based
    from people p
    join spent s using (target_id)
    where p.successes is not null and p.successes > 0
)

select * from final;
comment on view v_cost_per_outcome is 'Budget spent per citizen with a successful outcome (raw counts; effect_based when an effect arm exists).';
