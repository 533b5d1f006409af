#!/usr/bin/env python3
"""Compare the mojibake step with ftfy's fix_encoding on a generated sample.

    python3 -m venv /tmp/ftfy && /tmp/ftfy/bin/pip install ftfy
    /tmp/ftfy/bin/python crates/normalize/tools/ftfy_compare.py

The sample: correct sentences (Vietnamese, French, German, Portuguese,
Russian, English with curly quotes, emoji), each garbled the usual ways
(UTF-8 read as Windows-1252, as Latin-1, twice), plus the correct sentences
themselves, which must come back unchanged. For each item it records
whether ours and ftfy restore the original, and whether they agree.
"""
import json
import random
import subprocess
import sys

import ftfy

SENTENCES = [
    "Hà Nội là thủ đô của Việt Nam.",
    "Giá vàng hôm nay tăng mạnh, người dân đổ xô đi mua.",
    "Thủy điện Hòa Bình xả lũ qua 3 cửa đáy.",
    "Đường phố ngập sâu sau trận mưa lớn.",
    "Bộ trưởng Bộ Y tế: “Không để thiếu thuốc”.",
    "Le café de la gare a fermé. « Très triste », dit l’élu.",
    "L’été dernier, Noël à Montréal était froid.",
    "Die Straße war nass. Größere Schäden gab es nicht.",
    "São Paulo e Brasília: ação, coração, não.",
    "Москва — столица России.",
    "It’s a “quoted” word — and an ellipsis…",
    "Price: 5 € or £4, 20°C, ½ cup, © 2024 ™",
    "Emoji time 🎉 👍 🇻🇳",
    "Năm 2024, kinh tế Việt Nam tăng trưởng 7,09%.",
    "Ông Nguyễn Văn A cho biết: ‘Chúng tôi sẽ khắc phục’.",
    "naïve façade, Ångström, Ærø, smørrebrød",
    "Ελλάδα και Αθήνα",
    "北京欢迎你",
    "Quỹ đầu tư, quý khách, khuya, thuyền, hoài niệm",
    "Âge d'or: CAFÉ… SÃO PAULO",
]

C1_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def as_1252(data: bytes) -> str:
    """Bytes read as Windows-1252, undefined bytes kept as C1 controls."""
    return "".join(
        chr(b) if b in C1_UNDEFINED else bytes([b]).decode("windows-1252") for b in data
    )


def as_latin1(data: bytes) -> str:
    return data.decode("latin-1")


def sample():
    items = []
    for s in SENTENCES:
        items.append(("clean", s, s))
        items.append(("cp1252", as_1252(s.encode("utf-8")), s))
        items.append(("latin1", as_latin1(s.encode("utf-8")), s))
        items.append(("cp1252x2", as_1252(as_1252(s.encode("utf-8")).encode("utf-8")), s))
        # Mojibake of one word inside a correct sentence.
        words = s.split(" ")
        i = random.Random(s).randrange(len(words))
        words[i] = as_1252(words[i].encode("utf-8"))
        items.append(("cp1252-word", " ".join(words), s))
    return items


def main():
    items = sample()
    binary = [
        "cargo", "run", "--quiet", "-p", "corpus-normalize", "--example", "fix_mojibake",
    ]
    stdin = "".join(json.dumps(garbled) + "\n" for _, garbled, _ in items)
    run = subprocess.run(binary, input=stdin, capture_output=True, text=True, check=True)
    ours = [json.loads(line) for line in run.stdout.splitlines()]
    by_kind = {}
    for (kind, garbled, original), mine in zip(items, ours):
        theirs = ftfy.fix_encoding(garbled)
        row = by_kind.setdefault(kind, {"n": 0, "ours": 0, "ftfy": 0, "agree": 0})
        row["n"] += 1
        row["ours"] += mine == original
        row["ftfy"] += theirs == original
        row["agree"] += mine == theirs
        if "-v" in sys.argv and (mine != original or theirs != original):
            print(f"{kind}: {garbled!r}\n  ours: {mine!r}\n  ftfy: {theirs!r}")
    total = {k: sum(r[k] for r in by_kind.values()) for k in ("n", "ours", "ftfy", "agree")}
    print(f"ftfy {ftfy.__version__}")
    print(f"{'kind':<12} {'items':>5} {'ours ok':>8} {'ftfy ok':>8} {'agree':>6}")
    for kind, r in list(by_kind.items()) + [("total", total)]:
        print(f"{kind:<12} {r['n']:>5} {r['ours']:>8} {r['ftfy']:>8} {r['agree']:>6}")


if __name__ == "__main__":
    main()
