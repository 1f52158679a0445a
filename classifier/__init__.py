"""Text classifier: is a post a wage-arrears complaint (wage_arrears), another labour dispute
(other_labor) or neither (irrelevant)? Strings in, labels out; imports nothing from storage or triage."""

from classifier.base import LABELS, Prediction
from classifier.loader import load_classifier

__all__ = ["LABELS", "Prediction", "load_classifier"]
