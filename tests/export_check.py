#!/usr/bin/env python3
"""Every decoder's export loads strictly into the PyTorch module of the README.

Trains a tiny MLP for one epoch with each likelihood through latentlab-cli,
exports it, then runs the README's ```python block (under "Export for
PyTorch") and loads each export with its load_vae(). Also checks that the
loaded decoder gives what the CLI says: a finite output of the right shape, and
that two of them, saved again by Python's torch.save, import back
(latentlab-cli import) to runs that evaluate to the same numbers.
Usage: export_check.py --cli PATH --readme PATH --work-dir DIR
"""
import argparse
import pathlib
import re
import subprocess
import sys

import torch

LIKELIHOODS = ["bernoulli", "cbernoulli", "gaussian", "gaussian-learned", "gaussian-predicted", "laplace",
               "laplace-learned"]


def readme_module(readme):
    text = pathlib.Path(readme).read_text()
    section = text[text.index("### Export for PyTorch"):]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", required=True)
    parser.add_argument("--readme", required=True)
    parser.add_argument("--work-dir", required=True)
    args = parser.parse_args()
    work = pathlib.Path(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    namespace = {}
    exec(readme_module(args.readme), namespace)

    runs = [("diagonal", name, "diagonal") for name in LIKELIHOODS]
    runs += [("single", "gaussian", "diagonal"), ("diagonal", "gaussian-predicted", "single")]
    for posterior, likelihood, variance in runs:
        run = work / f"{likelihood}-{posterior}-{variance}"
        subprocess.run([args.cli, "train", "--data", "fashion-mnist", "--hidden", "32", "--latent", "3",
                        "--epochs", "1", "--decoder", likelihood, "--posterior", posterior,
                        "--decoder-variance", variance, "--out", str(run)],
                       check=True, stdout=subprocess.DEVNULL)
        exported = run / "vae.pt"
        subprocess.run([args.cli, "export", "--checkpoint", str(run / "checkpoint.pt"), "--format", "state-dict",
                        "--out", str(exported)], check=True, stdout=subprocess.DEVNULL)
        model, file = namespace["load_vae"](str(exported))
        assert file["likelihood"] == likelihood, file["likelihood"]
        assert file["min_sigma"] > 0 and file["sigma"] > 0
        with torch.no_grad():
            z = torch.zeros(2, file["latent"])
            out = model.decoder.body(z)
        assert out.shape == (2, 784) and torch.isfinite(out).all(), out.shape
        if likelihood == "gaussian-predicted":
            assert file["decoder_variance"] == variance
            with torch.no_grad():
                h = model.decoder.variance(model.decoder.body[:-1](z))
            assert h.shape == (2, 784 if variance == "diagonal" else 1) and torch.isfinite(h).all(), h.shape
        print(f"{likelihood} ({posterior} posterior, {variance}): loads strictly, {len(file['state_dict'])} tensors")
        if (posterior, likelihood, variance) in IMPORTED:
            check_import(args.cli, run, model, file)
    return 0


# The round trip back (README, "Import from PyTorch"): Python's own torch.save
# of the module's state dict, read by latentlab-cli import, evaluates as the
# run it came from; once with the config inside the file, once beside it.
IMPORTED = [("diagonal", "bernoulli", "diagonal"), ("diagonal", "gaussian-predicted", "diagonal")]


def test_line(cli, checkpoint):
    out = subprocess.run([cli, "eval", "--checkpoint", str(checkpoint)], check=True, capture_output=True,
                         text=True).stdout
    return re.search(r"test -ELBO .*? nats per image", out).group(0)


def check_import(cli, run, model, file):
    original = test_line(cli, run / "checkpoint.pt")
    with_config = run / "python-with-config.pt"
    torch.save({"state_dict": dict(model.state_dict()), "config": file["config"]}, with_config)
    bare = run / "python-bare.pt"
    torch.save(dict(model.state_dict()), bare)
    ordered = run / "python-ordered.pt"  # what state_dict() returns: LibTorch 1.13 cannot read it, and says what to do
    torch.save(model.state_dict(), ordered)
    refused = subprocess.run([cli, "import", "--state-dict", str(ordered), "--out", str(run / "refused")],
                             capture_output=True, text=True)
    assert refused.returncode == 1 and "dict(model.state_dict())" in refused.stderr, refused.stderr
    (run / "exported-config.json").write_text(file["config"])
    for name, extra in (("with-config", []), ("bare", ["--config", str(run / "exported-config.json")])):
        source = with_config if name == "with-config" else bare
        subprocess.run([cli, "import", "--state-dict", str(source), "--out", str(run / f"imported-{name}")] + extra,
                       check=True, stdout=subprocess.DEVNULL)
        again = test_line(cli, run / f"imported-{name}" / "checkpoint.pt")
        assert again == original, (name, again, original)
    print(f"  torch.save -> latentlab-cli import (config inside and beside): {original}")


if __name__ == "__main__":
    sys.exit(main())
