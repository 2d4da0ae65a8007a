#!/usr/bin/env python3
"""Long runs do not leak: resident memory of latentlab-cli sampled once per epoch.

Trains a small model for --epochs epochs (default 100) on a generated folder of
shapes (latentlab-make-shapes), reads VmRSS from /proc/PID/status as each epoch's
line is printed, and fits a least-squares line to the samples after a warm-up
(the first --skip epochs, default 10: allocator pools and caches fill there).
Prints the samples, the slope in KiB per epoch, and the growth the slope would
give over 1,000 epochs.

    python3 tests/bench/memory_slope.py [--build-dir build] [--epochs 100] [--count 2000]
"""
import argparse
import os
import subprocess
import sys
import tempfile


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


def slope(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build-dir", default="build")
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--skip", type=int, default=10)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--size", type=int, default=32)
    args = parser.parse_args()
    cli = os.path.join(args.build_dir, "app", "latentlab-cli")
    shapes = os.path.join(args.build_dir, "datasets", "latentlab-make-shapes")
    with tempfile.TemporaryDirectory() as work:
        data = os.path.join(work, "shapes")
        subprocess.run([shapes, "--out", data, "--count", str(args.count), "--size", str(args.size)],
                       check=True, stdout=subprocess.DEVNULL)
        env = dict(os.environ, LATENTLAB_CACHE_DIR=os.path.join(work, "cache"))
        command = [cli, "train", "--data", data, "--size", str(args.size), "--channels", "3",
                   "--epochs", str(args.epochs), "--batch", "64", "--hidden", "128", "--latent", "8",
                   "--out", os.path.join(work, "run")]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
        samples = []
        for line in process.stdout:
            if line.startswith("epoch "):
                epoch = int(line.split()[1].split("/")[0])
                samples.append((epoch, rss_kib(process.pid)))
        if process.wait() != 0:
            sys.exit("latentlab-cli failed")
    for epoch, rss in samples:
        print(f"epoch {epoch:4d}  RSS {rss / 1024:8.1f} MiB")
    kept = [(e, r) for e, r in samples if e > args.skip]
    per_epoch = slope([e for e, _ in kept], [r for _, r in kept])
    print(f"epochs {args.skip + 1}-{args.epochs}: RSS {kept[0][1] / 1024:.1f} -> {kept[-1][1] / 1024:.1f} MiB, "
          f"slope {per_epoch:+.2f} KiB per epoch ({per_epoch * 1000 / 1024:+.1f} MiB per 1,000 epochs)")


if __name__ == "__main__":
    main()
