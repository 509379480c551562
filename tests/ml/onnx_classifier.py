"""A tiny real ONNX text classifier and its tokenizer.json, built in a test's tmp_path.

The model: token ids -> embedding rows (Gather) -> mean over the real tokens -> MatMul + bias
-> one logit per label. Known words push known labels, so a test knows which scores to expect;
``reference_logits`` computes the same numbers with numpy, independently of onnxruntime and
of the backend under test.

Variants cover what exported classifiers differ in: int64 or int32 ids, an attention_mask
input or a mask derived from the pad id, a token_type_ids input (BERT-style), probabilities
instead of logits, and a deliberately slow model for timeouts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

LABELS = ("violence", "hate", "harassment", "neutral")  # OpenAI names + one Balai ignores
# "[PAD]" is deliberately not id 0: a backend that pads with id 0 pads with "[UNK]".
VOCAB = (
    "[UNK]", "i", "will", "kill", "shoot", "you", "them", "all", "tomorrow", "vermin",
    "subhuman", "are", "idiot", "loser", "hello", "friends", "cake", "garden", "the", "in",
    "and", "[PAD]",
)  # fmt: skip
PAD_ID = VOCAB.index("[PAD]")
PUSH = {  # word -> (label, weight)
    "kill": ("violence", 25.0), "shoot": ("violence", 25.0),
    "vermin": ("hate", 25.0), "subhuman": ("hate", 25.0),
    "idiot": ("harassment", 25.0), "loser": ("harassment", 25.0),
    "hello": ("neutral", 6.0), "friends": ("neutral", 6.0), "cake": ("neutral", 6.0),
}  # fmt: skip
DIM = 6  # embedding width: one column per label, and two noise columns the head ignores
BIAS = np.array([-2.5, -2.5, -2.5, 0.0], dtype=np.float32)


def _weights() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    table = rng.normal(0.0, 0.05, size=(len(VOCAB), DIM)).astype(np.float32)
    table[PAD_ID] = 0.0
    for word, (label, weight) in PUSH.items():
        table[VOCAB.index(word), LABELS.index(label)] = weight
    head = np.zeros((DIM, len(LABELS)), dtype=np.float32)
    head[: len(LABELS), : len(LABELS)] = np.eye(len(LABELS))
    head[len(LABELS) :] = rng.normal(0.0, 0.01, size=(DIM - len(LABELS), len(LABELS)))
    return table, head


def reference_ids(text: str, max_length: int = 256) -> list[int]:
    """What the tokenizer below gives: lower-cased words and punctuation runs, unknown -> 0."""
    words = re.findall(r"\w+|[^\w\s]+", text.lower())[:max_length]
    return [VOCAB.index(w) if w in VOCAB else 0 for w in words]


def reference_logits(text: str, max_length: int = 256) -> np.ndarray:
    """The model's logits for one text, computed with numpy (NaN for a text with no tokens)."""
    table, head = _weights()
    ids = reference_ids(text, max_length)
    with np.errstate(invalid="ignore"):
        mean = table[ids].sum(axis=0) / np.float32(len(ids))
    return (mean @ head + BIAS).astype(np.float64)


def reference_probabilities(text: str, max_length: int = 256) -> dict[str, float]:
    """Sigmoid of the reference logits, by label."""
    p = 1.0 / (1.0 + np.exp(-reference_logits(text, max_length)))
    return dict(zip(LABELS, p.tolist(), strict=True))


@dataclass(frozen=True)
class Variant:
    id_type: str = "int64"  # or "int32"
    attention_mask: bool = True  # False: the model derives its mask from PAD_ID
    token_type_ids: bool = False  # True: a required BERT-style input
    probabilities: bool = False  # True: a Sigmoid inside the model
    n_outputs: int = len(LABELS)  # fewer than LABELS: a malformed model
    slow_steps: int = 0  # > 0: that many 1000x1000 MatMuls before the answer


