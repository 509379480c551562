"""PDQ, Meta's 256-bit perceptual image hash, in numpy (no compiled extension needed).

Follows the reference algorithm (facebook/ThreatExchange `pdq/cpp/hashing/pdqhashing.cpp`):
RGB → luminance (Rec. 601 weights) → two passes of a Jarosz box filter sized for 64×64 →
decimate to 64×64 → 16×16 corner of the 2-D DCT-II → one bit per coefficient, set when it is
above the median. Bit k (row i, column j, k = 16·i + j) is bit k of a 256-bit integer written as
64 hex digits, the reference's `toHexString` order, so hashes shared by industry programmes in
that format compare directly: checked bit-for-bit against the `pdqhash` package (the reference
C++ behind Cython) on images up to 1024 px. Larger images are first box-reduced to 1024 px per
side, which keeps hashing well under a second and moves the hash by only a few bits.
Near-identical images are within Hamming distance 31 (the threshold the reference recommends).
"""

from __future__ import annotations

import numpy as np
from PIL import Image

HASH_BITS = 256
DEFAULT_THRESHOLD = 31
MAX_SIDE = 1024  # larger images are reduced first (speed); smaller ones hash bit-exactly
_DCT = np.array(
    [
        [
            np.sqrt(2.0 / 64.0) * np.cos((np.pi / 2 / 64.0) * (i + 1) * (2 * j + 1))
            for j in range(64)
        ]
        for i in range(16)
    ]
)


def _window(old: int, new: int) -> int:
    return (old + 2 * new - 1) // (2 * new)


def _box_1d(values: np.ndarray, window: int, axis: int) -> np.ndarray:
    """The reference's box filter: mean over [o - (w - h), o + h - 1], clipped at the edges."""
    n = values.shape[axis]
    half = (window + 2) // 2
    left = np.clip(np.arange(n) - (window - half), 0, n)
    right = np.clip(np.arange(n) + half, 0, n)
    cumulative = np.cumsum(values, axis=axis, dtype=np.float64)
    zero_shape = list(values.shape)
    zero_shape[axis] = 1
    cumulative = np.concatenate([np.zeros(zero_shape), cumulative], axis=axis)
    sums = np.take(cumulative, right, axis=axis) - np.take(cumulative, left, axis=axis)
    counts = (right - left).astype(np.float64)
    shape = [1, 1]
    shape[axis] = n
    return sums / counts.reshape(shape)


def _luma(image: Image.Image) -> np.ndarray:
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, image.convert("RGBA"))
    rgb = np.asarray(image.convert("RGB"), dtype=np.float64)
    return rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114


def pdq_hash(image: Image.Image) -> tuple[str, int]:
    """The hex PDQ hash of an image and its quality (0–100; under 50 is a weak hash)."""
    if max(image.size) > MAX_SIDE:
        image = image.copy()
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.BOX)
    luma = _luma(image)
    rows, cols = luma.shape
    if rows < 5 or cols < 5:
        return "0" * 64, 0
    row_window, col_window = _window(cols, 64), _window(rows, 64)
    for _pass in range(2):
        luma = _box_1d(luma, row_window, axis=1)
        luma = _box_1d(luma, col_window, axis=0)
    row_index = ((np.arange(64) + 0.5) * rows / 64).astype(int)
    col_index = ((np.arange(64) + 0.5) * cols / 64).astype(int)
    small = luma[np.ix_(row_index, col_index)]
    coefficients = _DCT @ small @ _DCT.T
    flat = coefficients.reshape(-1)
    median = np.sort(flat)[127]
    value = 0
    for k, bit in enumerate(flat > median):
        if bit:
            value |= 1 << k
    return f"{value:064x}", _quality(small)


def _quality(small: np.ndarray) -> int:
    vertical = np.abs(((small[:-1, :] - small[1:, :]) * 100 / 255).astype(int)).sum()
    horizontal = np.abs(((small[:, :-1] - small[:, 1:]) * 100 / 255).astype(int)).sum()
    return int(min(100, (vertical + horizontal) // 90))


def hamming(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def is_pdq_hex(value: str) -> bool:
    if len(value) != 64:
        return False
    try:
        int(value, 16)
    except ValueError:
        return False
    return True
