#!/usr/bin/python3
"""The conv VAE against the same network in plain PyTorch, side by side (issue #26).

For each --size (32, 64, 128): a seeded folder of shapes PNGs (RGB, 5,000 by
default, made once in the work folder), then alternating runs of
reference_conv_vae.py and `latentlab-cli train --arch conv --size S
--channels 3` (all other settings the defaults: the same network, Bernoulli
decoder, batch 128, Adam 1e-3). Prints, per size: the median seconds per
epoch over all epochs of all runs (training only, evaluation excluded on both
sides), the ratio LatentLab / PyTorch, each process's user + system CPU
seconds (from wait4; loading and evaluation included), the final test -ELBO
and the load average after each run.

--also NAME=PATH adds another latentlab-cli binary to the rotation (an A/B of
two builds in one invocation); --cli-env NAME=VALUE sets a variable for
LatentLab's programs only. Usually started by `tests/bench/run.sh --conv`.
"""
import argparse
import os
import statistics
import sys
import time

import bench

HERE = os.path.dirname(os.path.abspath(__file__))


def train_reference(size, epochs, folder, threads):
    command = [bench.PYTHON, os.path.join(HERE, "reference_conv_vae.py"), "--data", folder, "--size", str(size),
               "--channels", "3", "--epochs", str(epochs)]
    if threads:
        command += ["--threads", str(threads)]
    out, usage = bench.run_with_usage(command)
    seen = [m for m in (bench.PY_EPOCH.search(line) for line in out.splitlines()) if m]
    if not seen:
        raise RuntimeError("no epoch lines in reference_conv_vae.py's output:\n" + out[-2000:])
    return [float(m.group(2)) for m in seen], float(seen[-1].group(4)), usage


def train_latentlab(cli, size, epochs, folder, out_dir):
    out, usage = bench.run_with_usage([cli, "train", "--data", folder, "--epochs", str(epochs), "--out", out_dir,
                                       "--arch", "conv", "--size", str(size), "--channels", "3"])
    seen = [m for m in (bench.CLI_EPOCH.search(line) for line in out.splitlines()) if m]
    if not seen:
        raise RuntimeError("no epoch lines in latentlab-cli's output:\n" + out[-2000:])
    return [float(m.group(3)) for m in seen], float(seen[-1].group(2)), usage


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", default="build")
    parser.add_argument("--work-dir", help="where the generated data is kept (default BUILD/bench)")
    parser.add_argument("--size", default="64", help="comma-separated sides: 32, 64, 128 (default 64)")
    parser.add_argument("--images", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3, help="alternating runs of each side (default 3)")
    parser.add_argument("--epochs", type=int, default=2, help="epochs per run (default 2)")
    parser.add_argument("--python-threads", type=int, default=0, help="PyTorch's intra-op threads (0: its default)")
    parser.add_argument("--skip-python", action="store_true", help="only the LatentLab binaries (an A/B of builds)")
    parser.add_argument("--also", action="append", default=[], metavar="NAME=PATH",
                        help="another latentlab-cli binary to run in the rotation")
    parser.add_argument("--cli-env", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args()
    for item in args.cli_env:
        name, _, value = item.partition("=")
        bench.CLI_ENV[name] = value

    build = os.path.abspath(args.build_dir)
    work = os.path.abspath(args.work_dir or os.path.join(build, "bench"))
    os.makedirs(work, exist_ok=True)
    sides = {"latentlab": os.path.join(build, "app", "latentlab-cli")}
    for item in args.also:
        name, _, path = item.partition("=")
        sides[name] = os.path.abspath(path)
    make_shapes = os.path.join(build, "datasets", "latentlab-make-shapes")
    for path in [make_shapes, *sides.values()]:
        if not os.access(path, os.X_OK):
            sys.exit(f"conv_bench.py: {path} is missing: build it first (tests/bench/run.sh --conv does)")
    os.environ["LATENTLAB_CACHE_DIR"] = os.path.join(work, "folder-cache")
    os.environ.setdefault("LATENTLAB_BENCH_STDERR", os.path.join(work, "conv-stderr.log"))
    open(os.environ["LATENTLAB_BENCH_STDERR"], "w").close()
    names = list(sides) if args.skip_python else ["pytorch", *sides]

    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    bench.log(f"conv benchmark: {args.images} shapes, RGB, batch 128, {args.epochs} epoch(s) x {args.runs} "
              f"alternating run(s) of {', '.join(names)}")
    bench.log(f"machine: {cpu}, {os.cpu_count()} cores; load average {bench.load_average()}; "
              f"{time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    if bench.CLI_ENV:
        bench.log("LatentLab's programs run with " + " ".join(f"{k}={v}" for k, v in bench.CLI_ENV.items()))
    summary = []
    for size in (int(s) for s in args.size.split(",")):
        folder = bench.shapes_folder(work, make_shapes, args.images, size)
        bench.log(f"\nsize {size}x{size}: {folder}")
        seconds = {name: [] for name in names}
        cpu_seconds = {name: [] for name in names}
        loads = []
        for r in range(args.runs):
            order = names if r % 2 == 0 else names[::-1]
            for name in order:
                if name == "pytorch":
                    epochs, final, usage = train_reference(size, args.epochs, folder, args.python_threads)
                else:
                    epochs, final, usage = train_latentlab(sides[name], size, args.epochs, folder,
                                                           os.path.join(work, f"conv-{name}"))
                seconds[name] += epochs
                cpu_seconds[name].append(usage.ru_utime + usage.ru_stime)
                loads.append(bench.load_average())
                bench.log(f"  run {r + 1} {name:<10} s/epoch {' '.join(f'{s:.2f}' for s in epochs)}  "
                          f"final test -ELBO {final:.2f}  CPU {usage.ru_utime:.1f} user + {usage.ru_stime:.1f} sys s  "
                          f"peak RSS {usage.ru_maxrss / 1024:.0f} MB  (load {loads[-1]})")
        medians = {name: statistics.median(values) for name, values in seconds.items()}
        line = f"size {size}: " + ", ".join(
            f"{name} {medians[name]:.2f} s/epoch (CPU {statistics.median(cpu_seconds[name]):.1f} s/run)"
            for name in names)
        reference = "pytorch" if "pytorch" in medians else names[0]
        ratios = ", ".join(f"{name}/{reference} {medians[name] / medians[reference]:.3f}"
                           for name in names if name != reference)
        one_minute = [float(load.split()[0]) for load in loads]
        summary.append(f"{line}; ratio {ratios}; 1-min load {min(one_minute):.2f}-{max(one_minute):.2f}")
    bench.log("\nsummary (median s/epoch over all epochs of all runs):")
    for line in summary:
        bench.log("  " + line)
    bench.log(f"load average at end {bench.load_average()}")


if __name__ == "__main__":
    main()
