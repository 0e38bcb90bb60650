"""Pure rules: a case's answers -> an Advice. No Flask here; the heart of the product."""

from rdm.wegwijzer.answers import AnswerErrors, AnswerParser, Answers
from rdm.wegwijzer.engine import Advice, FirstStep, Recommendation, RulesEngine

__all__ = [
    "Advice",
    "AnswerErrors",
    "AnswerParser",
    "Answers",
    "FirstStep",
    "Recommendation",
    "RulesEngine",
]
