"""jieba's best route through a run of word characters, computed by ``rjieba`` (jieba-rs, the Rust port of jieba)
over our own dictionary (#12): the same word graph and the same sums from the same words, frequencies and total,
about 20× quicker than the route in Python.

jieba-rs scores a route as jieba does (log frequency minus log total, plus the best score after the word; the
highest wins, a tie going to the longer word) and, without its HMM, joins runs of single ASCII letters and digits
as jieba does. So over a dictionary holding exactly our words of frequency above 0 and exactly our total,
``cut(run, False)`` gives jieba's words without HMM. jieba's total is not the sum of its frequencies (a word added
again counts twice, a word set to 0 still counts), and jieba-rs sums what it is given: the difference is carried
by one private-use character that no run can hold (runs are CJK, ASCII letters, digits and ``+#&._%-``).

``import rjieba`` would load jieba-rs's own dictionary (0.13 s of CPU, 33 MB), which we never use: the compiled
module is loaded alone. Without rjieba (not installed, or a version that loads differently) ``build`` answers None
and the tokenizer computes every route in Python, as before.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import logging
import sys
from collections import deque
from itertools import compress, repeat
from pathlib import Path
from typing import Any

log = logging.getLogger("wagewatch.classifier")
MODULE = "rjieba.rjieba"
# carries the difference between jieba's total and the sum of its frequencies; never in a run of word characters
FILLER = "\ue000"


def _module() -> Any | None:
    """rjieba's compiled module, loaded without the package's ``__init__`` (which builds a default dictionary)."""
    loaded = sys.modules.get(MODULE)
    if loaded is not None:
        return loaded
    try:
        spec = importlib.util.find_spec("rjieba")
        if spec is None or not spec.submodule_search_locations:
            return None
        folder = Path(next(iter(spec.submodule_search_locations)))
        library = next(folder.glob("rjieba*.so"), None) or next(folder.glob("rjieba*.pyd"), None)
        if library is None:
            return None
        loader = importlib.machinery.ExtensionFileLoader(MODULE, str(library))
        module = importlib.util.module_from_spec(importlib.util.spec_from_loader(MODULE, loader))
        loader.exec_module(module)
    except (ImportError, OSError, StopIteration) as exc:
        log.info("rjieba not usable (%s); jieba's routes are computed in Python", exc)
        return None
    sys.modules[MODULE] = module  # a later ``import rjieba`` finds it (and then loads its own dictionary)
    return module


def build(freq: dict[str, int], total: int) -> Any | None:
    """An rjieba ``Jieba`` whose dictionary is the words of ``freq`` with a frequency above 0 and whose total is
    ``total`` (None: rjieba is not there, or ``total`` is below the sum of the frequencies)."""
    module = _module()
    if module is None:
        return None
    # the words jieba's word graph takes (a frequency that is not 0), picked in C: most of jieba's prefix
    # dictionary (499,000 entries) is prefixes of frequency 0
    words = list(compress(freq, freq.values()))
    counts = list(map(freq.__getitem__, words))
    rest = total - sum(counts)
    if rest < 0 or FILLER in freq or (counts and min(counts) < 0):
        return None
    cutter = module.Jieba.empty()
    deque(map(cutter.add_word, words, counts, repeat(None)), maxlen=0)
    if rest:
        cutter.add_word(FILLER, rest, None)
    return cutter
