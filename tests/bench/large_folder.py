#!/usr/bin/env python3
"""Folders larger than memory (issue #23): the folder cache's build, and one
conv epoch with the pixels in memory against the same epoch with them mapped.

Generates (or reuses, --folder) a folder of --count shapes at --size x --size RGB
with latentlab-make-shapes, then:
  build    latentlab-cli train on a fresh cache folder: the "loaded in" time is
           the decoding of every image into the cache file (images/s printed)
  epochs   --rounds rounds, alternating LATENTLAB_PIXELS=memory and =mapped, of
           one epoch each, the cache file already built and in the page cache:
           the epoch's seconds and the peak anonymous resident memory (RssAnon
           from /proc/PID/status, sampled every 20 ms; RssFile, the mapped
           file's pages the kernel may drop, beside it)
Prints each run and the medians.

    python3 tests/bench/large_folder.py [--build-dir build] [--count 100000] [--size 64]
        [--arch conv|mlp] [--rounds 3] [--folder DIR] [--keep]
"""
import argparse
import contextlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time


def status_kib(pid, field):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(command, env):
    """Runs command; returns (stdout, peak RssAnon MiB, peak RssFile MiB, wall s)."""
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    peaks = {"RssAnon": 0, "RssFile": 0}

    def sample():
        while process.poll() is None:
            for field in peaks:
                peaks[field] = max(peaks[field], status_kib(process.pid, field))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    out = process.stdout.read()
    process.wait()
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{out}")
    return out, peaks["RssAnon"] / 1024, peaks["RssFile"] / 1024, time.monotonic() - start


def shapes_folder(build_dir, work, folder, count, size):
    """`folder` when given, else `count` generated shapes in `work`, old enough to be cached."""
    if folder:
        return folder
    folder = os.path.join(work, "shapes")
    start = time.monotonic()
    subprocess.run([os.path.join(build_dir, "datasets", "latentlab-make-shapes"), "--out", folder, "--count",
                    str(count), "--size", str(size)], check=True, stdout=subprocess.DEVNULL)
    print(f"generated {count} images in {time.monotonic() - start:.0f} s")
    time.sleep(4)  # files younger than 3 s are not cached (FolderCache's settle time)
    return folder


@contextlib.contextmanager
def work_dir(prefix, keep):
    """A temporary folder, removed afterwards unless `keep`."""
    work = tempfile.mkdtemp(prefix=prefix)
    try:
        yield work
    finally:
        if keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build-dir", default="build")
    parser.add_argument("--count", type=int, default=100000)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--arch", default="conv")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--folder", help="an existing folder of images instead of generated shapes")
    parser.add_argument("--keep", action="store_true", help="keep the generated folder and cache")
    args = parser.parse_args()
    cli = os.path.join(args.build_dir, "app", "latentlab-cli")
    with work_dir("latentlab-large-", args.keep) as work:
        folder = shapes_folder(args.build_dir, work, args.folder, args.count, args.size)
        cache = os.path.join(work, "cache")
        base = dict(os.environ, LATENTLAB_CACHE_DIR=cache)

        def train(pixels, name):
            env = dict(base)
            if pixels:
                env["LATENTLAB_PIXELS"] = pixels
            command = [cli, "train", "--data", folder, "--arch", args.arch, "--size", str(args.size),
                       "--channels", "3", "--epochs", "1", "--out", os.path.join(work, name)]
            out, anon, file_rss, wall = run(command, env)
            loaded = float(re.search(r"loaded in ([0-9.]+) s", out).group(1))
            images = sum(int(n) for n in re.search(r"(\d+) train \+ (\d+) test", out).groups())
            epoch = float(re.search(r"^epoch .*?([0-9.]+) s\s+[0-9]+ img/s", out, re.M).group(1))
            mode = "mapped" if "pixels mapped" in out else "memory"
            return {"loaded": loaded, "images": images, "epoch": epoch, "anon": anon, "file": file_rss,
                    "wall": wall, "mode": mode}

        first = train("", "build")
        print(f"cache build: {first['images']} images decoded in {first['loaded']:.1f} s "
              f"({first['images'] / max(first['loaded'], 0.05):.0f} images/s); chose {first['mode']}; "
              f"peak RssAnon {first['anon']:.0f} MiB")
        pixel_mib = first["images"] * 3 * args.size * args.size / 2**20
        print(f"pixels: {pixel_mib:.0f} MiB; cache file {sum(os.path.getsize(os.path.join(cache, f)) for f in os.listdir(cache)) / 2**20:.0f} MiB")
        results = {"memory": [], "mapped": []}
        for r in range(args.rounds):
            for pixels in ("memory", "mapped"):
                result = train(pixels, f"{pixels}-{r}")
                results[pixels].append(result)
                print(f"round {r + 1} {pixels:6}: open {result['loaded']:.1f} s, epoch {result['epoch']:.2f} s, "
                      f"peak RssAnon {result['anon']:.0f} MiB, peak RssFile {result['file']:.0f} MiB, "
                      f"process {result['wall']:.1f} s")
        print("\nmedians (" + os.uname().machine + ", " + str(os.cpu_count()) + " cores):")
        for pixels, runs in results.items():
            print(f"  {pixels:6}: epoch {statistics.median(r['epoch'] for r in runs):.2f} s, "
                  f"open {statistics.median(r['loaded'] for r in runs):.2f} s, "
                  f"peak RssAnon {statistics.median(r['anon'] for r in runs):.0f} MiB")
        ratio = statistics.median(r["epoch"] for r in results["mapped"]) / statistics.median(
            r["epoch"] for r in results["memory"])
        print(f"  mapped / memory epoch time: {ratio:.3f}")


if __name__ == "__main__":
    main()
