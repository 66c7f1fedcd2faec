"""Pages per second of ``attriblint audit``: the local engine and Dask.

Generates a seeded crawl (a gzipped WARC of ``--pages`` blog pages, 10,000
by default: the corpus generator's pages, half of them reposts, plus one in
twenty a copy of one of the publisher's originals with its attribution
stripped) and a WARC of ``--originals`` original articles, then times, in
interleaved rounds:

- ``read``: the floor, one process reading every page record of the crawl
  with FastWARC (what any audit must do);
- ``local-1`` and ``local-2``: ``attriblint audit --originals ...`` with one
  and two worker processes;
- ``dask-2``: the same on a local Dask cluster of two workers (skipped when
  Dask is not installed).

It prints pages per second, pages per second per core (pages ÷ CPU
seconds, the figure that carries over to a cluster), and each as a ratio
to the read floor; and checks that every engine wrote the same results.

    .venv/bin/python benchmarks/audit.py [--pages N] [--rounds R] [--keep DIR]
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import GR, _Gen, make_page  # noqa: E402
from timing import run_once  # noqa: E402

READ_FLOOR = """
import sys
from attriblint.audit.sources import _page_records
pages = sum(1 for _ in _page_records(sys.argv[1]))
print(pages)
"""


def warc_record(url: str, html: str, date: str = "2025-06-01T12:00:00Z") -> bytes:
    """One gzipped WARC response record (test data: the reader is FastWARC)."""
    body = html.encode("utf-8")
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body)) + body
    headers = (f"WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
               f"WARC-Date: {date}\r\nWARC-Target-URI: {url}\r\n"
               f"Content-Type: application/http; msgtype=response\r\n"
               f"Content-Length: {len(http)}\r\n\r\n").encode("ascii")
    return gzip.compress(headers + http + b"\r\n\r\n", compresslevel=6)


def article(g: _Gen, paragraphs: int) -> list[str]:
    return [" ".join(g.sentence() for _ in range(g.rng.randint(3, 6)))
            for _ in range(paragraphs)]


def blog_page(title: str, paragraphs: list[str], site: str) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>"
            f"<body><header><a href=\"/\">{site}</a><nav><a href=\"/a/\">About</a></nav>"
            f"</header><main><article><h1>{title}</h1>\n{body}\n</article></main>"
            f"<footer>{site}, all rights reserved.</footer></body></html>")


def generate(folder: Path, pages: int, originals: int, seed: int) -> dict:
    rng = random.Random(seed)
    g = _Gen(rng)
    texts = []
    with open(folder / "originals.warc.gz", "wb") as out:
        for number in range(originals):
            title = g.title()
            paragraphs = article(g, rng.randint(6, 12))
            url = f"{GR}/{'-'.join(title.lower().split())[:50]}/{5_700_000 + number}"
            texts.append((title, paragraphs))
            out.write(warc_record(url, blog_page(title, paragraphs, "Global Research")))
    kinds: dict[str, int] = {}
    with open(folder / "crawl.warc.gz", "wb") as out:
        for number in range(pages):
            if rng.random() < 0.05:
                title, paragraphs = rng.choice(texts)
                kind = "stripped copy"
                html = blog_page(title, paragraphs, "Copy Site")
                url = f"https://copies-{number % 97}.example/{number}/"
            else:
                path, html, kind = make_page(g, number)
                url = f"https://blog-{number % 211}.example/{path}"
            kinds[kind] = kinds.get(kind, 0) + 1
            out.write(warc_record(url, html))
    return kinds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--originals", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep it")
    parser.add_argument("--json", metavar="FILE", help="write the measurements to FILE")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="audit-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        return _bench(folder, args)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def _bench(folder: Path, args) -> int:
    kinds = generate(folder, args.pages, args.originals, args.seed)
    crawl = folder / "crawl.warc.gz"
    print(f"crawl: {args.pages:,} pages, {crawl.stat().st_size / 1e6:.1f} MB gzipped; "
          f"{args.originals} originals; kinds: {dict(sorted(kinds.items()))}")
    python = sys.executable
    env = {**os.environ, "ATTRIBLINT_CACHE_DIR": str(folder / "cache")}
    audit = [python, "-m", "attriblint", "audit", "--rule", "globalresearch", "-q",
             "--originals", str(folder / "originals.warc.gz"), str(crawl)]
    commands = {
        "read": [python, "-c", READ_FLOOR, str(crawl)],
        "local-1": audit + ["-j", "1", "-o", str(folder / "local-1.jsonl")],
        "local-2": audit + ["-j", "2", "-o", str(folder / "local-2.jsonl")],
    }
    if importlib.util.find_spec("distributed") is not None:
        commands["dask-2"] = audit + ["-j", "2", "--engine", "dask",
                                      "-o", str(folder / "dask-2.jsonl")]
    else:
        print("dask-2: skipped (Dask is not installed: pip install 'attriblint[dask]')")
    times: dict[str, list[dict]] = {name: [] for name in commands}
    for _ in range(args.rounds):
        for name, argv in commands.items():
            output = folder / f"{name}.jsonl"
            if output.exists():
                output.unlink()  # a rerun would only skip what is done
            result = run_once(argv, str(folder), env)
            if result["exit"] not in (0, 1):
                print(f"{name} failed with exit code {result['exit']}: {' '.join(argv)}")
                return 2
            times[name].append(result)
    same = _same_results(folder, [n for n in commands if n != "read"])
    rows = _rows(times, args.pages)
    _print(rows, args.rounds, same)
    if args.json:
        Path(args.json).write_text(json.dumps({"pages": args.pages, "kinds": kinds,
                                               "rows": rows, "same_results": same}, indent=2))
    return 0 if same else 1


def _same_results(folder: Path, names: list[str]) -> bool:
    outputs = [(folder / f"{name}.jsonl").read_text(encoding="utf-8") for name in names]
    return all(output == outputs[0] for output in outputs)


def _rows(times: dict[str, list[dict]], pages: int) -> dict[str, dict]:
    floor_wall = statistics.median(r["wall"] for r in times["read"])
    floor_cpu = statistics.median(r["cpu"] for r in times["read"])
    rows = {}
    for name, results in times.items():
        wall = statistics.median(r["wall"] for r in results)
        cpu = statistics.median(r["cpu"] for r in results)
        rows[name] = {"wall": wall, "cpu": cpu, "pages_per_s": pages / wall,
                      "pages_per_cpu_s": pages / cpu, "wall_vs_read": wall / floor_wall,
                      "cpu_vs_read": cpu / floor_cpu}
    return rows


def _print(rows: dict[str, dict], rounds: int, same: bool) -> None:
    print(f"\nmedian of {rounds} rounds; CPU counts the process and the workers it waited for")
    print(f"{'run':<10} {'wall s':>8} {'CPU s':>8} {'pages/s':>9} {'pages/CPU-s':>12} "
          f"{'wall ÷ read':>12} {'CPU ÷ read':>11}")
    for name, row in rows.items():
        print(f"{name:<10} {row['wall']:>8.2f} {row['cpu']:>8.2f} {row['pages_per_s']:>9.0f} "
              f"{row['pages_per_cpu_s']:>12.0f} {row['wall_vs_read']:>11.1f}× "
              f"{row['cpu_vs_read']:>10.1f}×")
    print(f"\nevery engine wrote the same results: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    sys.exit(main())
