"""Build entities/geodata/regions.json: the registry's regions drawn from
Natural Earth's first-level subdivisions (admin-1, 1:10m, public domain).

Run by a developer, never by CI or at run time:

    apt-get install qgis-common      # ships Natural Earth in world_map.gpkg
    .venv/bin/pip install -e '.[geodata]'
    .venv/bin/python -m devtools.geodata.build_regions [--gpkg PATH]

The GeoPackage's layer ``states_provinces`` has no ISO 3166-2 column, so each
source feature of the five countries is matched to a registry region by its
name (compared without accents, case, spaces or punctuation), or else
through LOOKUP below, whose every use is printed. A region the source lacks,
or one that shares its source feature with another region, becomes a
*marker*: a labelled point with a reason (MARKERS), never dropped. A source
feature that draws several regions as one is kept as an *outline* (SHARED),
drawn without a colour of its own. Anything left over (a region with neither
shape nor marker, a source feature used for nothing, a stale lookup) is
reported, and the run fails unless every region has its shape or marker.

The shapes are simplified together, country by country, so that neighbours
keep their shared borders (shapely's coverage simplification), snapped to 4
decimals of a degree, checked (valid, no part lost, each point inside its own
shape), and projected for the server-drawn SVG maps (Web Mercator, in km).

Needs shapely (the ``geodata`` extra) and no Django: it reads the registry's
regions from entities/migrations/_regions_data.py, by file.
"""

import argparse
import hashlib
import importlib.util
import json
import math
import sqlite3
import struct
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import shapely
from shapely import wkb
from shapely.geometry import MultiPolygon, Point, Polygon

ROOT = Path(__file__).resolve().parents[2]
REGIONS_DATA = ROOT / "entities" / "migrations" / "_regions_data.py"
OUTPUT = ROOT / "entities" / "geodata" / "regions.json"
DEFAULT_GPKG = Path("/usr/share/qgis/resources/data/world_map.gpkg")
LAYER = "states_provinces"
COUNTRIES = ("KH", "KG", "MN", "TH", "VN")

SOURCE = "Natural Earth, Admin 1 – States, Provinces (1:10m)"
SOURCE_URL = "https://www.naturalearthdata.com/"
LICENCE = "public domain"
CREDIT = "Boundaries: Natural Earth"

# About 1 km: below a pixel on any of the registry's maps. The source is
# already generalised for 1:10m, so this mostly drops near-straight vertices.
TOLERANCE = 0.01  # degrees
DECIMALS = 4  # lon/lat: about 11 m
PROJECTED_DECIMALS = 1  # km
EARTH_RADIUS_KM = 6378.137  # Web Mercator's sphere (EPSG:3857)
MAX_LATITUDE = 85.0511287798  # Web Mercator's limit

# Source names that differ from the registry's (other romanisations,
# Natural Earth's own labels), by (country, source name).
LOOKUP = {
    # Cambodia: UNGEGN romanisations in the source, common ones in the registry
    ("KH", "Batdâmbâng"): "KH-2",
    ("KH", "Kaôh Kong"): "KH-9",
    ("KH", "Krong Pailin"): "KH-24",
    ("KH", "Krong Preah Sihanouk"): "KH-18",
    ("KH", "Krâchéh"): "KH-10",
    ("KH", "Kâmpóng Spœ"): "KH-5",
    ("KH", "Kâmpóng Thum"): "KH-6",
    ("KH", "Môndól Kiri"): "KH-11",
    ("KH", "Otdar Mean Chey"): "KH-22",
    ("KH", "Pouthisat"): "KH-15",
    ("KH", "Rôtânôkiri"): "KH-16",
    ("KH", "Siemréab"): "KH-17",
    ("KH", "Stœng Trêng"): "KH-19",
    ("KH", "Takêv"): "KH-21",
    # Kyrgyzstan
    ("KG", "Ysyk-Köl"): "KG-Y",
    # Mongolia: "h" in the source for the registry's "kh", and other spellings
    ("MN", "Arhangay"): "MN-073",
    ("MN", "Bayan-Ölgiy"): "MN-071",
    ("MN", "Bayanhongor"): "MN-069",
    ("MN", "Darhan-Uul"): "MN-037",
    ("MN", "Dzavhan"): "MN-057",
    ("MN", "Govi-Altay"): "MN-065",
    ("MN", "Hentiy"): "MN-039",
    ("MN", "Hovd"): "MN-043",
    ("MN", "Hövsgöl"): "MN-041",
    ("MN", "Orhon"): "MN-035",
    ("MN", "Sühbaatar"): "MN-051",
    ("MN", "Övörhangay"): "MN-055",
    # Thailand
    ("TH", "Bangkok Metropolis"): "TH-10",
    # Viet Nam. Natural Earth labels three provinces with the name of a wider
    # region; its gn_name column and their places say which province each is.
    ("VN", "Hồ Chí Minh city"): "VN-SG",
    ("VN", "Đông Bắc"): "VN-53",  # gn_name "Tinh Bac Kan"
    ("VN", "Đông Nam Bộ"): "VN-39",  # gn_name "Tinh Dong Nai"
    ("VN", "Đồng Bằng Sông Hồng"): "VN-66",  # gn_name "Tinh Hung Yen"
}

