"""The requests loadtest/peers makes of each tool, the check that the tools
agree, the SQLite copy Datasette serves, and the table of results.

    peers.py copy DATABASE_URL FILE       # peers.entities into a new SQLite file
    peers.py requests TOOL PORT DB WORK   # TOOL's requests: "case<TAB>url<TAB>body file"
    peers.py fetch TOOL PORT DB WORK      # each case's answer, normalised, to WORK/TOOL.json
    peers.py compare WORK TOOL            # TOOL's answers against the registry's (exit 1: differ)
    peers.py table WORK                   # the markdown table of WORK/ab-*.txt

Run with the project's Python (psycopg2 for the copy); the rest is the
standard library. Every tool is asked for the same two lists of 100, the API's
order (name, then id): Thailand's, and all countries'. The registry always
counts (its count is cached until the published data changes); each peer is
asked with its count and without it.
"""

import datetime
import json
import os
import re
import sqlite3
import sys
import urllib.request

# The columns of peers.entities (view.sql), with what each value is, for
# comparing the tools' answers whatever their JSON makes of a type.
COLUMNS = {
    "id": "int",
    "name": "text",
    "name_local": "text",
    "country": "text",
    "country_name": "text",
    "region": "text",
    "region_name": "text",
    "entity_type": "text",
    "legal_form": "text",
    "sector": "text",
    "year_established": "int",
    "registered": "bool",
    "origin": "text",
    "dependency": "text",
    "members": "int",
    "women_share": "int",
    "workers": "int",
    "website": "text",
    "sdgs": "list",
    "score_economic_activity": "int",
    "score_collective_interest": "int",
    "score_voluntary_cooperation": "int",
    "score_mutual_aid": "int",
    "score_democratic_governance": "int",
    "score_autonomy": "int",
    "score_people_over_capital": "int",
    "features_practised": "int",
    "lacking": "list",
    "band": "text",
    "assessed_on": "date",
    "updated_at": "datetime",
    "latitude": "float",
    "longitude": "float",
    "location_precision": "text",
}
SQLITE_TYPES = {"int": "INTEGER", "bool": "INTEGER", "float": "REAL"}

# The cases: (name, country or None, with the count).
CASES = (
    ("thai", "TH", True),
    ("thai-nocount", "TH", False),
    ("all", None, True),
    ("all-nocount", None, False),
)
LABELS = {
    "thai": "Thailand, 100, with count",
    "thai-nocount": "Thailand, 100, no count",
    "all": "all countries, 100, with count",
    "all-nocount": "all countries, 100, no count",
}
TOOLS = ("registry", "postgraphile", "datasette")
PAGE = 100


def camel(column):
    head, *rest = column.split("_")
    return head + "".join(word.capitalize() for word in rest)


def graphql(country, counted):
    condition = f'condition: {{country: "{country}"}}, ' if country else ""
    fields = " ".join(camel(column) for column in COLUMNS)
    count = "totalCount " if counted else ""
    return (
        f"{{ allEntities({condition}orderBy: [NAME_ASC, ID_ASC], first: {PAGE}) "
        f"{{ {count}nodes {{ {fields} }} }} }}"
    )


def requests(tool, port, db, work):
    """(case, url, body file or "") of each of ``tool``'s cases."""
    base = f"http://127.0.0.1:{port}"
    for case, country, counted in CASES:
        if tool == "registry":
            if not counted:
                continue  # the registry's list always gives its count
            query = f"country={country}&" if country else ""
            yield case, f"{base}/api/v1/entities/?{query}page_size={PAGE}", ""
        elif tool == "postgraphile":
            body = os.path.join(work, f"graphql-{case}.json")
            with open(body, "w") as out:
                json.dump({"query": graphql(country, counted)}, out)
            yield case, f"{base}/graphql", body
        elif tool == "datasette":
            query = f"country={country}&" if country else ""
            nocount = "" if counted else "&_nocount=1"
            yield case, f"{base}/{db}/entities.json?{query}_sort=name&_size={PAGE}{nocount}", ""
        else:
            raise SystemExit(f"No tool {tool!r}: {', '.join(TOOLS)}.")


def answer(url, body):
    data = None
    if body:
        with open(body, "rb") as body_file:
            data = body_file.read()
    request = urllib.request.Request(url, data=data)
    if data:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


def registry_items(found):
    items = []
    for item in found["results"]:
        row = {column: item.get(column) for column in COLUMNS}
        row.update({f"score_{code}": score for code, score in item["profile"].items()})
        items.append(row)
    return found["count"], items


