#!/usr/bin/env python3
"""Writes real Taiwan law pairs (Chinese and official English) as plain text, for the
accuracy report (docs/accuracy.md, "Taiwan laws").

Source: a git mirror of github.com/kong0107/mojLawSplitJSON, the Laws & Regulations Database
of the Republic of China (Taiwan) (law.moj.gov.tw) split into one JSON file per law:
`FalVMingLing/<pcode>.json` is the Chinese law, `Eng_FalVMingLing/<pcode>.json` its official
English translation. Government open data: the texts of laws and their official translations
are not subject to copyright in Taiwan (Copyright Act, Article 9).

    python3 scripts/taiwan_laws.py MIRROR OUT [--count 40] [--history]

MIRROR is the mirror's git directory (bare or not); OUT receives `en/<pcode>.txt` and
`zh-TW/<pcode>.txt` (built-in layout 1 pairs them: `yizhi check OUT/en OUT/zh-TW`) and
`laws.json`, the list of the laws chosen. The texts stay out of the repository.

Which laws, deterministically:
- the English is as recent as the Chinese (最新英文異動日期 >= 最新異動日期), so both are the
  same version of the law, and both have the same number of articles;
- 10 to 60 articles;
- COUNT of them drawn with random.Random(SEED) from the eligible laws sorted by pcode.

How a law is written, the way a user holds it: the title; the preamble (前言), if any; the
chapter headings (編章節); each article number on its own line ("Article 5-1", "第 5-1 條")
and each of its paragraphs and subparagraphs (the lines of 條文內容) on its own line.
The history (沿革) is left out unless --history is given: the English history is a summary
of the Chinese one (it leaves out the Executive Yuan's orders that set the dates of entry
into force), not a translation of it.
"""

import argparse
import json
import random
import subprocess
import sys
import unicodedata
from pathlib import Path

SEED = "yizhi-taiwan-laws-1"
MIN_ARTICLES, MAX_ARTICLES = 10, 60


class Mirror:
    def __init__(self, path):
        self.path = path
        self.proc = subprocess.Popen(["git", "-C", str(path), "cat-file", "--batch"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def read(self, name):
        self.proc.stdin.write(f"HEAD:{name}\n".encode())
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().split()
        if len(header) < 3 or header[1] == b"missing":
            return None
        data = self.proc.stdout.read(int(header[2]))
        self.proc.stdout.read(1)
        return json.loads(data.decode("utf-8-sig"))

    def english_files(self):
        out = subprocess.run(["git", "-C", str(self.path), "ls-tree", "--name-only", "HEAD",
                              "Eng_FalVMingLing/"], capture_output=True, text=True, check=True)
        return sorted(out.stdout.split())


def width(line):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def unwrap_chinese(text):
    """Chinese preambles are hard-wrapped at a fixed width: a line as wide as the widest
    runs on into the next."""
    lines = [l.strip() for l in text.replace("\r\n", "\n").split("\n")]
    widest = max((width(l) for l in lines), default=0)
    paragraphs, current = [], ""
    for line in lines:
        current += line
        if width(line) < widest - 2:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return [p for p in paragraphs if p]


def wrap_width(lines):
    """The width a text is hard-wrapped at, or None: older Chinese laws are wrapped at a fixed
    width (33 characters), the newer ones hold one paragraph a line."""
    widths = [width(l) for l in lines]
    widest = max(widths, default=0)
    if widest > 80 or sum(1 for w in widths if w >= widest - 1) < 3:
        return None
    return widest


def unwrap(lines, chinese, wrapped_at):
    """Joins the lines of a hard-wrapped text into its paragraphs. Chinese: a line as wide as
    the wrap width (give or take a half-width character or two) runs on, unless it ends a
    sentence. English: a line that ends without punctuation runs on into a line
    that starts in lower case."""
    out = []
    joins = False
    for line in lines:
        if out and joins:
            out[-1] += line
        elif out and not chinese and out[-1][-1:].isalnum() and line[:1].islower():
            out[-1] += " " + line
        else:
            out.append(line)
        joins = chinese and wrapped_at is not None and width(line) >= wrapped_at - 4 \
            and line[-1:] not in "。；："
    return out


def history(text, chinese):
    """One paragraph per numbered entry (1., 2., …); continuation lines are indented."""
    entries = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            continue
        if line[:1].isdigit() or not entries:
            entries.append(line.strip())
        else:
            entries[-1] += ("" if chinese else " ") + line.strip()
    return entries


def lines_of(law, chinese, with_history):
    out = [law["法規名稱"] if chinese else law["英文法規名稱"]]
    if with_history and law.get("沿革內容"):
        out += history(law["沿革內容"], chinese)
    if law.get("前言"):
        out += unwrap_chinese(law["前言"]) if chinese else \
            [l.strip() for l in law["前言"].replace("\r\n", "\n").split("\n") if l.strip()]
    def body(item):
        return [l.strip() for l in item.get("條文內容", "").replace("\r\n", "\n").split("\n")
                if l.strip()]
    wrapped_at = wrap_width([l for item in law.get("法規內容", []) for l in body(item)]) \
        if chinese else None
    for item in law.get("法規內容", []):
        if "編章節" in item:
            out.append(item["編章節"].strip())
        else:
            out.append(item.get("條號", "").strip())
            out += unwrap(body(item), chinese, wrapped_at)
    return [l for l in out if l]


def articles(law):
    return sum(1 for item in law.get("法規內容", []) if "條號" in item)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("mirror", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=40)
    ap.add_argument("--history", action="store_true")
    args = ap.parse_args()
    if not args.mirror.exists():
        sys.exit(f"{args.mirror}: no such mirror")
    mirror = Mirror(args.mirror)
    eligible = []
    for name in mirror.english_files():
        pcode = Path(name).stem
        en = mirror.read(name)
        zh = mirror.read(f"FalVMingLing/{pcode}.json")
        if not en or not zh:
            continue
        if en.get("最新英文異動日期", "") < zh.get("最新異動日期", "~"):
            continue
        n = articles(zh)
        if n != articles(en) or not MIN_ARTICLES <= n <= MAX_ARTICLES:
            continue
        eligible.append((pcode, en, zh))
    chosen = sorted(random.Random(SEED).sample(eligible, min(args.count, len(eligible))),
                    key=lambda t: t[0])
    for side in ("en", "zh-TW"):
        (args.out / side).mkdir(parents=True, exist_ok=True)
    laws = []
    for pcode, en, zh in chosen:
        (args.out / "en" / f"{pcode}.txt").write_text(
            "\n".join(lines_of(en, False, args.history)) + "\n", encoding="utf-8")
        (args.out / "zh-TW" / f"{pcode}.txt").write_text(
            "\n".join(lines_of(zh, True, args.history)) + "\n", encoding="utf-8")
        laws.append({"pcode": pcode, "zh": zh["法規名稱"], "en": en["英文法規名稱"],
                     "articles": articles(zh), "updated": zh.get("最新異動日期", ""),
                     "url": f"https://law.moj.gov.tw/LawClass/LawAll.aspx?pcode={pcode}"})
    (args.out / "laws.json").write_text(json.dumps(
        {"seed": SEED, "eligible": len(eligible), "history": args.history, "laws": laws},
        ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(laws)} of {len(eligible)} eligible laws written to {args.out}")


if __name__ == "__main__":
    main()