# Source features that draw several registry regions as one area: kept as an
# outline (drawn without a colour of its own), each region a marker.
SHARED = {
    ("KH", "Kâmpóng Cham"): (
        ("KH-3", "KH-25"),
        "Kampong Cham as it was before Tboung Khmum was divided from it (31 December 2013)",
    ),
}


@dataclass(frozen=True)
class Marker:
    lon: float
    lat: float
    kind: str  # "inside": within another region's shape; "shared": see SHARED
    related: str  # the region it lies within, or shares its source feature with
    placed: str  # where the point is and how it was chosen


# Regions drawn as a labelled point; positions placed by hand (approximate).
MARKERS = {
    "KG-GO": Marker(72.80, 40.53, "inside", "KG-O", "the city centre"),
    "TH-S": Marker(100.88, 12.93, "inside", "TH-20", "the city centre"),
    "KH-3": Marker(105.20, 12.10, "shared", "KH-25", "about the middle of the province"),
    "KH-25": Marker(105.83, 12.00, "shared", "KH-3", "about the middle of the province"),
}

REASONS = {
    "inside": "The source has no boundary of its own for {name}: it lies within {other}.",
    "shared": "The source draws {name} and {other} as one area.",
}


def registry_regions():
    """The registry's regions of the five countries: {code: name}, read from
    the data migration's module by file (no Django, no app imported)."""
    spec = importlib.util.spec_from_file_location("_regions_data", REGIONS_DATA)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {code: name for code, name, _local in module.REGIONS if code.split("-")[0] in COUNTRIES}


def gpkg_geometry(blob):
    """A GeoPackage geometry blob as a shapely geometry: the GeoPackage binary
    header (magic "GP", version, flags, SRS id, optional envelope) before the
    standard WKB."""
    if blob is None or bytes(blob[:2]) != b"GP":
        raise ValueError("not a GeoPackage geometry")
    flags = blob[3]
    if flags & 0b10000:  # empty geometry
        return None
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 0b111]
    return wkb.loads(bytes(blob[8 + envelope :]))


def gpkg_srs(blob):
    byte_order = "<" if blob[3] & 1 else ">"
    return struct.unpack(f"{byte_order}i", bytes(blob[4:8]))[0]


@dataclass
class Feature:
    fid: int
    country: str
    name: str
    gn_name: str
    geometry: object


def read_source(gpkg):
    connection = sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True)
    try:
        placeholders = ",".join("?" * len(COUNTRIES))
        rows = connection.execute(
            f"SELECT fid, iso_a2, name, gn_name, geom FROM {LAYER}"
            f" WHERE iso_a2 IN ({placeholders}) ORDER BY iso_a2, fid",
            COUNTRIES,
        ).fetchall()
        (updated,) = connection.execute(
            "SELECT last_change FROM gpkg_contents WHERE table_name = ?", (LAYER,)
        ).fetchone()
    finally:
        connection.close()
    features = []
    for fid, country, name, gn_name, blob in rows:
        if gpkg_srs(blob) != 4326:
            raise SystemExit(f"{name}: expected lon/lat (EPSG:4326), got SRS {gpkg_srs(blob)}")
        features.append(Feature(fid, country, name, gn_name or "", gpkg_geometry(blob)))
    return features, updated


