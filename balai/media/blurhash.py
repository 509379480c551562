"""BlurHash encoding (https://blurha.sh, the algorithm Mastodon clients decode), in numpy."""

from __future__ import annotations

import numpy as np
from PIL import Image

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~"


def _base83(value: int, length: int) -> str:
    return "".join(_ALPHABET[(value // 83 ** (length - 1 - i)) % 83] for i in range(length))


def _to_linear(channel: np.ndarray) -> np.ndarray:
    v = channel / 255.0
    return np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)


def _to_srgb(value: float) -> int:
    v = min(1.0, max(0.0, value))
    out = v * 12.92 if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055
    return int(out * 255 + 0.5)


def _sign_pow(value: float, exponent: float) -> float:
    return float(np.sign(value) * abs(value) ** exponent)


def blurhash_encode(image: Image.Image, x_components: int = 4, y_components: int = 3) -> str:
    """The BlurHash string of an image (computed on a 32 px copy: it is a blur anyway)."""
    small = image.convert("RGB")
    small.thumbnail((32, 32), Image.Resampling.BILINEAR)
    pixels = _to_linear(np.asarray(small, dtype=np.float64))
    height, width = pixels.shape[:2]
    xs, ys = np.arange(width), np.arange(height)
    factors = []
    for j in range(y_components):
        for i in range(x_components):
            basis = np.outer(np.cos(np.pi * j * ys / height), np.cos(np.pi * i * xs / width))
            scale = 1.0 if i == 0 and j == 0 else 2.0
            factor = scale * (pixels * basis[..., None]).sum(axis=(0, 1)) / (width * height)
            factors.append(factor)
    dc, ac = factors[0], factors[1:]
    out = _base83((x_components - 1) + (y_components - 1) * 9, 1)
    max_value = 1.0
    if ac:
        actual = float(max(np.abs(f).max() for f in ac))
        quantised = int(max(0, min(82, int(actual * 166 - 0.5))))
        max_value = (quantised + 1) / 166
        out += _base83(quantised, 1)
    else:
        out += _base83(0, 1)
    out += _base83((_to_srgb(dc[0]) << 16) + (_to_srgb(dc[1]) << 8) + _to_srgb(dc[2]), 4)
    for factor in ac:
        r, g, b = (
            int(max(0, min(18, int(_sign_pow(c / max_value, 0.5) * 9 + 9.5)))) for c in factor
        )
        out += _base83(r * 19 * 19 + g * 19 + b, 2)
    return out
