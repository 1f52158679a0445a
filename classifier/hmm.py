"""jieba's HMM cut of a run of characters its dictionary does not join (``jieba.finalseg.cut``), the same
words, quicker (#12): the Viterbi search keeps a back-pointer per state and step instead of copying
every path at every step, and reads the model's tables once. Same tables, same sums in the same order,
the same tie-breaking (``max`` over (probability, state) pairs), so the same states and words;
``tests/test_classifier_text.py`` compares it with jieba's on every corpus text's runs and on made-up ones.
"""

from __future__ import annotations

from jieba import finalseg

MIN_FLOAT = finalseg.MIN_FLOAT
# (state, its two possible previous states in jieba's order): jieba's PrevStatus
STATES = tuple((y, finalseg.PrevStatus[y]) for y in "BMES")


def viterbi(obs: str) -> list[str]:
    """The most likely state (B, M, E, S) of each character, as ``finalseg.viterbi(obs, "BMES", …)[1]``."""
    start_p, trans_p, emit_p = finalseg.start_P, finalseg.trans_P, finalseg.emit_P
    first = obs[0]
    v = {y: start_p[y] + emit_p[y].get(first, MIN_FLOAT) for y in "BMES"}
    back: list[dict[str, str]] = []
    for char in obs[1:]:
        now, came = {}, {}
        for y, (a, b) in STATES:
            em_p = emit_p[y].get(char, MIN_FLOAT)
            pa = v[a] + trans_p[a].get(y, MIN_FLOAT) + em_p
            pb = v[b] + trans_p[b].get(y, MIN_FLOAT) + em_p
            # max((pa, a), (pb, b)): the higher probability, on a tie the later state name
            if pa > pb or (pa == pb and a > b):
                now[y], came[y] = pa, a
            else:
                now[y], came[y] = pb, b
        back.append(came)
        v = now
    state = "E" if (v["E"], "E") > (v["S"], "S") else "S"
    states = [state]
    for came in reversed(back):
        state = came[state]
        states.append(state)
    states.reverse()
    return states


def _cut_han(sentence: str) -> list[str]:
    """finalseg's ``__cut``: the words the states mark (B … E, S), and what is left after the last."""
    out, begin, nexti = [], 0, 0
    for i, pos in enumerate(viterbi(sentence)):
        if pos == "B":
            begin = i
        elif pos == "E":
            out.append(sentence[begin : i + 1])
            nexti = i + 1
        elif pos == "S":
            out.append(sentence[i])
            nexti = i + 1
    if nexti < len(sentence):
        out.append(sentence[nexti:])
    return out


def cut(sentence: str) -> list[str]:
    """``list(finalseg.cut(sentence))``."""
    out: list[str] = []
    force = finalseg.Force_Split_Words
    for k, block in enumerate(finalseg.re_han.split(sentence)):
        if k % 2:  # the split's group: a run of CJK characters
            for word in _cut_han(block):
                if word in force:
                    out += word
                else:
                    out.append(word)
        else:
            out += [x for x in finalseg.re_skip.split(block) if x]
    return out