def package_version(package="qgis-common"):
    try:
        result = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Version}", package],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return result.stdout.strip() or None


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def key(name):
    """A name compared without accents, case, spaces or punctuation."""
    name = name.replace("Đ", "D").replace("đ", "d").replace("Ð", "D")
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).lower()


def match(features, regions):
    """{code: feature} for the regions with a shape of their own, the shared
    outlines, and the report's lines."""
    by_key = {}
    for code, name in regions.items():
        by_key.setdefault((code.split("-")[0], key(name)), code)
    shaped, shared, report, used_lookups = {}, [], [], set()
    for feature in features:
        label = f"{feature.country} {feature.name!r} (fid {feature.fid})"
        if (feature.country, feature.name) in SHARED:
            codes, note = SHARED[(feature.country, feature.name)]
            shared.append((codes, note, feature))
            report.append(f"shared: {label} -> outline of {', '.join(codes)}")
            continue
        code = by_key.get((feature.country, key(feature.name)))
        if code is None and (feature.country, feature.name) in LOOKUP:
            code = LOOKUP[(feature.country, feature.name)]
            used_lookups.add((feature.country, feature.name))
            report.append(f"lookup: {label} -> {code} {regions[code]}")
        if code is None:
            report.append(f"UNUSED source feature: {label}, gn_name {feature.gn_name!r}")
            continue
        if code in shaped:
            report.append(f"UNUSED source feature: {label}: {code} already has a shape")
            continue
        shaped[code] = feature
    for stale in sorted(set(LOOKUP) - used_lookups):
        report.append(f"stale lookup entry (no such source feature, or matched by name): {stale}")
    return shaped, shared, report


def polygons(geometry):
    if geometry.is_empty:
        return []
    return list(geometry.geoms) if isinstance(geometry, MultiPolygon) else [geometry]


def prepare(features):
    """The features' geometries simplified together (shared borders stay
    shared), snapped to the output's decimals, outer rings counter-clockwise
    (GeoJSON's right-hand rule). Fails if a geometry breaks or loses a part."""
    geometries = [feature.geometry for feature in features]
    if not shapely.coverage_is_valid(geometries):
        print("  note: the source's shapes overlap or leave slivers; simplified as they are")
    simplified = shapely.coverage_simplify(geometries, TOLERANCE)
    result = []
    for feature, geometry in zip(features, simplified, strict=True):
        geometry = shapely.set_precision(geometry, 10**-DECIMALS)
        geometry = shapely.orient_polygons(geometry)
        if not isinstance(geometry, MultiPolygon | Polygon) or not geometry.is_valid:
            raise SystemExit(f"{feature.name}: simplification left {geometry.geom_type}")
        if len(polygons(geometry)) != len(polygons(feature.geometry)):
            print(
                f"  note: {feature.name}: {len(polygons(feature.geometry))} parts,"
                f" {len(polygons(geometry))} after simplification"
            )
        result.append(geometry)
    return result


def rounded(value, decimals=DECIMALS):
    value = round(value, decimals)
    return 0.0 if value == 0 else value  # no "-0.0"


def lonlat_rings(polygon):
    return [
        [[rounded(x), rounded(y)] for x, y in ring.coords]
        for ring in (polygon.exterior, *polygon.interiors)
    ]


def geojson(geometry):
    parts = polygons(geometry)
    if len(parts) == 1:
        return {"type": "Polygon", "coordinates": lonlat_rings(parts[0])}
    return {"type": "MultiPolygon", "coordinates": [lonlat_rings(part) for part in parts]}


def project(lon, lat):
    """Web Mercator in km, y pointing down (the SVG's way), as entities.geography."""
    lat = max(-MAX_LATITUDE, min(MAX_LATITUDE, lat))
    x = EARTH_RADIUS_KM * math.radians(lon)
    y = EARTH_RADIUS_KM * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return rounded(x, PROJECTED_DECIMALS), rounded(-y, PROJECTED_DECIMALS)


