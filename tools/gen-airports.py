#!/usr/bin/env python3
"""Regenerate data/airports.tsv from the `airportsdata` package (PyPI, MIT).

The output is the table that src/airports/mod.rs embeds with include_str!:
one header comment line naming the source package and version, then one
tab-separated row per airport with an IATA code:

    iata  name  lat  lon  tz

sorted by IATA code, lat/lon with 4 decimals, '\\n' line endings, UTF-8.
The same input always gives byte-identical output.

Rows are skipped when they have no IATA code, no time zone, an IATA code
that is not three upper-case ASCII letters or digits, or a lat/lon that is
not a finite number in range. Tabs, newlines and runs of whitespace in names
become one space. If the package lists an IATA code twice, the last row wins
(as in airportsdata.load('IATA')) and a warning is printed.

TZ_RENAMES maps zone names that jiff's bundled database does not know to the
name it does; TZ_DROP lists zones to treat as missing (the row is skipped).
Both are empty for airportsdata 20260905: all of its zones are in jiff 1.0's
bundled tzdb (the unit test `every_zone_is_in_jiffs_bundled_db` checks this).

The package's LICENSE is copied to data/LICENSE-airportsdata.txt.

Usage (see docs/airports.md):

    pip download airportsdata==20260905 --no-deps -d /tmp/ad
    python3 tools/gen-airports.py --wheel /tmp/ad/airportsdata-20260905-py3-none-any.whl

or, with the package importable:

    pip install --target /tmp/ad airportsdata==20260905
    PYTHONPATH=/tmp/ad python3 tools/gen-airports.py
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import re
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "data" / "airports.tsv"
DEFAULT_LICENSE_OUT = REPO / "data" / "LICENSE-airportsdata.txt"

# Zone names that jiff's bundled tzdb lacks -> a name it has. Empty for now.
TZ_RENAMES: dict[str, str] = {}
# Zone names to treat as missing (row skipped). Empty for now.
TZ_DROP: set[str] = set()

IATA_RE = re.compile(r"^[A-Z0-9]{3}$")
WS_RE = re.compile(r"\s+")


def read_wheel(path: Path) -> tuple[str, str, str]:
    """Return (version, airports.csv text, LICENSE text) from a wheel file."""
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        meta = [n for n in names if n.endswith(".dist-info/METADATA")]
        if len(meta) != 1:
            sys.exit(f"{path}: expected one .dist-info/METADATA, found {meta}")
        version = ""
        for line in zf.read(meta[0]).decode("utf-8").splitlines():
            if line.startswith("Version:"):
                version = line.split(":", 1)[1].strip()
                break
        csv_text = zf.read("airportsdata/airports.csv").decode("utf-8")
        lic = [n for n in names if ".dist-info/" in n and n.rsplit("/", 1)[-1].startswith("LICENSE")]
        if not lic:
            sys.exit(f"{path}: no LICENSE file in the wheel")
        license_text = zf.read(sorted(lic)[0]).decode("utf-8")
    return version, csv_text, license_text


def read_installed() -> tuple[str, str, str]:
    """Return (version, airports.csv text, LICENSE text) from the importable package."""
    try:
        import airportsdata  # type: ignore[import-not-found]
    except ImportError:
        sys.exit(
            "airportsdata is not importable: pass --wheel PATH, or "
            "`pip install --target /tmp/ad airportsdata` and set PYTHONPATH=/tmp/ad"
        )
    import importlib.metadata as md

    pkg_dir = Path(airportsdata.__file__).parent
    csv_text = (pkg_dir / "airports.csv").read_text(encoding="utf-8")
    dist = md.distribution("airportsdata")
    version = dist.version
    license_text = None
    for f in dist.files or []:
        if ".dist-info/" in str(f) and f.name.startswith("LICENSE"):
            license_text = Path(dist.locate_file(f)).read_text(encoding="utf-8")
            break
    if license_text is None:
        sys.exit("airportsdata is installed without its LICENSE file")
    return version, csv_text, license_text


def clean_name(name: str) -> str:
    return WS_RE.sub(" ", name).strip()


def fmt_coord(value: float) -> str:
    s = f"{value:.4f}"
    return "0.0000" if s == "-0.0000" else s


def build(csv_text: str) -> tuple[list[tuple[str, str, str, str, str]], dict[str, int]]:
    skipped = {"no_iata": 0, "bad_iata": 0, "no_tz": 0, "dropped_tz": 0, "bad_coord": 0, "duplicate": 0}
    by_code: dict[str, tuple[str, str, str, str, str]] = {}
    for row in csv.DictReader(io.StringIO(csv_text)):
        code = (row.get("iata") or "").strip()
        if not code:
            skipped["no_iata"] += 1
            continue
        if not IATA_RE.match(code):
            skipped["bad_iata"] += 1
            print(f"warning: skipping malformed IATA code {code!r}", file=sys.stderr)
            continue
        tz = (row.get("tz") or "").strip()
        if not tz:
            skipped["no_tz"] += 1
            continue
        tz = TZ_RENAMES.get(tz, tz)
        if tz in TZ_DROP:
            skipped["dropped_tz"] += 1
            continue
        try:
            lat = float(row["lat"])
            lon = float(row["lon"])
        except (KeyError, TypeError, ValueError):
            lat = lon = math.nan
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
            skipped["bad_coord"] += 1
            print(f"warning: skipping {code}: bad lat/lon", file=sys.stderr)
            continue
        name = clean_name(row.get("name") or "") or code
        if code in by_code:
            skipped["duplicate"] += 1
            print(f"warning: duplicate IATA code {code}, keeping the later row", file=sys.stderr)
        by_code[code] = (code, name, fmt_coord(lat), fmt_coord(lon), tz)
    return [by_code[c] for c in sorted(by_code)], skipped


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--wheel", type=Path, help="airportsdata wheel (.whl); default: import the installed package")
    ap.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--license-output", type=Path, default=DEFAULT_LICENSE_OUT)
    args = ap.parse_args()

    version, csv_text, license_text = read_wheel(args.wheel) if args.wheel else read_installed()
    rows, skipped = build(csv_text)

    out = io.StringIO(newline="")
    out.write(
        f"# source: airportsdata {version} (PyPI, MIT licence: data/LICENSE-airportsdata.txt); "
        "generated by tools/gen-airports.py; columns: iata name lat lon tz\n"
    )
    for r in rows:
        out.write("\t".join(r) + "\n")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(out.getvalue().encode("utf-8"))
    args.license_output.write_bytes(license_text.replace("\r\n", "\n").encode("utf-8"))

    zones = len({r[4] for r in rows})
    print(
        f"airportsdata {version}: wrote {len(rows)} rows ({zones} zones) to {args.output}; skipped {skipped}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
