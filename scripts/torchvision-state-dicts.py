#!/usr/bin/python3
"""Writes torchvision's state_dict keys and shapes for the zoo models that mirror torchvision, so tests can
check that our parameter paths match (src/test/resources/torchvision/<model>.txt: "<key> <d0> <d1> ...").
Needs Debian's python3-torch and python3-torchvision (torch 1.13 / torchvision 0.14); run from the repo root:
    /usr/bin/python3 scripts/torchvision-state-dicts.py
"""
import os

import torchvision.models as tv

MODELS = {
    "alexnet": lambda: tv.alexnet(),
    "vgg16": lambda: tv.vgg16(),
    "vgg16_bn": lambda: tv.vgg16_bn(),
    "googlenet": lambda: tv.googlenet(aux_logits=False, init_weights=False),
    "resnet18": lambda: tv.resnet18(),
    "resnet34": lambda: tv.resnet34(),
    "resnet50": lambda: tv.resnet50(),
    "resnext50_32x4d": lambda: tv.resnext50_32x4d(),
    "mobilenet_v2": lambda: tv.mobilenet_v2(),
}

out = "src/test/resources/torchvision"
os.makedirs(out, exist_ok=True)
for name, make in MODELS.items():
    sd = make().state_dict()
    with open(os.path.join(out, name + ".txt"), "w") as f:
        for k, v in sd.items():
            if k.endswith("num_batches_tracked"):
                continue  # a counter we do not keep: our BN momentum is fixed
            f.write(k + " " + " ".join(str(d) for d in v.shape) + "\n")
    print(name, len(sd))
