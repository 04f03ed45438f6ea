-- name: demo_01_macros
-- title: Demo data, step 1: the uniform random numbers every later step draws from
-- params: none
-- makes: the temp macros u(seed, i, salt) and u2(seed, i, k, salt): a number in [0, 1) from a hash
--        of the seed, the generator's row i (and a second index k) and a salt naming the purpose —
--        no random state, so the same seed gives the same data on any machine with the same DuckDB
create or replace temp macro u(s, i, salt) as ((hash(s, i, salt) % 1000003) / 1000003.0);

create or replace temp macro u2(s, i, k, salt) as ((hash(s, i, k, salt) % 1000003) / 1000003.0);
