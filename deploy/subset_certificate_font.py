"""Make the certificate font shipped in lms/certificates/fonts/ (run by hand when it should change).

    apt-get install fonts-lxgw-wenkai && pip install fonttools
    python deploy/subset_certificate_font.py /usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf

Keeps the glyphs of GB 2312 (6,763 hanzi and its symbols), ASCII and the general punctuation, with TrueType
outlines (reportlab embeds TrueType, not CFF), no hinting or layout tables. A subset is a Modified Version
under the SIL Open Font License 1.1, which reserves the names "LXGW" and "霞鹜": the subset is renamed.
"""
from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FAMILY = "LMS Certificate Kai"
POSTSCRIPT = "LMSCertificateKai-Regular"
OUT = Path(__file__).resolve().parent.parent / "lms" / "certificates" / "fonts" / "certificate-kai.ttf"


def gb2312() -> set[int]:
    chars = set()
    for first in range(0xA1, 0xF8):
        for second in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([first, second]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return chars


def main(source: str) -> None:
    font = TTFont(source)
    if "glyf" not in font:
        raise SystemExit("not a TrueType-outline font: reportlab cannot embed it")
    wanted = (gb2312() | set(range(0x20, 0x7F)) | set(range(0x2000, 0x2070)) | set(range(0x3000, 0x3040))
              | set(range(0xFF00, 0xFF70)) | {0xA0, 0xB7, 0xD7}) & set(font.getBestCmap())
    options = subset.Options()
    options.layout_features, options.hinting, options.notdef_outline = [], False, True
    options.name_IDs, options.name_languages = [0, 1, 2, 3, 4, 5, 6, 13, 14], [0x409]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 16, 17):
            names.removeNames(nameID=record.nameID)
    for name_id, value in ((1, FAMILY), (2, "Regular"), (3, f"{POSTSCRIPT};GB2312 subset"),
                           (4, f"{FAMILY} Regular"), (6, POSTSCRIPT)):
        names.setName(value, name_id, 3, 1, 0x409)
    font.save(OUT)
    print(f"{OUT}: {len(wanted)} characters, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
