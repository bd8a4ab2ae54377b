"""The alignment as a side-by-side table for the terminal (CJK characters are two columns wide)."""
from __future__ import annotations

import unicodedata


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _fit(s: str, n: int) -> str:
    out, w = "", 0
    for c in s or "":
        cw = _width(c)
        if w + cw > n - (1 if _width(s) > n else 0):
            out += "…"
            w += 1
            break
        out += c
        w += cw
    return out + " " * max(0, n - w)


def render_table(al: dict, width: int = 120) -> str:
    lw = max(24, (width - 24) // 2)
    uw = max(24, width - lw - 20)
    up, lo = al["upper"], al["lower"]
    lines = [f"lower: {lo.get('title') or lo.get('path')} ({lo.get('doc_number') or '-'}), {lo['tasks']} tasks",
             f"upper: {up.get('title') or up.get('path')} ({up.get('doc_number') or '-'}), {up['tasks']} tasks", "",
             _fit("LOWER TASK", lw) + "  " + _fit("UPPER TASK(S) IT CARRIES OUT", uw) + "  SCORE  EVIDENCE",
             "-" * min(width, lw + uw + 24)]
    for link in al["links"]:
        lt = f"{link['lower'].get('number') or ''} {link['lower'].get('title') or ''}".strip()
        if not link["upper"]:
            lines.append(_fit(lt, lw) + "  " + _fit("(local addition: no upper task)", uw) + "      -")
            continue
        for i, u in enumerate(link["upper"]):
            terms = next((e["values"] for e in u["evidence"] if e["kind"] == "terms"), [])
            kinds = [e["kind"] for e in u["evidence"] if e["kind"] not in ("terms", "sector", "clause")]
            ev = "、".join(terms[:4]) + (f" [{', '.join(kinds)}]" if kinds else "")
            ut = ("+ " if i else "") + f"{u.get('number') or ''} {u.get('title') or ''}".strip()
            lines.append(_fit(lt if i == 0 else "", lw) + "  " + _fit(ut, uw) + f"  {u['score']:.2f}   {ev}")
    s = al["summary"]
    lines += ["", f"{s['links']} link(s); {s['linked_lower']}/{s['lower_tasks']} lower tasks linked, "
                  f"{s['local_additions']} local addition(s); {s['covered_upper']}/{s['upper_tasks']} upper tasks "
                  f"covered ({s['coverage']:.0%})" + ("; the lower plan cites the upper one" if s["lower_cites_upper"] else "")]
    if al["uncovered_upper"]:
        lines.append("upper tasks no lower task carries out:")
        for u in al["uncovered_upper"]:
            near = u.get("nearest_lower")
            lines.append(f"  {u.get('number') or ''} {u.get('title') or ''}"
                         + (f"   (nearest: {near['number']} {near['title']}, {near['score']:.2f})" if near else ""))
    return "\n".join(line.rstrip() for line in lines) + "\n"
