"""Facts of the custom-lens format that several parts of walens rely on, each defined once.

The values come from the lens format specification and the ImportLens API reference (the
shipped ``schemas/lens.schema.json`` repeats them for editors; a test keeps the two in step).
The emulated service in ``publisher.sandbox`` keeps its own copies on purpose: it must not share
code with the tool it is used to test.
"""

from __future__ import annotations

import re
from typing import Final

SCHEMA_VERSION: Final = "2021-11-01"

#: A choice whose id ends with this suffix is its question's "None of these" choice.
NONE_OF_THESE_SUFFIX: Final = "_no"
NONE_OF_THESE_TITLE: Final = "None of these"

NO_RISK: Final = "NO_RISK"
MEDIUM_RISK: Final = "MEDIUM_RISK"
HIGH_RISK: Final = "HIGH_RISK"
#: The risk levels of risk rules, from the least to the most severe.
RISK_LEVELS: Final = (NO_RISK, MEDIUM_RISK, HIGH_RISK)
#: The condition of the rule that applies when no earlier rule does.
DEFAULT_CONDITION: Final = "default"

#: The characters of pillar, question and choice ids, as a regular-expression character class body.
ID_CHARACTERS: Final = "A-Za-z0-9_"
MIN_ID_LENGTH: Final = 3
MAX_PILLAR_ID_LENGTH: Final = 64  # PillarId in the API
MAX_QUESTION_ID_LENGTH: Final = 128
MAX_CHOICE_ID_LENGTH: Final = 64  # ChoiceId in the API

MAX_PILLARS: Final = 10
MAX_QUESTIONS_PER_PILLAR: Final = 20
MAX_CHOICES_PER_QUESTION: Final = 15
MAX_RISK_RULES_PER_QUESTION: Final = 3  # one per risk level
MAX_RESOURCES_PER_TYPE: Final = 5  # additional resources of one type on a choice

MAX_NAME_LENGTH: Final = 128  # lens and pillar names, question and choice titles
#: The characters ImportLens accepts in names, titles and descriptions (E3030), and any other one.
ALLOWED_CHARACTERS: Final = "letters, digits, whitespace and - _ . , : / ( ) @ ! & # + ' ? \u2019"
REJECTED_CHARACTER: Final = re.compile(r"[^A-Za-z0-9 \t\n\r\f\v\-_.,:/()@!&#+'?\u2019]")
MAX_TEXT_LENGTH: Final = 2048  # descriptions, display texts and URLs
MAX_API_TEXT_LENGTH: Final = 1024  # lens description and choice resources as the API returns them

#: Size limits of the lens JSON that ImportLens takes (JSONString).
MAX_LENS_CHARACTERS: Final = 500_000
MAX_LENS_BYTES: Final = 500 * 1024
