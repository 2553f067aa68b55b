"""Build the background document frequencies that story grouping ships for French.

    python -m eval.build_grouping_df [--shared ../shared]

Reads OrangeSum's train split (21,401 articles), hashes each article as ``summarize.group`` does
(title twice, opening, names) and writes how many articles hold each hashed word to
``summarize/data/grouping/df_fr.npz`` (about 0.2 MB; statistics only, no text). Deterministic.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from summarize.group import BACKGROUND_DIR, GroupingConfig, StoryGrouper


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    args = ap.parse_args()
    config = GroupingConfig()
    grouper = StoryGrouper(config, lang=None)
    path = Path(args.shared) / "data" / "orangesum" / "abstract_train.jsonl"
    with path.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            grouper.add(rec["id"], rec["title"], rec["text"])
    X = grouper.counts()
    df = np.bincount(X.indices, minlength=X.shape[1])
    index = np.nonzero(df)[0]
    out = BACKGROUND_DIR / "df_fr.npz"
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out, index=index.astype(np.int32), df=df[index].astype(np.int32),
        n_docs=np.int64(X.shape[0]), n_features=np.int64(config.n_features),
    )
    print(f"{X.shape[0]} articles, {len(index)} hashed words -> {out} ({out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