def build_model(path: Path, variant: Variant = Variant()) -> Path:
    """Write the classifier as an .onnx file at ``path``."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    table, head = _weights()
    id_proto = TensorProto.INT64 if variant.id_type == "int64" else TensorProto.INT32
    inputs = [helper.make_tensor_value_info("input_ids", id_proto, ["batch", "seq"])]
    inits = [
        numpy_helper.from_array(table, "table"),
        numpy_helper.from_array(head[:, : variant.n_outputs].copy(), "head"),
        numpy_helper.from_array(BIAS[: variant.n_outputs].copy(), "bias"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "axis1"),
        numpy_helper.from_array(np.array([2], dtype=np.int64), "axis2"),
    ]
    nodes = [helper.make_node("Gather", ["table", "input_ids"], ["emb"])]
    if variant.token_type_ids:
        inputs.append(
            helper.make_tensor_value_info("token_type_ids", TensorProto.INT64, ["batch", "seq"])
        )
        types = np.zeros((2, DIM), dtype=np.float32)
        types[1] = 100.0  # a second segment would swamp everything: type 0 must be given
        inits.append(numpy_helper.from_array(types, "type_table"))
        nodes += [
            helper.make_node("Gather", ["type_table", "token_type_ids"], ["type_emb"]),
            helper.make_node("Add", ["emb", "type_emb"], ["emb_typed"]),
        ]
        emb = "emb_typed"
    else:
        emb = "emb"
    if variant.attention_mask:
        inputs.append(
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "seq"])
        )
        nodes.append(helper.make_node("Cast", ["attention_mask"], ["mask"], to=TensorProto.FLOAT))
    else:
        inits.append(numpy_helper.from_array(np.array(PAD_ID, dtype=np.int64), "pad_id"))
        nodes += [
            helper.make_node("Cast", ["input_ids"], ["ids64"], to=TensorProto.INT64),
            helper.make_node("Equal", ["ids64", "pad_id"], ["is_pad"]),
            helper.make_node("Not", ["is_pad"], ["is_real"]),
            helper.make_node("Cast", ["is_real"], ["mask"], to=TensorProto.FLOAT),
        ]
    nodes += [
        helper.make_node("Unsqueeze", ["mask", "axis2"], ["mask3"]),
        helper.make_node("Mul", [emb, "mask3"], ["masked"]),
        helper.make_node("ReduceSum", ["masked", "axis1"], ["summed"], keepdims=0),
        helper.make_node("ReduceSum", ["mask", "axis1"], ["count"], keepdims=1),
        helper.make_node("Div", ["summed", "count"], ["mean"]),  # 0/0 = NaN for no tokens
        helper.make_node("MatMul", ["mean", "head"], ["projected"]),
        helper.make_node("Add", ["projected", "bias"], ["logits"]),
    ]
    out = "logits"
    if variant.slow_steps:
        # Depends on the input (so nothing is folded away at load), adds exactly 0.
        inits += [
            numpy_helper.from_array(np.eye(1000, dtype=np.float32), "eye"),
            numpy_helper.from_array(np.array(0.0, dtype=np.float32), "zero"),
        ]
        nodes += [
            helper.make_node("ReduceSum", ["mask"], ["total"], keepdims=0),
            helper.make_node("Mul", ["total", "zero"], ["nothing"]),
            helper.make_node("Add", ["eye", "nothing"], ["slow0"]),
        ]
        for i in range(variant.slow_steps):
            nodes.append(helper.make_node("MatMul", [f"slow{i}", "eye"], [f"slow{i + 1}"]))
        nodes += [
            helper.make_node("ReduceMean", [f"slow{variant.slow_steps}"], ["slow_mean"],
                             keepdims=0),
            helper.make_node("Mul", ["slow_mean", "zero"], ["slow_zero"]),
            helper.make_node("Add", ["logits", "slow_zero"], ["logits_slow"]),
        ]  # fmt: skip
        out = "logits_slow"
    if variant.probabilities:
        nodes.append(helper.make_node("Sigmoid", [out], ["probs"]))
        out = "probs"
    graph = helper.make_graph(
        nodes, "tiny-classifier", inputs,
        [helper.make_tensor_value_info(out, TensorProto.FLOAT, ["batch", variant.n_outputs])],
        initializer=inits,
    )  # fmt: skip
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return path


def build_tokenizer(path: Path) -> Path:
    """A WordLevel tokenizer.json over VOCAB: lower-case, split on whitespace/punctuation.
    No padding or truncation is configured in the file: the backend must supply both."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

    tok = Tokenizer(models.WordLevel({w: i for i, w in enumerate(VOCAB)}, unk_token="[UNK]"))
    tok.normalizer = normalizers.Lowercase()
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.save(str(path))
    return path
