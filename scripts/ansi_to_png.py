#!/usr/bin/env python3
"""Render a terminal capture with ANSI colours (tmux capture-pane -e -p) to PNG.

Usage: ansi_to_png.py CAPTURE.ansi OUT.png [COLUMNS ROWS]

Handles what folio draws: SGR reset, bold, reverse, the 16 basic colours, 256
colours and true colour, for foreground and background. Uses DejaVu Sans Mono.
"""
import re
import sys
import unicodedata

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
SIZE = 15
CELL_W, CELL_H = 9, 19
DEFAULT_FG, DEFAULT_BG = (220, 220, 220), (24, 24, 28)
BASIC = [
    (0, 0, 0), (205, 49, 49), (13, 188, 121), (229, 229, 16),
    (36, 114, 200), (188, 63, 188), (17, 168, 205), (229, 229, 229),
    (102, 102, 102), (241, 76, 76), (35, 209, 139), (245, 245, 67),
    (59, 142, 234), (214, 112, 214), (41, 184, 219), (255, 255, 255),
]


def color256(n):
    if n < 16:
        return BASIC[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    level = 8 + (n - 232) * 10
    return (level, level, level)


def apply_sgr(params, state):
    codes = [int(p) if p else 0 for p in params.split(";")] if params else [0]
    i = 0
    while i < len(codes):
        c = codes[i]
        if c == 0:
            state.update(fg=None, bg=None, bold=False, reverse=False)
        elif c == 1:
            state["bold"] = True
        elif c == 22:
            state["bold"] = False
        elif c == 7:
            state["reverse"] = True
        elif c == 27:
            state["reverse"] = False
        elif 30 <= c <= 37:
            state["fg"] = BASIC[c - 30]
        elif 90 <= c <= 97:
            state["fg"] = BASIC[c - 90 + 8]
        elif 40 <= c <= 47:
            state["bg"] = BASIC[c - 40]
        elif 100 <= c <= 107:
            state["bg"] = BASIC[c - 100 + 8]
        elif c == 39:
            state["fg"] = None
        elif c == 49:
            state["bg"] = None
        elif c in (38, 48) and i + 1 < len(codes):
            key = "fg" if c == 38 else "bg"
            if codes[i + 1] == 5 and i + 2 < len(codes):
                state[key] = color256(codes[i + 2])
                i += 2
            elif codes[i + 1] == 2 and i + 4 < len(codes):
                state[key] = tuple(codes[i + 2:i + 5])
                i += 4
        i += 1


def main():
    source, out = sys.argv[1], sys.argv[2]
    lines = open(source, encoding="utf-8", errors="replace").read().split("\n")
    columns = int(sys.argv[3]) if len(sys.argv) > 3 else 120
    rows = int(sys.argv[4]) if len(sys.argv) > 4 else len(lines)
    image = Image.new("RGB", (columns * CELL_W, rows * CELL_H), DEFAULT_BG)
    draw = ImageDraw.Draw(image)
    regular, bold = ImageFont.truetype(FONT, SIZE), ImageFont.truetype(BOLD, SIZE)
    state = {"fg": None, "bg": None, "bold": False, "reverse": False}
    token = re.compile(r"\x1b\[([0-9;]*)m|\x1b\[[0-9;?]*[A-Za-z]|(.)", re.S)
    for y, line in enumerate(lines[:rows]):
        x = 0
        for match in token.finditer(line):
            if match.group(1) is not None:
                apply_sgr(match.group(1), state)
                continue
            ch = match.group(2)
            if ch is None:
                continue
            fg, bg = state["fg"] or DEFAULT_FG, state["bg"] or DEFAULT_BG
            if state["reverse"]:
                fg, bg = bg, fg
            width = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
            box = [x * CELL_W, y * CELL_H, (x + width) * CELL_W - 1, (y + 1) * CELL_H - 1]
            draw.rectangle(box, fill=bg)
            if ch in "█":
                draw.rectangle(box, fill=fg)
            elif ch != " ":
                draw.text((x * CELL_W, y * CELL_H + 1), ch, font=bold if state["bold"] else regular, fill=fg)
            x += width
    image.save(out)


if __name__ == "__main__":
    main()
