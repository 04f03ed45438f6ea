-- name: demo_06_background_spells
-- title: Demo data, step 6: background status spells — 10–30 consecutive spells from 2012 until the first enrolment (or today)
-- params: $seed   the seed of every draw
--         $n      number of citizens
--         $today  the end of a citizen's background when never enrolled
-- makes: the temp table _spells (the spells before they are stored in microdata.SPELLS_ORDER) with
--        every citizen's background spells; a never-enrolled citizen's last spell is open in half
--        the cases
create or replace temp table _spells (citizen_id varchar, state varchar, from_date date, to_date date,
                                      citizen_key uinteger);

insert into _spells
with people as (
    select i, 'P' || lpad(i::varchar, 8, '0') as citizen_id, i::uinteger as citizen_key,
           coalesce(e.first_start, $today::date) as bg_end, e.first_start is not null as enrolled,
           (10 + u($seed, i, 'k') * 21)::int as k_n
    from range(1, $n + 1) t(i)
    left join (select i, min(start_date) as first_start from _enr group by i) e using (i)
),
slots as (
    select *, (bg_end - date '2012-01-01') / k_n::double as slot, unnest(range(k_n)) as k from people
)
select s.citizen_id, b.state,
    date '2012-01-01' + (k * slot)::int + (u2($seed, i, k, 'jit') * least(10, slot / 4))::int as from_date,
    case when k = k_n - 1 and not enrolled and u($seed, i, 'open') < 0.5 then null
         else date '2012-01-01' + ((k + 1) * slot)::int - 1
              - case when u2($seed, i, k, 'gap') < 0.6 then 0 else (u2($seed, i, k, 'g2') * least(20, slot / 4))::int end
    end as to_date,
    s.citizen_key
from slots s join _bgstates b on u2($seed, i, k, 'st') >= b.lo and u2($seed, i, k, 'st') < b.hi;