def postgraphile_items(found):
    if found.get("errors"):
        raise SystemExit(f"PostGraphile answered errors: {found['errors']}")
    connection = found["data"]["allEntities"]
    items = [{column: node[camel(column)] for column in COLUMNS} for node in connection["nodes"]]
    return connection.get("totalCount"), items


def datasette_items(found):
    columns = found["columns"]
    items = [dict(zip(columns, row, strict=True)) for row in found["rows"]]
    return found.get("filtered_table_rows_count"), items


def normalised(kind, value):
    """A value as the same Python value whatever a tool's JSON made of it:
    PostGraphile gives a bigint or numeric as a string, SQLite a boolean as
    0 or 1 and a list as JSON text, each tool its own timestamp format."""
    if value is None:
        return None
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "bool":
        return bool(value)
    if kind == "list":
        return json.loads(value) if isinstance(value, str) else list(value)
    if kind == "date":
        return datetime.date.fromisoformat(value).isoformat()
    if kind == "datetime":
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return moment.astimezone(datetime.UTC).isoformat()
    return value


def fetch(tool, port, db, work):
    """Each case's answer from ``tool``: its count (None where not given) and
    its rows, normalised; and one raw row, to show how the tool writes them."""
    read = {"registry": registry_items, "postgraphile": postgraphile_items}
    read = read.get(tool, datasette_items)
    answers = {}
    for case, url, body in requests(tool, port, db, work):
        try:
            text = answer(url, body)
            count, items = read(json.loads(text))
        except (OSError, KeyError, ValueError) as error:
            raise SystemExit(f"{tool}, {case}: no list from {url}: {error!r}") from None
        answers[case] = {
            "url": url,
            "bytes": len(text),
            "count": count,
            "ids": [normalised("int", item["id"]) for item in items],
            "rows": [
                {column: normalised(kind, item[column]) for column, kind in COLUMNS.items()}
                for item in items
            ],
            "raw": items[0] if items else None,
        }
    with open(os.path.join(work, f"{tool}.json"), "w") as out:
        json.dump(answers, out, ensure_ascii=False, indent=1)


def compare(work, tool):
    """Whether ``tool`` gave the registry's ids in its order, its count where
    it counts, and the same values; the first differences when not."""
    with open(os.path.join(work, "registry.json")) as registry_file:
        registry = json.load(registry_file)
    with open(os.path.join(work, f"{tool}.json")) as tool_file:
        found = json.load(tool_file)
    problems = []
    for case, _, counted in CASES:
        expected, given = registry[case.removesuffix("-nocount")], found[case]
        if len(given["ids"]) != PAGE or given["ids"] != expected["ids"]:
            first = next(
                (
                    i
                    for i, (a, b) in enumerate(zip(expected["ids"], given["ids"], strict=False))
                    if a != b
                ),
                min(len(expected["ids"]), len(given["ids"])),
            )
            problems.append(
                f"{case}: {len(given['ids'])} ids, not the registry's {len(expected['ids'])} "
                f"in its order: from position {first + 1}, the registry "
                f"{expected['ids'][first : first + 3]}, {tool} {given['ids'][first : first + 3]} "
                f"({given['url']})"
            )
            continue
        if counted and given["count"] != expected["count"]:
            problems.append(
                f"{case}: count {given['count']}, the registry's {expected['count']} "
                f"({given['url']})"
            )
        if not counted and given["count"] not in (None, expected["count"]):
            # Datasette gives a count it took beforehand (datasette inspect)
            # even when asked not to count: it must be the right one.
            problems.append(
                f"{case}: count {given['count']}, the registry's {expected['count']} "
                f"({given['url']})"
            )
        for want, got in zip(expected["rows"], given["rows"], strict=True):
            for column in COLUMNS:
                if want[column] != got[column]:
                    problems.append(
                        f"{case}: entity {want['id']}, {column}: the registry "
                        f"{want[column]!r}, {tool} {got[column]!r}"
                    )
    if problems:
        print(f"{tool} does not answer as the registry does:", file=sys.stderr)
        for problem in problems[:20]:
            print(f"  {problem}", file=sys.stderr)
        if len(problems) > 20:
            print(f"  … and {len(problems) - 20} more", file=sys.stderr)
        raise SystemExit(1)
    counts = ", ".join(
        f"{case} {registry[case]['count']:,}" for case, _, counted in CASES if counted
    )
    print(f"{tool}: the same {PAGE} ids in the same order, counts and values ({counts})")
    # The same values, written otherwise in JSON: shown, for the record.
    want, got = registry["thai"]["raw"], found["thai"]["raw"]
    written = [
        f"{column} {json.dumps(got[column], ensure_ascii=False)} "
        f"(the registry {json.dumps(want[column], ensure_ascii=False)})"
        for column in COLUMNS
        if json.dumps(want[column]) != json.dumps(got[column])
    ]
    if written:
        print(f"  {tool} writes " + "; ".join(written))


