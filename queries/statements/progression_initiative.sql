-- name: progression_initiative
-- title: Progression for én indsats (one initiative's progression, for its page)
-- params: $id  the initiative
-- returns: v_progression's rows of the initiative — one per sub-goal (or dimension without one), arm
--          and quarter since start — with the sub-goal's short text (null when the dimension has no
--          target), in the sub-goals' order
select p.target_id, coalesce(t.short_text, t.text) as sub_goal, p.dimension, p.arm, p.quarter,
       p.n, p.mean_score, p.n_score_4_5
from v_progression p
left join v_targets t using (target_id)
where p.initiative_id = $id
order by coalesce(t.sort_order, 1e9), p.dimension, p.quarter, p.arm
