"""The first model: weighted keyword rules from ``data/rules.toml`` (an operator can edit them)."""

from __future__ import annotations

import hashlib
import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from classifier.base import Prediction, as_list
from classifier.text import normalize

RULES_FILE = Path(__file__).parent / "data" / "rules.toml"


@dataclass(frozen=True)
class Rule:
    label: str
    why: str
    weight: float
    pattern: re.Pattern


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


class RuleClassifier:
    """Keyword evidence for wage arrears and other labour disputes, minus evidence of look-alikes."""

    def __init__(self, rules_file: Path = RULES_FILE):
        raw = rules_file.read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
        self.version = f"rules-{hashlib.sha1(raw).hexdigest()[:10]}"
        model = data.get("model", {})
        self.bias = float(model.get("bias", 2.0))
        self.other_threshold = float(model.get("other_threshold", 2.0))
        self.wage_threshold = float(model.get("wage_threshold", 0.5))
        self.rules = []
        for index, rule in enumerate(data.get("rule", [])):
            if rule.get("label") not in ("wage_arrears", "other_labor", "neg"):
                raise ValueError(f"{rules_file}: rule {index + 1} has unknown label {rule.get('label')!r}")
            try:
                pattern = re.compile(rule["pattern"])
            except (KeyError, re.error) as exc:
                raise ValueError(
                    f"{rules_file}: rule {index + 1} ({rule.get('why')}) bad pattern: {exc}"
                ) from None
            self.rules.append(
                Rule(rule["label"], rule.get("why", ""), float(rule.get("weight", 1.0)), pattern)
            )

    def predict_one(self, text: str) -> Prediction:
        clean = normalize(text)
        evidence = {"wage_arrears": 0.0, "other_labor": 0.0, "neg": 0.0}
        explanation = []
        for rule in self.rules:
            match = rule.pattern.search(clean)
            if match:
                evidence[rule.label] += rule.weight
                sign = "-" if rule.label == "neg" else "+"
                explanation.append(f"{sign}{rule.why}: {match.group(0)}")
        wage = evidence["wage_arrears"] - evidence["neg"]
        other = evidence["other_labor"] - evidence["neg"]
        p_wage = _sigmoid(wage - self.bias)
        p_other = (1 - p_wage) * _sigmoid(other - self.other_threshold)
        p_irrelevant = max(0.0, 1.0 - p_wage - p_other)
        probabilities = {"wage_arrears": p_wage, "other_labor": p_other, "irrelevant": p_irrelevant}
        label = max(probabilities, key=probabilities.get)
        return Prediction(
            label,
            round(p_wage, 4),
            {k: round(v, 4) for k, v in probabilities.items()},
            explanation,
            self.version,
        )

    def predict(self, texts: str | list[str], explain: str | bool = True) -> list[Prediction]:
        """One prediction per text (rules always explain themselves; ``explain`` is accepted for a
        uniform interface)."""
        return [self.predict_one(t) for t in as_list(texts)]
