"""Best first under a length: the one selection loop of the summarizers and the mergers.

Every extractive method ranks its units (sentences, or clusters of sentences for the merger) and
keeps the best ones that fit a :class:`~summarize.records.Length`; what differs between them is
only the order, what makes a unit redundant, and whether the length is a target or a budget.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from .records import Length


def select(
    order: Iterable[int],
    sizes: Sequence[int],
    length: Length,
    *,
    fill: float | None = None,
    skip: Callable[[int, list[int]], bool] | None = None,
    target: bool = False,
    chosen: list[int] | None = None,
) -> list[int]:
    """The units to keep, in the order they were kept.

    Walks ``order`` (best first) and keeps each unit that fits: selection stops at
    ``length.sentences`` units, or once the kept words reach ``fill`` x ``length.words``; a unit
    that would take the words past ``length.words`` is passed over (the first unit is always
    kept), and so is one for which ``skip(unit, kept)`` is true (e.g. it repeats a kept one).

    With ``target=True`` the length is a target rather than a budget: ``Length(sentences=K)``
    gets K units even when only repeating ones are left, and ``Length(words=N)`` adds the one
    unit passed over for its size that brings the total closest to N.

    Args:
        order: Candidate units, best first (may be lazy and read ``chosen`` as it grows).
        sizes: Words of each unit.
        length: The length to fill.
        fill: Stop once this share of ``length.words`` is reached (``None``: go on while units fit).
        skip: Units to pass over, given the ones kept so far.
        target: Read ``length`` as a target (see above).
        chosen: The list to fill (pass it to let a lazy ``order`` see the kept units).

    Example:
        >>> sizes = [3, 2, 4, 1]
        >>> select([0, 2, 3, 1], sizes, Length(words=5))  # 0 kept, 2 too long, 3 fits, 1 too long
        [0, 3]
        >>> select([0, 2, 3, 1], sizes, Length(sentences=2))
        [0, 2]
        >>> select([0, 2, 3, 1], sizes, Length(words=6), target=True)  # 0 + 3, then 1 reaches 6
        [0, 3, 1]
    """
    chosen = [] if chosen is None else chosen
    total = sum(sizes[i] for i in chosen)
    too_long: list[int] = []
    skipped: list[int] = []
    for i in order:
        if length.sentences is not None and len(chosen) >= length.sentences:
            break
        if length.words is not None and fill is not None and total >= fill * length.words:
            break
        if chosen and length.words is not None and total + sizes[i] > length.words:
            too_long.append(i)
            continue
        if skip is not None and skip(i, chosen):
            skipped.append(i)
            continue
        chosen.append(i)
        total += sizes[i]
    if target and length.words is None and length.sentences is not None:
        chosen += skipped[: length.sentences - len(chosen)]  # too few distinct units: keep the count
    elif target and length.words is not None and (length.sentences is None or len(chosen) < length.sentences):
        words = length.words
        closer = [
            i for i in too_long
            if abs(total + sizes[i] - words) < abs(total - words) and not (skip is not None and skip(i, chosen))
        ]
        if closer:
            chosen.append(min(closer, key=lambda i: abs(total + sizes[i] - words)))  # ties: the best ranked
    return chosen
