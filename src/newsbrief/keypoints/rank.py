"""Score sentences as key points: a weighted sum of their features.

First version, unsupervised: weights were set by hand and checked against the dev sets with
``newsbrief eval``. The headline is used twice: sentences that carry its terms are relevant, but
sentences that merely restate it (the lede, usually) add little a reader doesn't already have.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsbrief.keypoints.features import SentenceFeatures


@dataclass(frozen=True, slots=True)
class LinearWeights:
    """Weights of the hand-set linear scorer; a learned model can replace it behind ``score``."""

    position: float = 0.7
    paragraph_lead: float = 0.35
    centrality: float = 1.0
    headline_relevance: float = 1.2
    headline_redundancy: float = -0.5
    length_fit: float = 0.6
    quote_share: float = -0.5

    def score(self, f: SentenceFeatures) -> float:
        return (
            self.position * f.position
            + self.paragraph_lead * f.paragraph_lead
            + self.centrality * f.centrality
            + self.headline_relevance * f.headline_relevance
            + self.headline_redundancy * f.headline_redundancy
            + self.length_fit * f.length_fit
            + self.quote_share * f.quote_share
        )
