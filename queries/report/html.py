"""The committee report as HTML: the print view (and the page's preview)."""

from __future__ import annotations

import html

from queries import markup
from queries.report.model import AccountView, Report, doc_title
from queries.texts import t


_CSS = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 11pt; color: #111; max-width: 52em; margin: 1em auto; }
h1 { font-size: 16pt; } h2 { font-size: 13.5pt; margin-top: 1.4em; border-bottom: 1px solid #999; }
h3 { font-size: 12pt; margin-bottom: .2em; } .smiley { font-size: 1.25em; }
.meta { color: #444; } .legend p { margin: .25em 0; } .label { font-weight: normal; color: #333; }
table.fig { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: .4em 0 1em; }
table.fig th, table.fig td { border: 1px solid #bbb; padding: 2px 4px; text-align: left; vertical-align: top; }
.note { font-size: 9pt; color: #444; } ul.text, ol.text { margin: .3em 0; }
.account { border-left: 3px solid #999; padding: 0 .6em; margin: .4em 0 1em; }
.account h4 { font-size: 11pt; margin: .2em 0; } .account .part { font-weight: bold; margin: .4em 0 .1em; }
.synthetic { font-weight: bold; color: #9c2a00; border: 2px solid #9c2a00; padding: .4em .6em; }
@media print { body { max-width: none; margin: 0; } h2 { page-break-after: avoid; }
  .item { page-break-inside: avoid; } }
"""


def _e(s) -> str:
    return html.escape("" if s is None else str(s))


def _account(a: AccountView) -> str:
    """One account behind a state: its parts' Markdown escaped (queries/markup.py), as the page shows it."""
    out = [f"<div class='account'><h4>{_e(a.heading)} <span class='smiley'>{a.emoji}</span> "
           f"<span class='label'>{_e(a.label)}</span></h4>", f"<p class='note'>{_e(a.meta)}</p>"]
    for title, text in a.parts:
        out += [f"<p class='part'>{_e(title)}</p>", markup.to_html(text)]
    if a.next_by:
        out.append(f"<p><b>{_e(a.next_by)}</b></p>")
    return "\n".join(out + ["</div>"])


def to_html(rep: Report, full: bool = True) -> str:
    L = rep.lang
    out = [f"<p class='synthetic'>🧪 {_e(rep.synthetic_note)}</p>"] if rep.synthetic else []
    out += [f"<p class='meta'>{_e(rep.heading)}</p>", f"<p class='meta'>{_e(rep.date_text)}</p>",
            f"<h1>{_e(rep.title)}</h1>", f"<p>{_e(rep.intro)}</p>", "<div class='legend'>",
            f"<p>{_e(rep.legend_intro)}</p>"]
    out += [f"<p><span class='smiley'>{e}</span> <b>{_e(lab)}</b>: {_e(text)}</p>" for _, e, lab, text in rep.legend]
    out += ["</div>", f"<p class='note'>{_e(rep.disclosure_note)}</p>"]
    heads = [t(f"report.col.{c}", L) for c in ("target", "target_value", "actual", "n", "interval", "measured",
                                                 "followup", "state")]
    for s in rep.sections:
        out.append(f"<h2>{_e(s.title)}</h2>")
        for i in s.items:
            out.append(f"<div class='item'><h3>{_e(i.name)} <span class='smiley'>{i.emoji}</span> "
                       f"<span class='label'>{_e(i.label)}</span></h3>")
            out.append(markup.to_html(i.text))  # the text's Markdown as the page shows it, escaped
            if i.figures:
                out.append("<table class='fig'><tr>" + "".join(f"<th>{_e(h)}</th>" for h in heads) + "</tr>")
                for f in i.figures:
                    cells = [f.short_text, f.target, f.actual, f.n, f.interval, f.measured, f.followup,
                             f"{f.emoji} {f.label}"]
                    out.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>")
                out.append("</table>")
            out += [_account(a) for a in i.accounts]
            out.append("</div>")
    out += [f"<h2>{_e(rep.since_title)}</h2>", f"<p>{_e(rep.since_intro)}</p>"]
    if rep.previous_round_id and not rep.changes:
        out.append(f"<p>{_e(t('report.since_none', L))}</p>")
    if rep.changes:
        out.append("<ul>")
        for c in rep.changes:
            arrow = f" {c.before} → {c.after}" if c.change == "state" else ""
            sub = "".join(f"<li>{_e(d)}</li>" for d in c.details)
            out.append(f"<li><b>{_e(c.name)}</b>: {_e(c.change_label)}{arrow}"
                       + (f"<ul>{sub}</ul>" if sub else "") + "</li>")
        out.append("</ul>")
    if rep.account_changes:
        out.append(f"<p>{_e(rep.since_accounts)}</p><ul>")
        out += [f"<li><b>{_e(c.initiative)}</b> – {_e(c.target)}: {_e(c.change_label)}</li>" for c in rep.account_changes]
        out.append("</ul>")
    if rep.previous_round_id and rep.unchanged:
        out.append(f"<p>{_e(t('report.since_unchanged', L, n=rep.unchanged))}</p>")
    body = "\n".join(out)
    if not full:
        return f"<style>{_CSS}</style>\n{body}"
    return (f"<!doctype html><html lang='{L}'><head><meta charset='utf-8'><title>{_e(doc_title(rep))}</title>"
            f"<style>{_CSS}</style></head><body>\n{body}\n</body></html>")
