-- name: demo_04_citizens
-- title: Demo data, step 4: the population (citizen i = 1 … $n)
-- params: $seed  the seed of every draw
--         $n     number of citizens
-- makes: rows of citizens (id P00000001 …, birth year 1950–2005, sex, district) and citizen_keys
--        (the integer join key of schema 008: the generator's i)
insert into citizens
select 'P' || lpad(i::varchar, 8, '0'), (1950 + u($seed, i, 'by') * 56)::smallint,
       case when u($seed, i, 'sex') < 0.5 then 'k' else 'm' end,
       (select district from _districts where k = (u($seed, i, 'dist') * 10)::int % 10)
from range(1, $n + 1) t(i);

insert into citizen_keys
select 'P' || lpad(i::varchar, 8, '0'), i::uinteger
from range(1, $n + 1) t(i);
