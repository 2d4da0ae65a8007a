#!/usr/bin/env python3
"""Structure-aware mutation of a checkpoint, for fuzz_checkpoint without libFuzzer.

libFuzzer's byte mutations rarely keep a LibTorch archive a valid zip, so they
seldom reach the class declarations and pickles behind it. This takes a real
checkpoint's archive (the seed corpus's `archive-to-seal`), edits one to four of
its records in place (half of the edits in the pickles; a random byte, a byte
range deleted or repeated, a name fragment of the archive written over
another, one record renamed), writes the zip again, and hands each result to the ordinary build's fuzz_checkpoint (its
first byte 0x01: sealed with a valid checksum, as a hand-made file would be).
Inputs go in batches of --batch; a batch that ends the process is replayed one
input at a time, and each input that does so is kept in --out.

  tests/fuzz/mutate_checkpoint.py --harness build/tests/fuzz/fuzz_checkpoint \\
      [--count 10000] [--seed 1] [--batch 200] [--out crashes/] [--pickles-only]
"""

import argparse
import io
import pathlib
import random
import re
import subprocess
import sys
import tempfile
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent
SEED = ROOT / "corpus" / "fuzz_checkpoint" / "archive-to-seal"


def read_records(archive):
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        return [(info.filename, z.read(info)) for info in z.infolist()]


def write_records(records):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for name, data in records:
            z.writestr(zipfile.ZipInfo(name), data)
    return out.getvalue()


def fragments_of(records):
    """Names and punctuation as the archive writes them: what an edit splices in."""
    pieces = set()
    for name, data in records:
        if name.endswith(".py") or name.endswith(".pkl"):
            pieces.update(re.findall(rb"[A-Za-z_][A-Za-z0-9_.]*|[\[\]():,\"=]", data))
    return sorted(pieces)


def mutate(records, fragments, rng, pickles_only=False):
    records = [list(r) for r in records]
    targets = [r for r in records if r[0].endswith(".py") or r[0].endswith(".pkl")]
    pickles = [r for r in targets if r[0].endswith(".pkl")]
    for _ in range(rng.randint(1, 4)):
        # Half the edits (or all) go to the pickles: an edited declaration is
        # nearly always refused by the archive check, so few reach LibTorch.
        record = rng.choice(pickles if pickles_only or rng.random() < 0.5 else targets)
        data = bytearray(record[1])
        kind = rng.randrange(5)
        at = rng.randrange(max(1, len(data)))
        if kind == 0 and data:
            data[at] = rng.randrange(256)
        elif kind == 1:
            del data[at:at + rng.randint(1, 16)]
        elif kind == 2:
            data[at:at] = data[at:at + rng.randint(1, 16)]
        elif kind == 3:
            piece = rng.choice(fragments)
            data[at:at + rng.randint(0, len(piece))] = piece
        else:
            other = rng.choice(targets)
            if other is not record:
                record[0], other[0] = other[0], record[0]
        record[1] = bytes(data)
    return [tuple(r) for r in records]


def runs_clean(harness, paths):
    result = subprocess.run([harness, *map(str, paths)], capture_output=True, timeout=600)
    return result.returncode == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--harness", required=True, help="the ordinary build's fuzz_checkpoint")
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--out", default="checkpoint-crashes")
    parser.add_argument("--pickles-only", action="store_true", help="edit only data.pkl and constants.pkl")
    args = parser.parse_args()

    seed = SEED.read_bytes()
    records = read_records(seed[1:])
    fragments = fragments_of(records)
    rng = random.Random(args.seed)
    out = pathlib.Path(args.out)
    crashes = 0
    with tempfile.TemporaryDirectory() as scratch:
        done = 0
        while done < args.count:
            n = min(args.batch, args.count - done)
            paths = []
            for i in range(n):
                path = pathlib.Path(scratch) / f"mutant-{done + i:06d}"
                path.write_bytes(b"\x01" + write_records(mutate(records, fragments, rng, args.pickles_only)))
                paths.append(path)
            if not runs_clean(args.harness, paths):
                for path in paths:
                    if not runs_clean(args.harness, [path]):
                        crashes += 1
                        out.mkdir(parents=True, exist_ok=True)
                        (out / path.name).write_bytes(path.read_bytes())
            for path in paths:
                path.unlink()
            done += n
            print(f"{done} inputs, {crashes} crashed", flush=True)
    print(f"{args.count} mutated checkpoints (seed {args.seed}): {crashes} ended the process"
          + (f"; kept in {out}/" if crashes else ""))
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
