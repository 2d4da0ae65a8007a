#!/usr/bin/python3
"""LatentLab's benchmark against the PyTorch Python reference (issue #5).

Runs, side by side on this machine, and prints a summary:
  training   tests/bench/reference_vae.py and latentlab-cli on the classic VAE
             example's workload (Fashion-MNIST, 784-400-20, batch 128, Adam 1e-3),
             alternating runs: median seconds per epoch, images/s, final test
             -ELBO, peak resident memory, the time ratio;
  matmul     the matrix-product ceiling (torch::mm on OpenBLAS and oneDNN's
             sgemm, every core), and the training's GFLOP/s as a fraction of it;
  memory     the uint8 training set plus one float batch against the CLI's peak RSS;
  loading    a generated folder of 64x64 RGB PNGs: latentlab's loader (cache off,
             and a cached second open) against torchvision ImageFolder +
             DataLoader(num_workers=2);
  conv       latentlab-cli --arch conv on a 64x64 RGB shapes folder, when the
             CLI has --arch.
Usually started by tests/bench/run.sh, which installs and builds what it needs.
Modes: --short (2 epochs, 3 runs), --full (10 epochs, 2 runs), --smoke (a tiny
workload for the test: every figure, no meaning). --check exits with status 1
when a figure is missing.
"""
import argparse
import gzip
import math
import os
import re
import shutil
import statistics
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FASHION_DIR = "/usr/share/datasets/fashion-mnist"
PYTHON = "/usr/bin/python3"

MODES = {
    #         epochs runs train_limit test_limit pngs  load_repeat conv_images conv_epochs matmul_size
    "smoke": (1, 1, 512, 256, 200, 1, 200, 1, 512),
    "short": (2, 3, None, None, 20000, 2, 5000, 1, 2048),
    "full": (10, 2, None, None, 20000, 3, 5000, 2, 2048),
}

figures = {}   # name -> value, in the order printed
missing = []


def figure(name, value, unit=""):
    figures[name] = (value, unit)


def log(text):
    print(text, flush=True)


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def run(command):
    """Runs `command`; returns its standard output."""
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed with status {result.returncode}:\n{result.stderr[-3000:]}")
    return result.stdout


CLI_ENV = {}  # --cli-env: extra environment of LatentLab's programs only


def run_measured(command):
    """Runs `command`; returns (standard output, peak resident memory of that
    child alone in MB, from wait4). Its standard error goes to the log file."""
    out, usage = run_with_usage(command)
    return out, usage.ru_maxrss / 1024.0  # kB -> MB


def run_with_usage(command):
    """Runs `command`; returns (standard output, wait4's resource usage of that
    child alone: ru_utime, ru_stime, ru_maxrss in kB). Its standard error goes
    to the log file."""
    with open(os.environ["LATENTLAB_BENCH_STDERR"], "a") as err:
        err.write(f"$ {' '.join(command)}\n")
        err.flush()
        env = dict(os.environ, **CLI_ENV) if "latentlab" in os.path.basename(command[0]) else None
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=err, text=True, env=env)
        out = process.stdout.read()
        process.stdout.close()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed with status {process.returncode}; "
                           f"see {os.environ['LATENTLAB_BENCH_STDERR']}")
    return out, usage


# ---- Workloads ---------------------------------------------------------------

def write_idx_subset(source, target, train_limit, test_limit):
    """The first images of each split of an MNIST-format folder, as .gz IDX files."""
    os.makedirs(target, exist_ok=True)
    for prefix, limit in (("train", train_limit), ("t10k", test_limit)):
        for kind, rank in (("images-idx3-ubyte", 3), ("labels-idx1-ubyte", 1)):
            name = f"{prefix}-{kind}.gz"
            with gzip.open(os.path.join(source, name)) as f:
                data = f.read()
            dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
            item = math.prod(dims[1:]) if rank > 1 else 1
            count = min(limit, dims[0])
            header = data[:4] + struct.pack(">" + "I" * rank, count, *dims[1:])
            body = data[4 + 4 * rank: 4 + 4 * rank + count * item]
            with gzip.open(os.path.join(target, name), "wb", compresslevel=1) as f:
                f.write(header + body)
    return target


