#!/usr/bin/env python3
"""TorchScript VAEs unlike LatentLab's, for tests/app/test_torchscript_import.cpp.

Builds two VAEs in PyTorch, trains each for a few steps on Fashion-MNIST,
scripts and saves them, and writes what PyTorch computes for the first test
images, for LatentLab to match after `latentlab-cli import --torchscript`:
  residual_bernoulli.pt  conv encoder with batch norm and a residual block,
                         latent 8, Bernoulli logits
  gaussian_learned.pt    MLP, latent 5, decode -> (mean logits, log sigma per
                         pixel, a learned parameter)
  expected_<name>.csv    per test image: kl, elbo (mean of S samples), recon_sd
                         (sd of one sample's log p(x|z)), log_px and log_px_repeat
                         (two importance-sampled estimates of K samples), in nats
and three modules LatentLab must refuse: missing_decode.pt (no decode),
wrong_shape.pt (decode gives 100 values per row), nan_output.pt (encode NaN).
Usage: torchscript_models.py --out DIR [--images N] [--samples S] [--iw-samples K]
"""
import argparse
import gzip
import math
import pathlib

import numpy as np
import torch
import torch.nn as nn

FASHION = pathlib.Path("/usr/share/datasets/fashion-mnist")


def read_images(name, count):
    with gzip.open(FASHION / f"{name}-images-idx3-ubyte.gz", "rb") as f:
        data = f.read()
    pixels = np.frombuffer(data, dtype=np.uint8, offset=16)[: count * 784]
    return torch.from_numpy(pixels.reshape(count, 1, 28, 28).astype(np.float32) / 255.0)


class Residual(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(channels, channels, 3, padding=1), nn.BatchNorm2d(channels), nn.ReLU(),
                                  nn.Conv2d(channels, channels, 3, padding=1), nn.BatchNorm2d(channels))

    def forward(self, x):
        return torch.relu(x + self.body(x))


class ResidualBernoulli(nn.Module):
    def __init__(self):
        super().__init__()
        self.latent = 8
        self.features = nn.Sequential(nn.Conv2d(1, 8, 4, stride=2, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
                                      Residual(8), nn.Flatten())
        self.head = nn.Linear(8 * 14 * 14, 2 * self.latent)
        self.expand = nn.Sequential(nn.Linear(self.latent, 8 * 14 * 14), nn.ReLU())
        self.up = nn.ConvTranspose2d(8, 1, 4, stride=2, padding=1)

    @torch.jit.export
    def encode(self, x):
        h = self.head(self.features(x))
        return h[:, : self.latent], h[:, self.latent:]

    @torch.jit.export
    def decode(self, z):
        return self.up(self.expand(z).view(-1, 8, 14, 14))  # logits [N, 1, 28, 28]

    def log_px_z(self, x, z):
        logits = self.decode(z).flatten(1)
        return (x.flatten(1) * logits - nn.functional.softplus(logits)).sum(1)


class GaussianLearned(nn.Module):
    def __init__(self):
        super().__init__()
        self.latent = 5
        self.encoder = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.Tanh())
        self.mean = nn.Linear(128, self.latent)
        self.log_var = nn.Linear(128, self.latent)
        self.decoder = nn.Sequential(nn.Linear(self.latent, 128), nn.Tanh(), nn.Linear(128, 784))
        self.log_sigma = nn.Parameter(torch.full((784,), -1.0))

    @torch.jit.export
    def encode(self, x):
        h = self.encoder(x)
        return self.mean(h), self.log_var(h)

    @torch.jit.export
    def decode(self, z):
        return self.decoder(z), self.log_sigma  # the mean's logits [N, 784], log sigma [784]

    def log_px_z(self, x, z):
        logits, log_sigma = self.decode(z)
        d = torch.distributions.Normal(torch.sigmoid(logits), log_sigma.exp())
        return d.log_prob(x.flatten(1)).sum(1)


def kl(mean, log_var):
    return 0.5 * (mean.pow(2) + log_var.exp() - log_var - 1).sum(1)


def train(model, images, steps):
    optimiser = torch.optim.Adam(model.parameters(), lr=2e-3)
    model.train()
    for step in range(steps):
        x = images[(step * 64) % len(images):][:64]
        mean, log_var = model.encode(x)
        z = mean + (0.5 * log_var).exp() * torch.randn_like(mean)
        loss = (kl(mean, log_var) - model.log_px_z(x, z)).mean()
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
    model.eval()


def log_normal(z, mean, log_var):
    return (-0.5 * ((z - mean).pow(2) / log_var.exp() + log_var + math.log(2 * math.pi))).sum(-1)


def importance_sampled_log_px(model, x, mean, log_var, k):
    """log p(x) ~ logsumexp_k [log p(x|z_k) + log p(z_k) - log q(z_k|x)] - log K, z_k ~ q(z|x)."""
    z = mean + (0.5 * log_var).exp() * torch.randn(k, model.latent)
    log_w = (model.log_px_z(x.expand(k, -1, -1, -1), z).double()
             + log_normal(z, torch.zeros_like(mean), torch.zeros_like(log_var)).double()
             - log_normal(z, mean, log_var).double())
    return (torch.logsumexp(log_w, 0) - math.log(k)).item()


@torch.no_grad()
def write_expected(model, x, samples, iw_samples, path):
    mean, log_var = model.encode(x)
    kls = kl(mean.double(), log_var.double())
    rows = []
    for i in range(len(x)):
        eps = torch.randn(samples, model.latent)
        z = mean[i] + (0.5 * log_var[i]).exp() * eps
        recon = model.log_px_z(x[i:i + 1].expand(samples, -1, -1, -1), z).double()
        # Two independent estimates: their difference is distributed as LatentLab's minus PyTorch's.
        log_px = [importance_sampled_log_px(model, x[i:i + 1], mean[i], log_var[i], iw_samples) for _ in range(2)]
        rows.append((i, kls[i].item(), recon.mean().item() - kls[i].item(), recon.std().item(), *log_px))
    with open(path, "w") as f:
        f.write("index,kl,elbo,recon_sd,log_px,log_px_repeat\n")
        for row in rows:
            f.write("%d,%.10g,%.10g,%.10g,%.10g,%.10g\n" % row)


class MissingDecode(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(784, 4)

    @torch.jit.export
    def encode(self, x):
        h = self.linear(x.flatten(1))
        return h[:, :2], h[:, 2:]


class WrongShape(MissingDecode):
    def __init__(self):
        super().__init__()
        self.out = nn.Linear(2, 100)

    @torch.jit.export
    def decode(self, z):
        return self.out(z)


class NanOutput(WrongShape):
    def __init__(self):
        super().__init__()
        self.out = nn.Linear(2, 784)

    @torch.jit.export
    def encode(self, x):
        h = self.linear(x.flatten(1)) * math.nan
        return h[:, :2], h[:, 2:]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--images", type=int, default=64)
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--iw-samples", type=int, default=100)
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    torch.set_num_threads(1)
    train_images = read_images("train", 2048)
    test_images = read_images("t10k", args.images)
    for name, model in (("residual_bernoulli", ResidualBernoulli()), ("gaussian_learned", GaussianLearned())):
        train(model, train_images, args.steps)
        write_expected(model, test_images, args.samples, args.iw_samples, out / f"expected_{name}.csv")
        torch.jit.script(model).save(str(out / f"{name}.pt"))
    for name, model in (("missing_decode", MissingDecode()), ("wrong_shape", WrongShape()),
                        ("nan_output", NanOutput())):
        torch.jit.script(model).save(str(out / f"{name}.pt"))


if __name__ == "__main__":
    main()
