#!/usr/bin/env python3
"""Copy NHS.UK frontend's built files from node_modules into static/vendor (git-ignored).

The package's CSS points at a font CDN and at /assets/ on the site root. We serve everything
ourselves, so the copy drops the web-font faces (the font stack falls back to Arial, as the NHS
design system intends when Frutiger is unavailable) and makes asset paths relative.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"
TARGET = ROOT / "static" / "vendor" / "nhsuk-frontend"

FONT_FACE = re.compile(r"@font-face\{[^}]*assets\.nhs\.uk[^}]*\}")
ROOT_ASSET = re.compile(r"url\(/assets/")


def main() -> int:
    if not PACKAGE.is_dir():
        print(f"{PACKAGE} is missing: run `npm ci --ignore-scripts` first.", file=sys.stderr)
        return 1
    if TARGET.exists():
        shutil.rmtree(TARGET)
    (TARGET / "assets").mkdir(parents=True)
    css = (PACKAGE / "nhsuk-frontend.min.css").read_text(encoding="utf-8")
    css = FONT_FACE.sub("", css)
    css = ROOT_ASSET.sub("url(assets/", css)
    css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)
    if "assets.nhs.uk" in css:
        print("The NHS.UK frontend CSS still names a CDN; update this script.", file=sys.stderr)
        return 1
    (TARGET / "nhsuk-frontend.min.css").write_text(css, encoding="utf-8")
    js = (PACKAGE / "nhsuk-frontend.min.js").read_text(encoding="utf-8")
    js = re.sub(r"//# sourceMappingURL=.*$", "", js, flags=re.MULTILINE)
    (TARGET / "nhsuk-frontend.min.js").write_text(js, encoding="utf-8")
    shutil.copytree(PACKAGE / "assets" / "images", TARGET / "assets" / "images")
    print(f"Copied NHS.UK frontend assets to {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
