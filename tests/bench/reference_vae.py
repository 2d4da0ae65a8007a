#!/usr/bin/python3
"""The classic PyTorch VAE example's workload, written for LatentLab's benchmark.

pytorch/examples vae/main.py as it runs on a CPU: 784-400-20 MLP, sigmoid
output with binary_cross_entropy summed plus the KL, batch 128, Adam 1e-3,
seed 1, torchvision's MNIST-format dataset and DataLoader (no workers) with
ToTensor, the training loss read with .item() every step, the test loss with
z sampled, and 64 samples from the prior decoded after each epoch (which also
keeps the random stream the example's). Left out: its log line every 10
batches and the PNG files it saves. On Fashion-MNIST from Debian's
dataset-fashion-mnist package, or --data-dir (a folder of the four .gz files).
Prints one line per epoch: seconds of training (evaluation excluded, as in
latentlab-cli), the average training loss and the test loss (-ELBO, nats per
image). Needs python3-torch and python3-torchvision.
"""
import argparse
import gzip
import os
import shutil
import tempfile
import time

import torch
from torch import nn
from torch.nn import functional as F
from torchvision import datasets, transforms

PACKAGE_DIR = "/usr/share/datasets/fashion-mnist"


def unpacked_copy(source, target):
    """torchvision looks for the un-gzipped files under <root>/FashionMNIST/raw."""
    raw = os.path.join(target, "FashionMNIST", "raw")
    os.makedirs(raw, exist_ok=True)
    for name in os.listdir(source):
        if name.endswith(".gz"):
            with gzip.open(os.path.join(source, name)) as src, open(os.path.join(raw, name[:-3]), "wb") as dst:
                shutil.copyfileobj(src, dst)
    return target


class Vae(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 400)
        self.fc21 = nn.Linear(400, 20)
        self.fc22 = nn.Linear(400, 20)
        self.fc3 = nn.Linear(20, 400)
        self.fc4 = nn.Linear(400, 784)

    def encode(self, x):
        h1 = F.relu(self.fc1(x))
        return self.fc21(h1), self.fc22(h1)

    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        eps = torch.randn_like(std)
        return mu + eps * std

    def decode(self, z):
        h3 = F.relu(self.fc3(z))
        return torch.sigmoid(self.fc4(h3))

    def forward(self, x):
        mu, logvar = self.encode(x.view(-1, 784))
        z = self.reparameterize(mu, logvar)
        return self.decode(z), mu, logvar


def loss_function(recon, x, mu, logvar):
    bce = F.binary_cross_entropy(recon, x.view(-1, 784), reduction="sum")
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return bce + kld


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--data-dir", default=PACKAGE_DIR)
    args = parser.parse_args()
    torch.manual_seed(1)
    with tempfile.TemporaryDirectory() as root:
        unpacked_copy(args.data_dir, root)
        train = datasets.FashionMNIST(root, train=True, download=False, transform=transforms.ToTensor())
        test = datasets.FashionMNIST(root, train=False, download=False, transform=transforms.ToTensor())
        train_loader = torch.utils.data.DataLoader(train, batch_size=128, shuffle=True)
        test_loader = torch.utils.data.DataLoader(test, batch_size=128, shuffle=False)
        model = Vae()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        for epoch in range(1, args.epochs + 1):
            model.train()
            train_loss = 0.0
            start = time.perf_counter()
            for x, _ in train_loader:
                optimizer.zero_grad()
                recon, mu, logvar = model(x)
                loss = loss_function(recon, x, mu, logvar)
                loss.backward()
                train_loss += loss.item()
                optimizer.step()
            seconds = time.perf_counter() - start
            model.eval()
            total = 0.0
            with torch.no_grad():
                for x, _ in test_loader:
                    recon, mu, logvar = model(x)
                    total += loss_function(recon, x, mu, logvar).item()
            with torch.no_grad():
                model.decode(torch.randn(64, 20))
            print(f"epoch {epoch} seconds {seconds:.3f} train_loss {train_loss / len(train):.2f} "
                  f"test_loss {total / len(test):.2f}", flush=True)


if __name__ == "__main__":
    main()
