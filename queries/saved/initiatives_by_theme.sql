-- title: Indsatser pr. tema og dokument
-- description: Antal indsatser pr. tema og kildedokument, og hvor mange der er i gang.
select theme, document, count(*) as initiatives,
       count(*) filter (where implementation_state is not null) as with_state
from v_initiatives
group by all
order by theme, document
