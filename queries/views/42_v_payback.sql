-- name: v_payback
-- title: Tilbagebetalingstid: mål og seneste indberettede værdi (payback period: target and latest reported)
-- unit: years
-- better: lower
-- params: none (a view)
-- Definition: the targets in years whose id names a payback ('tilbagebetaling'), with the latest
-- measurement that is not superseded (null until one is reported).
create or replace view v_payback as
with latest as (
    select target_id, value as actual
    from v_measurements
    where not superseded
    qualify row_number() over (partition by target_id order by as_of desc) = 1
),

final as (
    select
        t.target_id,
        coalesce(t.short_text, t.text) as short_text,
        t.text,
        t.target_value,
        t.unit,
        t.document,
        l.actual,
        t.sort_order
    from v_targets t
    left join latest l using (target_id)
    where t.unit = 'years' and t.target_id like '%tilbagebetaling%'
)

select * from final;
comment on view v_payback is 'Payback targets (years) with the latest reported value.';