def fmt(value):
    return f"{value:.{PROJECTED_DECIMALS}f}".rstrip("0").rstrip(".")


def svg_path(geometry):
    """Each ring as "M x y L x y x y … Z": absolute, the L's repeated
    coordinates implicit (SVG's path grammar), points the projection made
    equal dropped."""
    commands = []
    for polygon in polygons(geometry):
        for ring in (polygon.exterior, *polygon.interiors):
            points = []
            for lon, lat in ring.coords[:-1]:
                point = project(lon, lat)
                if not points or points[-1] != point:
                    points.append(point)
            while len(points) > 1 and points[-1] == points[0]:
                points.pop()
            if len(points) < 3:
                continue
            first, *rest = (f"{fmt(x)} {fmt(y)}" for x, y in points)
            commands.append(f"M{first}L{' '.join(rest)}Z")
    return "".join(commands)


def bbox(geometry):
    west, south, east, north = geometry.bounds
    return [rounded(west), rounded(south), rounded(east), rounded(north)]


def projected_bbox(box):
    """[min x, min y, max x, max y] of a lon/lat bbox, in the paths' units (y down)."""
    west, south, east, north = box
    x0, y0 = project(west, north)
    x1, y1 = project(east, south)
    return [x0, y0, x1, y1]


def representative_point(code, geometry):
    point = geometry.representative_point()
    lonlat = [rounded(point.x), rounded(point.y)]
    if not geometry.contains(Point(lonlat)):
        raise SystemExit(f"{code}: its rounded representative point {lonlat} left its shape")
    return lonlat


def shape_entry(code, name, feature, geometry):
    return {
        "country": code.split("-")[0],
        "name": name,
        "status": "shape",
        "source_name": feature.name,
        "geometry": geojson(geometry),
        "point": representative_point(code, geometry),
        "bbox": bbox(geometry),
        "d": svg_path(geometry),
    }


def outline_entry(codes, note, feature, geometry):
    return {
        "id": "+".join(codes),
        "country": feature.country,
        "codes": list(codes),
        "source_name": feature.name,
        "note": note,
        "geometry": geojson(geometry),
        "bbox": bbox(geometry),
        "d": svg_path(geometry),
    }


def marker_entry(code, regions, marker, country_box, drawn):
    """A marker's entry, checked: inside its country's bbox; ``within`` is
    the shape or outline (of ``drawn``: {id: geometry}) its point lies in."""
    country = code.split("-")[0]
    west, south, east, north = country_box
    if not (west <= marker.lon <= east and south <= marker.lat <= north):
        raise SystemExit(f"{code}'s marker lies outside {country}'s bbox")
    point = Point(marker.lon, marker.lat)
    within = [key for key, geometry in drawn.items() if geometry.contains(point)]
    reason = REASONS[marker.kind].format(name=regions[code], other=regions[marker.related])
    print(f"marker: {code} {regions[code]} at {marker.lat}, {marker.lon} in {within}: {reason}")
    return {
        "country": country,
        "name": regions[code],
        "status": "marker",
        "reason": reason,
        "reason_kind": marker.kind,
        "reason_region": marker.related,
        "placed": marker.placed,
        "within": within[0] if within else None,
        "geometry": None,
        "point": [marker.lon, marker.lat],
        "bbox": [marker.lon, marker.lat, marker.lon, marker.lat],
        "d": None,
    }


def check_coverage(regions, shaped):
    """Every region has a shape or a marker, and no region has both."""
    for code in sorted(set(regions) - set(shaped)):
        print(f"no shape: {code} {regions[code]}" + ("" if code in MARKERS else " (NO MARKER)"))
    missing = sorted(set(regions) - set(shaped) - set(MARKERS))
    if missing:
        raise SystemExit(
            f"{len(missing)} regions have neither a shape nor a marker: {', '.join(missing)}."
            " Add each to LOOKUP, SHARED or MARKERS."
        )
    for code, marker in MARKERS.items():
        if code not in regions or marker.related not in regions:
            raise SystemExit(f"MARKERS[{code!r}] names a region the registry doesn't have")
        if code in shaped:
            raise SystemExit(f"{code} has a shape and a marker: remove it from MARKERS")


