"""Stand-in classifier backends for tests."""

from __future__ import annotations

from balai.moderation.classifiers import BackendResult


class AlarmedDeep:
    """A deep backend that finds incitement in anything mentioning the north gate."""

    name = "deep"
    version = "deep-fake-1"

    def score(self, text: str, normalized: str, lang: str) -> BackendResult:
        hit = "north gate" in normalized
        return BackendResult(
            scores={"incitement": 0.9 if hit else 0.01},
            evidence=[{"kind": "nearest", "text": "meet at the gate with weapons"}] if hit else [],
        )


class ExemplarModel:
    """Stands in for balai_ml's DeepModel: flags exactly the exemplar texts it was given."""

    version = "deep-exemplar-fake"

    def __init__(self, texts: tuple[str, ...] = ()) -> None:
        self.texts = texts

    @classmethod
    def load(cls) -> ExemplarModel:
        return cls()

    def with_exemplars(self, extra: list[tuple[str, str]]) -> ExemplarModel:
        return ExemplarModel(self.texts + tuple(text for text, _category in extra))

    def score(self, text: str, lang: str | None = None) -> dict[str, float]:
        return {"incitement": 0.9 if text in self.texts else 0.0}

    def nearest(self, text: str, k: int = 5) -> list[dict[str, object]]:
        return [{"text": t, "labels": ["incitement"], "similarity": 1.0} for t in self.texts][:k]
