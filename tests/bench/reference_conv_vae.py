#!/usr/bin/python3
"""LatentLab's conv VAE written in plain PyTorch, for the side-by-side benchmark (issue #26).

The same network as `latentlab-cli train --arch conv` with its defaults
(model/nn/networks.cpp): strided 4x4 convolutions (stride 2, padding 1) with
ReLU halving the side down to 4x4 (widths 32-32-64 for side 32, 32-32-64-64
for 64, 32-32-64-64-128 for 128), a 256-wide ReLU layer, linear heads for the
mean and log-variance of 20 latent dimensions; the decoder mirrors it (20 ->
256 -> widths[-1]*4*4, ReLU, transposed 4x4 convolutions with ReLU doubling
the side, the last one to the image's channels without ReLU). Bernoulli
likelihood from logits (binary_cross_entropy_with_logits summed over pixels)
plus the KL to N(0, I), averaged over the batch of 128; one z sample per
image; Adam 1e-3; seed 1.

The data: an image folder (as latentlab-make-shapes writes) decoded once into
memory as uint8, 10% held out for the test split, each batch converted to
float / 255 when drawn (as the CLI does). Prints one line per epoch: seconds
of training (evaluation excluded, as in latentlab-cli), the average training
loss and the test -ELBO (nats per image).

Threads: PyTorch's own default unless --threads N sets its intra-op pool
(Debian's PyTorch 1.13 starts with 1 thread on the 2-core reference machine;
with 2, its OpenMP threads spin against any other busy process and an epoch
took 10-20 times longer there: tests/bench/README.md, "Conv training speed").
Needs python3-torch and python3-torchvision (for decoding the PNGs).
"""
import argparse
import os
import time

import torch
from torch import nn
from torch.nn import functional as F
from torchvision.io import ImageReadMode, read_image

WIDTHS = {32: [32, 32, 64], 64: [32, 32, 64, 64], 128: [32, 32, 64, 64, 128]}
HIDDEN = 256
LATENT = 20


def load_folder(folder, channels):
    """Every image under `folder` (sorted paths), as one uint8 tensor [N, C, H, W]."""
    paths = []
    for root, _, names in os.walk(folder):
        paths += [os.path.join(root, n) for n in names if n.lower().endswith((".png", ".jpg", ".jpeg"))]
    paths.sort()
    mode = ImageReadMode.RGB if channels == 3 else ImageReadMode.GRAY
    return torch.stack([read_image(p, mode) for p in paths])


class ConvVae(nn.Module):
    def __init__(self, channels, side):
        super().__init__()
        widths = WIDTHS[side]
        layers, previous = [], channels
        for w in widths:
            layers += [nn.Conv2d(previous, w, 4, stride=2, padding=1), nn.ReLU()]
            previous = w
        layers += [nn.Flatten(), nn.Linear(widths[-1] * 16, HIDDEN), nn.ReLU()]
        self.encoder = nn.Sequential(*layers)
        self.mean = nn.Linear(HIDDEN, LATENT)
        self.log_var = nn.Linear(HIDDEN, LATENT)
        layers = [nn.Linear(LATENT, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, widths[-1] * 16), nn.ReLU(),
                  nn.Unflatten(1, (widths[-1], 4, 4))]
        for i in range(len(widths) - 1, 0, -1):
            layers += [nn.ConvTranspose2d(widths[i], widths[i - 1], 4, stride=2, padding=1), nn.ReLU()]
        layers += [nn.ConvTranspose2d(widths[0], channels, 4, stride=2, padding=1)]
        self.decoder = nn.Sequential(*layers)

    def forward(self, x):
        h = self.encoder(x)
        mu, log_var = self.mean(h), self.log_var(h)
        z = mu + torch.exp(0.5 * log_var) * torch.randn_like(mu)
        return self.decoder(z), mu, log_var


def loss_sum(logits, x, mu, log_var):
    """The batch's summed -ELBO: Bernoulli negative log-likelihood from logits plus the KL."""
    nll = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
    kl = 0.5 * torch.sum(mu.pow(2) + log_var.exp() - log_var - 1)
    return nll + kl


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="an image folder")
    parser.add_argument("--size", type=int, default=64, choices=sorted(WIDTHS))
    parser.add_argument("--channels", type=int, default=3, choices=(1, 3))
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--threads", type=int, default=0, help="0: PyTorch's default")
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(1)

    start = time.perf_counter()
    images = load_folder(args.data, args.channels)
    if images.shape[-2:] != (args.size, args.size):
        raise SystemExit(f"the images are {tuple(images.shape[-2:])}, not {args.size}x{args.size}")
    order = torch.randperm(len(images))
    n_test = round(0.1 * len(images))
    test, train = images[order[:n_test]], images[order[n_test:]]
    print(f"data {len(train)} train + {len(test)} test images, {args.channels}x{args.size}x{args.size}, "
          f"loaded in {time.perf_counter() - start:.1f} s; {torch.get_num_threads()} thread(s)", flush=True)

    model = ConvVae(args.channels, args.size)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(1, args.epochs + 1):
        model.train()
        total = 0.0
        start = time.perf_counter()
        for rows in torch.randperm(len(train)).split(args.batch):
            x = train[rows].float() / 255
            optimizer.zero_grad()
            logits, mu, log_var = model(x)
            loss = loss_sum(logits, x, mu, log_var) / len(rows)
            loss.backward()
            total += loss.item() * len(rows)
            optimizer.step()
        seconds = time.perf_counter() - start
        model.eval()
        test_total = 0.0
        with torch.no_grad():
            for x in test.split(500):
                x = x.float() / 255
                logits, mu, log_var = model(x)
                test_total += loss_sum(logits, x, mu, log_var).item()
        print(f"epoch {epoch} seconds {seconds:.3f} train_loss {total / len(train):.2f} "
              f"test_loss {test_total / len(test):.2f}", flush=True)


if __name__ == "__main__":
    main()
