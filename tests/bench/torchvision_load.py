#!/usr/bin/python3
"""Decodes an image folder the way a PyTorch user would: torchvision's
ImageFolder with ToTensor, through a DataLoader with 2 workers, batch 256.
The images are taken at their own size (the benchmark's are already square at
the wanted size), so no resize is timed. Prints
"load images N seconds S" per repeat: the time from building the ImageFolder
(the folder scan included) to the last batch. Needs python3-torchvision.
"""
import argparse
import time

import torch
from torchvision import datasets, transforms


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    for _ in range(args.repeat):
        start = time.perf_counter()
        folder = datasets.ImageFolder(args.folder, transform=transforms.ToTensor())
        loader = torch.utils.data.DataLoader(folder, batch_size=256, shuffle=False, num_workers=args.workers)
        images = 0
        for x, _ in loader:
            images += x.shape[0]
        seconds = time.perf_counter() - start
        print(f"load images {images} seconds {seconds:.4f}", flush=True)


if __name__ == "__main__":
    main()
