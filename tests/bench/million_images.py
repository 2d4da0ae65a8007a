#!/usr/bin/env python3
"""A million images (issue #23): 1,000,000 generated 32x32 RGB shapes (2.9 GiB of
pixels): the cache build, one MLP epoch and `score` of every image, each with its
time and peak anonymous resident memory (RssAnon; RssFile, the mapped file's
pages the kernel may drop, beside it). Under a memory limit when
`systemd-run --user --scope -p MemoryMax=...` works here (--memory-max), else
with the RssAnon figures alone.

    python3 tests/bench/million_images.py [--build-dir build] [--count 1000000] [--size 32]
        [--folder DIR] [--memory-max 2G] [--keep]
"""
import argparse
import os
import re
import shutil
import subprocess

from large_folder import run, shapes_folder, work_dir


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build-dir", default="build")
    parser.add_argument("--count", type=int, default=1000000)
    parser.add_argument("--size", type=int, default=32)
    parser.add_argument("--folder")
    parser.add_argument("--memory-max", default="2G")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    cli = os.path.join(args.build_dir, "app", "latentlab-cli")
    limit = []
    probe = subprocess.run(["systemd-run", "--user", "--scope", "-q", "-p", f"MemoryMax={args.memory_max}", "true"],
                           capture_output=True) if shutil.which("systemd-run") else None
    if probe is not None and probe.returncode == 0:
        limit = ["systemd-run", "--user", "--scope", "-q", "-p", f"MemoryMax={args.memory_max}"]
        print(f"each command runs under MemoryMax={args.memory_max}")
    else:
        print("no systemd scope here: no memory limit, RssAnon measured instead")
    with work_dir("latentlab-million-", args.keep) as work:
        folder = shapes_folder(args.build_dir, work, args.folder, args.count, args.size)
        env = dict(os.environ, LATENTLAB_CACHE_DIR=os.path.join(work, "cache"))
        run_dir = os.path.join(work, "run")
        out, anon, file_rss, wall = run(limit + [cli, "train", "--data", folder, "--size", str(args.size),
                                                 "--channels", "3", "--epochs", "1", "--out", run_dir], env)
        loaded = float(re.search(r"loaded in ([0-9.]+) s", out).group(1))
        epoch = float(re.search(r"^epoch .*?([0-9.]+) s\s+[0-9]+ img/s", out, re.M).group(1))
        print(re.search(r"^data: .*$", out, re.M).group(0))
        print(f"train: cache build (scan, decode, check) {loaded:.0f} s ({args.count / max(loaded, 0.05):.0f} images/s), "
              f"one MLP epoch {epoch:.0f} s, whole process {wall:.0f} s; peak RssAnon {anon:.0f} MiB, "
              f"peak RssFile {file_rss:.0f} MiB")
        out, anon, file_rss, wall = run(limit + [cli, "score", "--checkpoint", os.path.join(run_dir, "checkpoint.pt"),
                                                 "--out", os.path.join(work, "scores.csv")], env)
        rows = sum(1 for _ in open(os.path.join(work, "scores.csv"))) - 1
        print(f"score: {rows} rows in {wall:.0f} s (the cache opened, not rebuilt); peak RssAnon {anon:.0f} MiB, "
              f"peak RssFile {file_rss:.0f} MiB")


if __name__ == "__main__":
    main()