def build(gpkg):
    regions = registry_regions()
    features, updated = read_source(gpkg)
    print(f"{len(regions)} registry regions, {len(features)} source features in {gpkg}")
    shaped, shared, report = match(features, regions)
    for line in report:
        print(line)
    check_coverage(regions, shaped)

    # Simplified together, per country, so neighbours keep one shared border.
    geometries = {}
    for country in COUNTRIES:
        group = [f for f in features if f.country == country and f.geometry is not None]
        for feature, geometry in zip(group, prepare(group), strict=True):
            geometries[feature.fid] = geometry

    entries = {
        code: shape_entry(code, regions[code], feature, geometries[feature.fid])
        for code, feature in shaped.items()
    }
    outlines = [
        outline_entry(codes, note, feature, geometries[feature.fid])
        for codes, note, feature in shared
    ]
    country_boxes = {}
    for country in COUNTRIES:
        parts = [geometries[f.fid] for f in features if f.country == country]
        box = bbox(shapely.union_all(parts))
        country_boxes[country] = {"bbox": box, "projected_bbox": projected_bbox(box)}
    drawn = {code: geometries[feature.fid] for code, feature in shaped.items()}
    drawn |= {"+".join(codes): geometries[feature.fid] for codes, _, feature in shared}
    for code, marker in MARKERS.items():
        box = country_boxes[code.split("-")[0]]["bbox"]
        entries[code] = marker_entry(code, regions, marker, box, drawn)

    version = package_version()
    header = {
        "source": SOURCE,
        "source_url": SOURCE_URL,
        "source_file": f"world_map.gpkg (QGIS's sample data), layer {LAYER}",
        "source_package": f"Debian qgis-common {version}" if version else None,
        "source_layer_updated": updated,
        "source_sha256": sha256(gpkg),
        "licence": LICENCE,
        "credit": CREDIT,
        "command": "python -m devtools.geodata.build_regions",
        "generator": f"shapely {shapely.__version__} (GEOS {shapely.geos_version_string})",
        "simplification": {
            "method": "shapely.coverage_simplify per country (shared borders stay shared)",
            "tolerance_degrees": TOLERANCE,
        },
        "coordinates": f"lon/lat (WGS 84), {DECIMALS} decimals",
        "projection": (
            "d and projected_bbox: Web Mercator (EPSG:3857) in km, 0.1 km, y pointing down"
            " (-northing); d is an SVG path: per ring 'M x y L x y x y … Z', absolute"
        ),
        "counts": {
            "regions": len(entries),
            "shapes": sum(e["status"] == "shape" for e in entries.values()),
            "markers": sum(e["status"] == "marker" for e in entries.values()),
            "outlines": len(outlines),
        },
    }
    return {
        "header": header,
        "countries": country_boxes,
        "regions": dict(sorted(entries.items())),
        "outlines": outlines,
    }


def dumps(data):
    """JSON with one line per region, country and outline, so that a new
    source shows in a diff region by region."""

    def line(value):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def block(name, items, last=False):
        body = ",\n".join(f"  {line(k)}: {line(v)}" for k, v in items.items())
        return f"{line(name)}: {{\n{body}\n}}" + ("" if last else ",")

    outlines = ",\n".join(f"  {line(o)}" for o in data["outlines"])
    return "\n".join(
        [
            "{",
            f"{line('header')}: {json.dumps(data['header'], ensure_ascii=False, indent=1)},",
            block("countries", data["countries"]),
            block("regions", data["regions"]),
            f"{line('outlines')}: [\n{outlines}\n]",
            "}",
            "",
        ]
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gpkg", type=Path, default=DEFAULT_GPKG, help="world_map.gpkg's path")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="the file to write")
    args = parser.parse_args(argv)
    if not args.gpkg.is_file():
        raise SystemExit(f"{args.gpkg}: no such file (apt-get install qgis-common, or --gpkg)")
    text = dumps(build(args.gpkg))
    json.loads(text)  # a last check that it is JSON
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    data = json.loads(text)
    counts = data["header"]["counts"]
    print(
        f"wrote {args.output} ({len(text.encode()):,} bytes): {counts['shapes']} shapes,"
        f" {counts['markers']} markers, {counts['outlines']} outlines"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