def shapes_folder(work, tool, count, size=64):
    """A seeded folder of shapes PNGs, made once and kept in the work folder."""
    folder = os.path.join(work, f"shapes-{count}-{size}")
    stamp = folder + ".done"
    if not os.path.exists(stamp):
        shutil.rmtree(folder, ignore_errors=True)
        start = time.perf_counter()
        run([tool, "--out", folder, "--count", str(count), "--size", str(size), "--seed", "1"])
        log(f"  made {count} PNGs ({size}x{size} RGB) in {folder} in {time.perf_counter() - start:.1f} s")
        with open(stamp, "w") as f:
            f.write("done\n")
    return folder


# ---- Training ----------------------------------------------------------------

CLI_EPOCH = re.compile(r"epoch\s+(\d+)/\d+.*?test -ELBO\s+([-\d.naif]+).*?([\d.]+) s\s+([\d.]+) img/s")
PY_EPOCH = re.compile(r"epoch (\d+) seconds ([\d.]+) train_loss ([-\d.naif]+) test_loss ([-\d.naif]+)")


def train_python(epochs, data_dir):
    out, rss = run_measured([PYTHON, os.path.join(HERE, "reference_vae.py"), "--epochs", str(epochs),
                             "--data-dir", data_dir])
    epochs_seen = [PY_EPOCH.search(line) for line in out.splitlines()]
    epochs_seen = [m for m in epochs_seen if m]
    return [float(m.group(2)) for m in epochs_seen], float(epochs_seen[-1].group(4)), rss


def train_cli(cli, epochs, data, out_dir, extra=()):
    out, rss = run_measured([cli, "train", "--data", data, "--epochs", str(epochs), "--out", out_dir, *extra])
    epochs_seen = [m for m in (CLI_EPOCH.search(line) for line in out.splitlines()) if m]
    if not epochs_seen:
        raise RuntimeError("no epoch lines in latentlab-cli's output:\n" + out[-2000:])
    return [float(m.group(3)) for m in epochs_seen], float(epochs_seen[-1].group(2)), rss, \
        [float(m.group(4)) for m in epochs_seen]


def mlp_flops_per_image(sizes):
    """Forward 2*in*out per linear layer; backward 4*in*out, except 2*in*out for
    the first layer (no gradient with respect to the input images)."""
    forward = sum(2 * i * o for i, o in sizes)
    backward = sum(4 * i * o for i, o in sizes) - 2 * sizes[0][0] * sizes[0][1]
    return forward + backward


