"""The ``fast`` model's torch network (``nn.EmbeddingBag`` then ``nn.Linear``): what training fits and what
``FastClassifier.net`` gives. Kept apart from ``fast.py`` so that reading a saved model with the plain
averaging and a collapsed linear layer (the shipped one) runs in numpy and never imports torch (#12: the
import is ~1.9 s of CPU at every start of ``analyze``, ``doctor`` or a scheduler job)."""

from __future__ import annotations

from typing import Any

import torch
from torch import nn


class FastTextNet(nn.Module):
    def __init__(self, vocab_size: int, config: Any, sparse: bool = False):  # config: fast.FastConfig
        super().__init__()
        self.pooling = config.pooling
        mode = "sum" if self.pooling == "idf" else "mean"
        self.embedding = nn.EmbeddingBag(vocab_size, config.dim, mode=mode, sparse=sparse)
        self.dropout = nn.Dropout(config.dropout)
        self.classifier = nn.Linear(config.dim, len(config.labels))
        nn.init.uniform_(self.embedding.weight, -0.5 / config.dim, 0.5 / config.dim)
        if self.pooling == "idf":  # saved with the weights
            self.register_buffer("feature_weight", torch.ones(vocab_size))

    def forward(self, ids: torch.Tensor, offsets: torch.Tensor) -> torch.Tensor:
        if self.pooling != "idf":
            return self.classifier(self.dropout(self.embedding(ids, offsets)))
        # a weighted mean: each feature's idf over the sum of the idfs in its post
        bag = torch.zeros(len(ids), dtype=torch.long)
        bag[offsets[1:]] = 1
        bag = torch.cumsum(bag, 0)
        weight = self.feature_weight[ids]
        total = torch.zeros(len(offsets)).index_add_(0, bag, weight)
        pooled = self.embedding(ids, offsets, per_sample_weights=weight / total[bag])
        return self.classifier(self.dropout(pooled))
