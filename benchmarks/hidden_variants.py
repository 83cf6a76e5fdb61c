"""Variants of the spam corpus's clean pages with hiding tricks the corpus does not use.

    python benchmarks/hidden_variants.py /work/shared/corpus/spam bench-out/hidden-variants \\
        [--limit N] [--seed 0]

Writes ``OUT/pages/<id>.html.gz`` and ``OUT/labels.jsonl`` in the spam corpus's format, so
``bench_spam.py`` and ``bench_hidden.py`` run on it unchanged. The corpus's pages hide spam
eight ways; real hacked pages use many more, and a rule tuned to eight would fail on the
ninth. Each clean host page gets:

* injected variants: a hidden block of spam links, of spam sentences, or of another host's
  article prose (copy with no spam vocabulary at all), hidden by one of ``SPAM_TRICKS``
  (1-pixel boxes, script-inserted styles, clipping, transforms, off-screen margins, ...),
  placed at the top of the body, between article paragraphs, after the article or at the
  end of the body;
* clean look-alikes: the last third of the article collapsed behind a "Continue reading"
  button (``legit_hidden_article``), and the article's paragraphs faded out for a
  scroll-reveal script (``scroll_reveal``: kept by intent, as a reader sees them).

The spam text comes from the corpus's own injected strings; the tricks and placements are
drawn with a fixed seed. Generated pages stay under ``bench-out/`` (never in the repo).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

# name -> (markup around the block: "{id}", "{body}"), with an optional <style>/<script>.
SPAM_TRICKS: dict[str, str] = {
    "one_px_box": '<div id="{id}" style="width:1px;height:1px;overflow:hidden">{body}</div>',
    "one_px_box_class": "<style>.{id}{{width:1px;height:1px;overflow:hidden;position:absolute}}"
    '</style><div class="{id}">{body}</div>',
    "script_style_offscreen": '<div id="{id}">{body}</div><script>(function(){{var s=document.'
    "createElement('style');s.textContent='#{id}{{position:fixed;overflow:hidden;top:-' + "
    "'9999px;left:0}}';document.head.appendChild(s);}})();</script>",
    "script_write_style": "<script>document.write('<style>.{id}{{display:none}}</style>');"
    '</script><section class="{id}">{body}</section>',
    "script_element_style": '<div id="{id}">{body}</div><script>document.getElementById('
    "'{id}').style.cssText='position:absolute;left:-10000px;top:0';</script>",
    "clip_rect_1px": '<div style="position:absolute;clip:rect(1px,1px,1px,1px);width:1px;'
    'height:1px;overflow:hidden">{body}</div>',
    "clip_path": '<div style="clip-path:inset(50%);position:absolute">{body}</div>',
    "scale_zero": '<div style="transform:scale(0);position:absolute">{body}</div>',
    "translate_offscreen": '<div style="transform:translateX(-10000px)">{body}</div>',
    "margin_offscreen": '<div style="margin-left:-12000px">{body}</div>',
    "relative_offscreen": '<div style="position:relative;top:-20000px;height:0">{body}</div>',
    "opacity_zero": '<div style="opacity:0">{body}</div>',
    "max_height_zero": '<div style="max-height:0;overflow:hidden">{body}</div>',
}
COLLAPSE_TRICKS = {
    "display_none_class": '<style>.{id}-more{{display:none}}</style><button class="{id}-btn">'
    'Continue reading</button><div class="{id}-more">{body}</div>',
    "hidden_attribute": '<button aria-expanded="false">Read more</button><div hidden>{body}</div>',
    "max_height_zero": '<a href="#" class="expand">Show the full story</a>'
    '<div style="max-height:0;overflow:hidden;transition:max-height .4s">{body}</div>',
}
REVEAL_STYLE = "opacity:0;transform:translateY(40px);transition:opacity .6s,transform .6s"
PLACEMENTS = ("body_top", "between_paragraphs", "after_article", "body_bottom")
LINK_FAMILIES = {"hidden_link_block", "link_farm_footer", "marquee_links", "noscript_links"}
PROSE_FAMILIES = {"japanese_keyword_hack", "keyword_stuffing", "comment_spam"}


def article_paragraphs(parser: LexborHTMLParser, body: str) -> list[LexborNode]:
    lines = {" ".join(line.split()) for line in body.split("\n") if len(line.strip()) >= 40}
    return [p for p in parser.css("p") if " ".join(p.text(deep=True).split()) in lines]


def fragment(markup: str) -> list[LexborNode]:
    parsed = LexborHTMLParser(f"<html><head></head><body>{markup}</body></html>")
    nodes = []
    head = parsed.head
    if head is not None:
        nodes.extend(head.iter())
    if parsed.body is not None:
        nodes.extend(parsed.body.iter())
    return nodes


def insert(parser: LexborHTMLParser, paragraphs: list[LexborNode], markup: str, where: str) -> bool:
    nodes = fragment(markup)
    body = parser.body
    if body is None:
        return False
    if where == "body_top":
        first = body.child
        while first is not None and first.tag == "-text":
            first = first.next
        if first is None:
            return False
        for node in nodes:
            first.insert_before(node)
        return True
    if where == "body_bottom":
        for node in nodes:
            body.insert_child(node)
        return True
    if not paragraphs:
        return False
    anchor = paragraphs[min(1, len(paragraphs) - 1)] if where == "between_paragraphs" else None
    anchor = anchor or paragraphs[-1]
    for node in reversed(nodes):
        anchor.insert_after(node)
    return True


def link_block(rng: random.Random, strings: list[str], hrefs: list[str]) -> tuple[str, list[str]]:
    chosen = rng.sample(strings, min(len(strings), rng.randint(6, 14)))
    links = [
        f'<a href="{hrefs[k % len(hrefs)] if hrefs else "https://spam.example/"}">{s}</a>'
        for k, s in enumerate(chosen)
    ]
    return " | ".join(links), chosen


def prose_block(rng: random.Random, sentences: list[str]) -> tuple[str, list[str]]:
    chosen = rng.sample(sentences, min(len(sentences), rng.randint(2, 5)))
    return "".join(f"<p>{s}</p>" for s in chosen), chosen


def foreign_prose(rng: random.Random, other_body: str) -> tuple[str, list[str]]:
    lines = [line.strip() for line in other_body.split("\n") if len(line.strip()) >= 60]
    start = rng.randrange(max(1, len(lines) - 4))
    chosen = lines[start : start + rng.randint(2, 6)]
    return "".join(f"<p>{s}</p>" for s in chosen), chosen


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="only the first N clean pages")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    with (args.corpus / "labels.jsonl").open(encoding="utf-8") as lines:
        labels = [json.loads(line) for line in lines if line.strip()]
    pairs = [
        (s, f)
        for lb in labels
        for s, f in zip(lb["injected_strings"], lb["injected_string_families"], strict=True)
    ]
    link_strings = sorted({s for s, f in pairs if f in LINK_FAMILIES})
    prose_strings = sorted({s for s, f in pairs if f in PROSE_FAMILIES and len(s) >= 20})
    hrefs = sorted({h for lb in labels for h in lb["injected_hrefs"] if h.startswith("http")})
    clean = [lb for lb in labels if not lb["is_injected"] and lb["article_paragraphs_found"] >= 3]
    seen_hosts: set[str] = set()
    clean = [
        lb for lb in clean if not (lb["host_id"] in seen_hosts or seen_hosts.add(lb["host_id"]))
    ]
    clean = clean[: args.limit] if args.limit else clean
    (args.out / "pages").mkdir(parents=True, exist_ok=True)
    tricks = list(SPAM_TRICKS)
    out_labels: list[dict[str, Any]] = []
    counter = 0
    for n, label in enumerate(clean):
        with gzip.open(args.corpus / "pages" / f"{label['id']}.html.gz", "rb") as f:
            raw = f.read().decode("utf-8", "replace")
        other = clean[(n + 7) % len(clean)]
        variants: list[tuple[str, str, list[str], str, bool, str]] = []
        for kind in ("links", "prose", "foreign"):
            trick = tricks[counter % len(tricks)]
            counter += 1
            if kind == "links":
                body, strings = link_block(rng, link_strings, hrefs)
                family = "hidden_link_block"
            elif kind == "prose":
                body, strings = prose_block(rng, prose_strings)
                family = "hidden_prose"
            else:
                body, strings = foreign_prose(rng, other["article_body"])
                family = "hidden_foreign_prose"
            variants.append((kind, SPAM_TRICKS[trick].format(id=f"h{counter}x", body=body),
                             strings, trick, True, family))  # fmt: skip
        for collapse, template in COLLAPSE_TRICKS.items():
            if rng.random() < 0.34:
                variants.append(("collapse", template, [], collapse, False, ""))
        variants.append(("reveal", "", [], "scroll_reveal", False, ""))
        variants.append(("original", "", [], "original", False, ""))
        for k, (kind, markup, strings, trick, injected, family) in enumerate(variants):
            page = LexborHTMLParser(raw)
            paragraphs = article_paragraphs(page, label["article_body"])
            placement = PLACEMENTS[(n + k) % len(PLACEMENTS)]
            if kind == "collapse":
                placement = "article_tail"
                tail = paragraphs[len(paragraphs) * 2 // 3 :]
                if len(tail) < 1 or len(paragraphs) < 3:
                    continue
                inner = "".join(p.html or "" for p in tail)
                for p in tail[1:]:
                    p.decompose()
                holder = fragment(markup.format(id=f"c{n}", body=inner))
                for node in reversed(holder):
                    tail[0].insert_after(node)
                tail[0].decompose()
            elif kind == "reveal":
                placement = "article"
                for p in paragraphs:
                    p.attrs["style"] = REVEAL_STYLE
                    p.attrs["data-aos"] = "fade-up"
            elif kind == "original":
                placement = ""
            elif not insert(page, paragraphs, markup, placement):
                continue
            page_id = f"{label['host_id'][:10]}-v{k}"
            with gzip.open(args.out / "pages" / f"{page_id}.html.gz", "wb") as f:
                f.write((page.html or "").encode("utf-8"))
            out_labels.append({
                **label, "id": page_id, "is_injected": injected,
                "families": [family] if family else [], "hiding": [trick] if injected else [],
                "placements": [placement] if injected else [], "injected_strings": strings,
                "injected_string_families": [family] * len(strings), "injected_hrefs": [],
                "legit_hidden_article": kind in ("collapse", "reveal")
                or (kind == "original" and label["legit_hidden_article"]),
                "variant": trick,
            })  # fmt: skip
    with (args.out / "labels.jsonl").open("w", encoding="utf-8") as out:
        for record in out_labels:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(out_labels)} pages from {len(clean)} hosts in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