def copy(database_url, path):
    """peers.entities into a new SQLite file at ``path``: one table, its
    values written as the API writes them (a list as JSON, a time in UTC
    with "Z"), with the indexes the registry has for the list's orders."""
    import psycopg2

    columns = ", ".join(
        f"{column} {SQLITE_TYPES.get(kind, 'TEXT')}" + (" PRIMARY KEY" if column == "id" else "")
        for column, kind in COLUMNS.items()
    )
    partial = f"{path}.partial"
    if os.path.exists(partial):
        os.remove(partial)
    target = sqlite3.connect(partial)
    target.execute(f"CREATE TABLE entities ({columns})")
    source = psycopg2.connect(database_url)
    with source, source.cursor(name="peers") as rows:
        rows.itersize = 5000
        rows.execute(f"SELECT {', '.join(COLUMNS)} FROM peers.entities")
        marks = ", ".join("?" * len(COLUMNS))
        target.executemany(
            f"INSERT INTO entities VALUES ({marks})",
            (
                tuple(
                    sqlite_value(kind, value)
                    for kind, value in zip(COLUMNS.values(), row, strict=True)
                )
                for row in rows
            ),
        )
    source.close()
    # The registry's indexes for the list's orders (entity_published_country_idx,
    # entity_published_name_idx); every row here is published.
    target.execute("CREATE INDEX entities_country_name_id ON entities (country, name, id)")
    target.execute("CREATE INDEX entities_name_id ON entities (name, id)")
    target.commit()
    target.execute("ANALYZE")
    target.execute("VACUUM")
    target.close()
    os.replace(partial, path)


def sqlite_value(kind, value):
    if value is None:
        return None
    if kind == "list":
        return json.dumps(value)
    if kind == "float":
        return float(value)
    if kind == "date":
        return value.isoformat()
    if kind == "datetime":
        text = value.astimezone(datetime.UTC).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    return value


def ab_figures(path):
    """Requests per second and mean time per request (ms) of an ab report."""
    with open(path) as report:
        text = report.read()
    rate = re.search(r"^Requests per second:\s+([\d.]+)", text, re.M)
    mean = re.search(r"^Time per request:\s+([\d.]+) \[ms\] \(mean\)$", text, re.M)
    done = re.search(r"^Complete requests:\s+(\d+)", text, re.M)
    if not (rate and mean and done):
        raise SystemExit(f"No figures in {path}:\n{text}")
    return float(rate.group(1)), float(mean.group(1)), int(done.group(1))


def table(work):
    figures = {}
    for tool in TOOLS:
        for case, _, _ in CASES:
            path = os.path.join(work, f"ab-{tool}-{case}.txt")
            if os.path.exists(path):
                figures[tool, case] = ab_figures(path)
    size = {}
    for tool in {tool for tool, _ in figures}:
        with open(os.path.join(work, f"{tool}.json")) as answers:
            size.update(
                {(tool, case): found["bytes"] for case, found in json.load(answers).items()}
            )
    print("| tool | request | answer | requests | req/s | mean ms | registry / peer |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for (tool, case), (rate, mean, done) in figures.items():
        label = LABELS[case]
        if tool == "registry":
            label = label.replace("with count", "with count (cached)")
        registry = figures.get(("registry", case.removesuffix("-nocount")))
        ratio = f"{registry[0] / rate:.2f}" if registry and tool != "registry" else ""
        kb = f"{size[tool, case] / 1000:.0f} kB"
        print(f"| {tool} | {label} | {kb} | {done:,} | {rate:,.0f} | {mean:.1f} | {ratio} |")


def main(command, *args):
    if command == "copy":
        copy(*args)
    elif command == "requests":
        for case, url, body in requests(*args):
            print(f"{case}\t{url}\t{body}")
    elif command == "fetch":
        fetch(*args)
    elif command == "compare":
        compare(*args)
    elif command == "table":
        table(*args)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(*sys.argv[1:])
