-- name: v_savings
-- title: Forventet besparelse, investering og opnået pr. dokument og år (expected saving, investment, achieved)
-- unit: 1.000 kr.; a saving is negative, as the business case writes it
-- better: lower (net: a more negative net is a larger saving)
-- params: none (a view)
-- Definition: per document and year, the sums of kinds expected_saving, investment and actual
-- (achieved: null until reported); net = expected saving + investment; cumulative = running net
-- per document. The Økonomi page shows savings as positive amounts (queries/economy.py savings_shown).
create or replace view v_savings as
with per_year as (
    select
        document_id,
        year,
        min(period_label)                                                   as period,
        sum(case when kind = 'expected_saving' then amount_tdkk end)::double as expected_saving,
        sum(case when kind = 'investment' then amount_tdkk end)::double      as investment,
        sum(case when kind = 'actual' then amount_tdkk end)::double          as achieved
    from v_budget
    where kind in ('expected_saving', 'investment', 'actual')
    group by document_id, year
),

final as (
    select
        document_id,
        year,
        period,
        coalesce(expected_saving, 0)                             as expected_saving,
        coalesce(investment, 0)                                  as investment,
        achieved,
        coalesce(expected_saving, 0) + coalesce(investment, 0)   as net,
        sum(coalesce(expected_saving, 0) + coalesce(investment, 0))
            over (partition by document_id order by year)        as cumulative
    from per_year
)

select * from final;
comment on view v_savings is 'Per business-case document and year: expected saving (negative), investment, achieved, net and cumulative net, in 1.000 kr.';