# ---- Main --------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group()
    for name in MODES:
        mode.add_argument(f"--{name}", dest="mode", action="store_const", const=name)
    parser.add_argument("--build-dir", default="build")
    parser.add_argument("--work-dir", help="where the generated data is kept (default BUILD/bench)")
    parser.add_argument("--runs", type=int, help="alternating training runs of each side")
    parser.add_argument("--epochs", type=int)
    parser.add_argument("--skip", default="", help="comma-separated parts to leave out: training,loading,conv")
    parser.add_argument("--check", action="store_true", help="exit 1 when a figure is missing")
    parser.add_argument("--cli-env", action="append", default=[], metavar="NAME=VALUE",
                        help="set in the environment of LatentLab's programs only (for experiments, e.g. "
                             "OPENBLAS_CORETYPE=SKYLAKEX)")
    args = parser.parse_args()
    for item in args.cli_env:
        name, _, value = item.partition("=")
        CLI_ENV[name] = value
    mode = args.mode or "short"
    epochs, runs, train_limit, test_limit, pngs, load_repeat, conv_images, conv_epochs, matmul_size = MODES[mode]
    epochs = args.epochs or epochs
    runs = args.runs or runs
    skip = set(filter(None, args.skip.split(",")))

    build = os.path.abspath(args.build_dir)
    work = os.path.abspath(args.work_dir or os.path.join(build, "bench"))
    os.makedirs(work, exist_ok=True)
    cli = os.path.join(build, "app", "latentlab-cli")
    tool = os.path.join(build, "tests", "latentlab-bench")
    make_shapes = os.path.join(build, "datasets", "latentlab-make-shapes")
    needed = {tool}
    if not {"training", "conv"} <= skip:
        needed.add(cli)
    if not {"loading", "conv"} <= skip:
        needed.add(make_shapes)
    for path in sorted(needed):
        if not os.access(path, os.X_OK):
            sys.exit(f"bench.py: {path} is missing: build it first (tests/bench/run.sh does)")
    os.environ["LATENTLAB_CACHE_DIR"] = os.path.join(work, "folder-cache")
    os.environ.setdefault("LATENTLAB_BENCH_STDERR", os.path.join(work, "stderr.log"))
    open(os.environ["LATENTLAB_BENCH_STDERR"], "w").close()

    cores = os.cpu_count()
    log(f"LatentLab benchmark, {mode} mode: {epochs} epoch(s), {runs} run(s) of each side")
    log(f"machine: {cores} cores; load average {load_average()} (1, 5, 15 min) at the start; "
        f"{time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    if CLI_ENV:
        log("LatentLab's programs run with " + " ".join(f"{k}={v}" for k, v in CLI_ENV.items()))
    figure("cores", cores)
    figure("load average at start", load_average())

    # ---- Training, alternating -------------------------------------------
    data_dir = FASHION_DIR
    cli_data = "fashion-mnist"
    train_images = 60000
    if train_limit:
        data_dir = write_idx_subset(FASHION_DIR, os.path.join(work, f"fashion-subset-{train_limit}"),
                                    train_limit, test_limit)
        cli_data = data_dir
        train_images = train_limit
    cli_seconds = []
    if "training" not in skip:
        log(f"\ntraining: {train_images} images, 784-400-20, batch 128, Adam 1e-3, seed 1, {epochs} epoch(s)")
        py_seconds, py_final, py_rss = [], [], []
        cli_final, cli_rss = [], []
        for r in range(runs):
            order = ("python", "cli") if r % 2 == 0 else ("cli", "python")
            for side in order:
                if side == "python":
                    seconds, final, rss = train_python(epochs, data_dir)
                    py_seconds += seconds
                    py_final.append(final)
                    py_rss.append(rss)
                else:
                    seconds, final, rss, _ = train_cli(cli, epochs, cli_data, os.path.join(work, "cli-run"))
                    cli_seconds += seconds
                    cli_final.append(final)
                    cli_rss.append(rss)
                log(f"  run {r + 1} {side:<7} s/epoch {' '.join(f'{s:.2f}' for s in seconds)}  "
                    f"final test -ELBO {final:.2f}  peak RSS {rss:.0f} MB  (load {load_average()})")
        py_median = statistics.median(py_seconds)
        cli_median = statistics.median(cli_seconds)
        figure("python median s/epoch", py_median, "s")
        figure("latentlab median s/epoch", cli_median, "s")
        figure("python images/s", train_images / py_median)
        figure("latentlab images/s", train_images / cli_median)
        figure("python final test -ELBO", statistics.median(py_final), "nats")
        figure("latentlab final test -ELBO", statistics.median(cli_final), "nats")
        figure("python peak RSS", max(py_rss), "MB")
        figure("latentlab peak RSS", max(cli_rss), "MB")
        figure("time ratio latentlab/python", cli_median / py_median)

        # ---- The matrix-multiply ceiling -----------------------------------
        out, _ = run_measured([tool, "matmul", "--size", str(matmul_size)])
        products = re.findall(r"matmul (\S+) size \d+ threads (\d+) seconds [\d.]+ gflops ([\d.]+)", out)
        for name, threads, gflops in products:
            figure(f"matmul {matmul_size}x{matmul_size} {name}, {threads} threads", float(gflops), "GFLOP/s")
        ceiling = max(float(gflops) for _, _, gflops in products)
        flops = mlp_flops_per_image([(784, 400), (400, 20), (400, 20), (20, 400), (400, 784)])
        achieved = flops * train_images / cli_median / 1e9
        figure("matmul ceiling (the faster of the two)", ceiling, "GFLOP/s")
        figure("latentlab training GFLOP/s", achieved, "GFLOP/s")
        figure("fraction of the matmul ceiling", achieved / ceiling)

        # ---- Memory ----------------------------------------------------------
        data_bytes = train_images * 784 + 128 * 784 * 4
        figure("uint8 training set + one float batch", data_bytes / 1e6, "MB")
        # The same run on 512 images: what the libraries, model and optimizer take.
        tiny = write_idx_subset(FASHION_DIR, os.path.join(work, "fashion-subset-512"), 512, 256)
        _, _, tiny_rss, _ = train_cli(cli, 1, tiny, os.path.join(work, "cli-tiny"))
        figure("latentlab peak RSS, 512-image run", tiny_rss, "MB")
        figure("latentlab peak RSS above the 512-image run", max(cli_rss) - tiny_rss, "MB")

    # ---- Loading -----------------------------------------------------------
    if "loading" not in skip:
        folder = shapes_folder(work, make_shapes, pngs)
        log(f"\nloading: {pngs} PNGs, 64x64 RGB ({folder})")
        ours, theirs = [], []
        for r in range(load_repeat):
            out, _ = run_measured([tool, "load", folder, "--size", "64", "--channels", "3", "--cache", "off"])
            ours += [float(x) for x in re.findall(r"seconds ([\d.]+)", out)]
            out, _ = run_measured([PYTHON, os.path.join(HERE, "torchvision_load.py"), folder, "--workers", "2"])
            theirs += [float(x) for x in re.findall(r"seconds ([\d.]+)", out)]
            log(f"  run {r + 1}: latentlab {ours[-1]:.2f} s, torchvision {theirs[-1]:.2f} s  (load {load_average()})")
        out, _ = run_measured([tool, "load", folder, "--size", "64", "--channels", "3", "--cache", "warm",
                               "--repeat", "3"])
        warm = [(float(s), int(c)) for s, c in re.findall(r"seconds ([\d.]+) from_cache (\d)", out)]
        ours_median, theirs_median = statistics.median(ours), statistics.median(theirs)
        figure("latentlab load images/s (cache off)", pngs / ours_median)
        figure("torchvision load images/s (ImageFolder + DataLoader, 2 workers)", pngs / theirs_median)
        figure("load speed ratio latentlab/torchvision", theirs_median / ours_median)
        if warm and all(c == 1 for _, c in warm):
            figure("latentlab cached second open", statistics.median(s for s, _ in warm), "s")
        else:
            log("  the cached open was not served from the cache: see " + os.environ["LATENTLAB_BENCH_STDERR"])

    # ---- Conv workload -----------------------------------------------------
    if "conv" not in skip:
        help_text = subprocess.run([cli, "train", "--help"], capture_output=True, text=True).stdout
        if "--arch" not in help_text:
            log("\nconv: not available (latentlab-cli train --help lists no --arch)")
            figure("conv", "not available")
        else:
            folder = shapes_folder(work, make_shapes, conv_images)
            log(f"\nconv: {conv_images} shapes PNGs, 64x64 RGB, default conv model, {conv_epochs} epoch(s)")
            seconds, final, rss, rates = train_cli(
                cli, conv_epochs, folder, os.path.join(work, "cli-conv"),
                ["--arch", "conv", "--size", "64", "--channels", "3"])
            log(f"  s/epoch {' '.join(f'{s:.2f}' for s in seconds)}  final test -ELBO {final:.2f}  "
                f"peak RSS {rss:.0f} MB")
            figure("conv median s/epoch", statistics.median(seconds), "s")
            figure("conv images/s", statistics.median(rates))
            figure("conv final test -ELBO", final, "nats")
            figure("conv peak RSS", rss, "MB")

    figure("load average at end", load_average())

    # ---- Summary -----------------------------------------------------------
    log("\nsummary:")
    for name, (value, unit) in figures.items():
        if isinstance(value, float):
            bad = not math.isfinite(value)
            text = f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}" if abs(value) < 1000 else f"{value:.0f}"
        else:
            bad = value is None
            text = str(value)
        if bad:
            missing.append(name)
        log(f"  {name}: {text}{(' ' + unit) if unit else ''}")
    expected = []
    if "training" not in skip:
        expected += ["python median s/epoch", "latentlab median s/epoch", "python images/s", "latentlab images/s",
                     "python final test -ELBO", "latentlab final test -ELBO", "python peak RSS",
                     "latentlab peak RSS", "time ratio latentlab/python", "latentlab training GFLOP/s",
                     "fraction of the matmul ceiling", "uint8 training set + one float batch",
                     "latentlab peak RSS above the 512-image run"]
    if "loading" not in skip:
        expected += ["latentlab load images/s (cache off)",
                     "torchvision load images/s (ImageFolder + DataLoader, 2 workers)",
                     "load speed ratio latentlab/torchvision", "latentlab cached second open"]
    if "conv" not in skip:
        expected += ["conv median s/epoch", "conv images/s"] if "conv" not in figures else ["conv"]
    missing.extend(name for name in expected if name not in figures)
    if missing:
        log("missing figures: " + ", ".join(missing))
        if args.check:
            sys.exit(1)


if __name__ == "__main__":
    main()
