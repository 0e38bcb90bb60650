"""The wegwijzer: a case's answers -> an Advice, and the pages that ask for them.

The rules are pure, no Flask: answers.py, engine.py (the RulesEngine) and interview.py, the
heart of the product. The pages, their form, their words and the PDF are views.py, forms.py,
wording.py and pdf.py.
"""

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
