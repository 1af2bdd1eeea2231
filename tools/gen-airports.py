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

DMS_AS_DECIMAL lists rows whose upstream lat/lon are degrees-minutes-seconds
written as if decimal (airportsdata 20260905 has 50.5405 for Brussels, i.e.
50 deg 54' 05" = 50.9014, not 50.5405: about 40 km off). For those rows the
generator reads the value as DDD.MMSS, but only while the upstream values are
exactly the ones listed; if upstream changes them, it warns and keeps them
unchanged so that a fixed upstream is never "corrected" twice.

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

# IATA code -> (lat, lon) exactly as in airportsdata 20260905's airports.csv,
# where they are DDD.MMSS rather than decimal degrees (Belgian and Luxembourg
# airports). Read as DDD.MMSS they land on the airfields (BRU gives 50.9014,
# 4.4844, as OurAirports has it); read as decimal they are 20-40 km off.
DMS_AS_DECIMAL: dict[str, tuple[str, str]] = {
    "ANR": ("51.1122", "4.2737"),  # Antwerp: 51 11 22 N, 4 27 37 E
    "BRU": ("50.5405", "4.2904"),  # Brussels: 50 54 05 N, 4 29 04 E
    "CRL": ("50.2736", "4.271"),  # Charleroi: 50 27 36 N, 4 27 10 E
    "KJK": ("50.4907", "3.1233"),  # Kortrijk-Wevelgem: 50 49 07 N, 3 12 33 E
    "LGG": ("50.3811", "5.2634"),  # Liege: 50 38 11 N, 5 26 34 E
    "LUX": ("49.3724", "6.1216"),  # Luxembourg: 49 37 24 N, 6 12 16 E
    "OST": ("51.1156", "2.5144"),  # Ostend-Bruges: 51 11 56 N, 2 51 44 E
}

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


def dms_as_decimal(raw: str) -> float:
    """Read '50.5405' as 50 deg 54' 05" (DDD.MMSS) and return decimal degrees."""
    sign = -1.0 if raw.startswith("-") else 1.0
    deg, _, frac = raw.lstrip("+-").partition(".")
    frac = frac.ljust(4, "0")
    minutes, seconds = int(frac[:2]), int(frac[2:4])
    if len(frac) > 4 or minutes >= 60 or seconds >= 60:
        raise ValueError(f"{raw!r} is not DDD.MMSS")
    return sign * (int(deg) + minutes / 60 + seconds / 3600)


def clean_name(name: str) -> str:
    return WS_RE.sub(" ", name).strip()


def fmt_coord(value: float) -> str:
    s = f"{value:.4f}"
    return "0.0000" if s == "-0.0000" else s


def build(csv_text: str) -> tuple[list[tuple[str, str, str, str, str]], dict[str, int]]:
    skipped = {"no_iata": 0, "bad_iata": 0, "no_tz": 0, "dropped_tz": 0, "bad_coord": 0, "duplicate": 0}
    by_code: dict[str, tuple[str, str, str, str, str]] = {}
    dms_seen: set[str] = set()
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
        if code in DMS_AS_DECIMAL:
            dms_seen.add(code)
            if (row["lat"], row["lon"]) == DMS_AS_DECIMAL[code]:
                lat, lon = dms_as_decimal(row["lat"]), dms_as_decimal(row["lon"])
            else:
                print(
                    f"warning: {code} lat/lon changed upstream to {row['lat']}, {row['lon']}: "
                    "kept as is; review DMS_AS_DECIMAL",
                    file=sys.stderr,
                )
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
            skipped["bad_coord"] += 1
            print(f"warning: skipping {code}: bad lat/lon", file=sys.stderr)
            continue
        name = clean_name(row.get("name") or "") or code
        if code in by_code:
            skipped["duplicate"] += 1
            print(f"warning: duplicate IATA code {code}, keeping the later row", file=sys.stderr)
        by_code[code] = (code, name, fmt_coord(lat), fmt_coord(lon), tz)
    for code in sorted(set(DMS_AS_DECIMAL) - dms_seen):
        print(f"warning: {code} (in DMS_AS_DECIMAL) not found upstream", file=sys.stderr)
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
