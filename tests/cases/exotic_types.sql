-- One column of each awkward type: nested, interval, uuid, blob, hugeint, decimal, date, timestamptz,
-- a duplicated name, map, fixed array, null. The result must reach the page and every download.
select [1, 2] as l, {'a': 1} as s, interval 1 day as i, uuid() as u, '\x00'::blob as bl,
       1::hugeint as h, 1.5::decimal(10, 2) as d, current_date as dt, now() as ts, 'x' as a, 2 as a,
       map {'k': 1} as m, [1, 2]::int[2] as arr, null as n
