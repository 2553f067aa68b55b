"""Benchmark: the naive per-article generate loop vs this toolkit's batched paths, transformers and
CTranslate2 (prints a table).

    python -m eval.bench_seq2seq [--articles 32] [--new-tokens 48] [--lossy int8,bf16] [--ct2 fp32,int8]

The model has BARThez's published dimensions with random weights (no weights can be downloaded
here). From ``moussaKam/barthez``'s config.json (as carried by its fine-tuned checkpoints, e.g.
``moussaKam/barthez-sentiment-classification``): MBart architecture, d_model 768, 6 encoder + 6
decoder layers ("BASE, 12 layers" in the BARThez README), 12 attention heads, FFN 3072, 1,024
positions, vocabulary 50,002, ``scale_embedding`` false. The SentencePiece vocabulary (same size)
is trained here on OrangeSum train text. The BARThez README gives 216M parameters; see the
parameter check in the output.

Both paths use the same generation settings (the ``barthez`` preset: 4 beams, no_repeat_ngram_size
3, length_penalty 2.0) with ``min_new_tokens == max_new_tokens`` so that random weights do not
make output lengths differ, on the same OrangeSum test articles (the first ones that fit the
1,024-token window, so that neither path chunks). The naive path is what users write since
transformers 5 removed ``pipeline("summarization")``: tokenize one article, ``model.generate``,
decode, repeat. Each path runs in its own process, so peak RSS is its own. The CTranslate2 rows
(``--backend ctranslate2``) convert the model once into a cache first; that one-time conversion is
reported apart, not in the timed run. Parity with the naive loop: articles whose output is the
same, and the mean length of the common prefix of the outputs' tokens.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing as mp
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from .orangesum_data import read_split

BARTHEZ_DIMS = {
    "d_model": 768, "encoder_layers": 6, "decoder_layers": 6, "encoder_attention_heads": 12,
    "decoder_attention_heads": 12, "encoder_ffn_dim": 3072, "decoder_ffn_dim": 3072,
    "max_position_embeddings": 1024, "vocab_size": 50002, "scale_embedding": False,
}
PUBLISHED_PARAMS = 216e6


def build_model(out: Path, train_texts: list[str]) -> dict[str, Any]:
    """Random-weight MBart with BARThez's dimensions + a 50,002-piece BarthezTokenizer, saved to ``out``."""
    import sentencepiece as spm
    import torch
    from transformers import BarthezTokenizer, MBartConfig, MBartForConditionalGeneration

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(train_texts), model_writer=buf, vocab_size=BARTHEZ_DIMS["vocab_size"] - 1,
        model_type="unigram", bos_id=0, pad_id=1, eos_id=2, unk_id=3, character_coverage=1.0,
        minloglevel=2, num_threads=2, input_sentence_size=2_000_000, shuffle_input_sentence=False,
    )
    sp = spm.SentencePieceProcessor(model_proto=buf.getvalue())
    tokenizer = BarthezTokenizer(vocab=[(sp.id_to_piece(i), sp.get_score(i)) for i in range(sp.get_piece_size())])
    torch.manual_seed(0)
    config = MBartConfig(
        **{**BARTHEZ_DIMS, "vocab_size": len(tokenizer)}, pad_token_id=1, bos_token_id=0, eos_token_id=2,
        decoder_start_token_id=2, forced_eos_token_id=2,
    )
    model = MBartForConditionalGeneration(config).eval()
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    unique = sum(p.numel() for p in model.parameters())
    emb = model.get_input_embeddings().weight.numel()
    decoder = sum(p.numel() for p in model.model.decoder.parameters()) - emb  # shared embedding counted once below
    return {
        "vocab": len(tokenizer),
        "params_unique": unique,
        # fairseq (where 216M comes from) keeps encoder embedding, decoder embedding and output
        # projection as three matrices; transformers ties them into one.
        "params_fairseq_count": unique + 2 * emb,
        "decoder_bytes_per_step": 4 * (decoder + emb),  # decoder layers + output projection, fp32
        "encoder_bytes": 4 * sum(p.numel() for p in model.model.encoder.parameters()),
    }


def _generation(new_tokens: int, beams: int | None = None) -> dict[str, Any]:
    from summarize.summarizers.seq2seq import PRESETS

    g = {k: v for k, v in PRESETS["barthez"].generation.items() if k not in ("max_length", "min_length")}
    if beams is not None:
        g["num_beams"] = beams
        if beams == 1:
            g.pop("early_stopping", None)
            g.pop("length_penalty", None)
    return {**g, "max_new_tokens": new_tokens, "min_new_tokens": new_tokens}


def _run(mode: str, model_dir: str, texts: list[str], new_tokens: int, beams: int | None, queue) -> None:
    import torch

    gen = _generation(new_tokens, beams)
    t0 = time.perf_counter()
    if mode == "naive":
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer, GenerationConfig

        tok = AutoTokenizer.from_pretrained(model_dir)
        model = AutoModelForSeq2SeqLM.from_pretrained(model_dir).eval()
        config = GenerationConfig.from_dict({**model.generation_config.to_dict(), **gen})
        t0 = time.perf_counter()
        outs = []
        for text in texts:
            inputs = tok(text, return_tensors="pt", truncation=True, max_length=1024)
            outs.append(tok.decode(model.generate(**inputs, generation_config=config)[0], skip_special_tokens=True))
    else:
        from summarize.summarizers import Seq2SeqSummarizer

        backend = "ctranslate2" if mode.startswith("ct2") else "transformers"
        precision = "fp32" if mode == "batched" else mode.split("-", 1)[1]
        options = {"cache_dir": Path(model_dir).parent / "ct2-cache"} if backend == "ctranslate2" else {}
        summarizer = Seq2SeqSummarizer(model_dir, generation=gen, precision=precision, progress=False, backend=backend, backend_options=options)
        load_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        outs = [o[0] for o in summarizer.summarize_texts(texts, ["fr"] * len(texts))]
    elapsed = time.perf_counter() - t0
    threads = summarizer.backend.threads if mode.startswith("ct2") else torch.get_num_threads()
    queue.put({"mode": mode, "time_s": elapsed, "outputs": outs, "peak_rss_mb": _peak_rss_mb(),
               "threads": threads, "load_s": load_s if mode != "naive" else None})


def _peak_rss_mb() -> float:
    """This process's peak resident memory. ``VmHWM`` starts afresh at ``exec``, while
    ``ru_maxrss`` keeps the parent's peak across the fork+exec of a spawned process."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            return next(int(line.split()[1]) / 1024 for line in f if line.startswith("VmHWM:"))
    except (OSError, StopIteration):  # not Linux
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_isolated(mode: str, model_dir: str, texts: list[str], new_tokens: int, beams: int | None = None) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_run, args=(mode, model_dir, texts, new_tokens, beams, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def memory_bandwidth_gbs(size_mb: int = 512, repeat: int = 5) -> float:
    """Copy bandwidth (bytes read + written per second) of a large NumPy array, best of ``repeat``."""
    a = np.ones(size_mb * 2**20 // 8)
    b = np.empty_like(a)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        np.copyto(b, a)
        best = min(best, time.perf_counter() - t0)
    return 2 * a.nbytes / best / 1e9


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.bench_seq2seq", description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=None, help="OrangeSum folder")
    ap.add_argument("--articles", type=int, default=32)
    ap.add_argument("--new-tokens", type=int, default=48)
    ap.add_argument("--beams", type=int, default=None, help="override the preset's 4 beams (1: greedy)")
    ap.add_argument("--lossy", default="int8,bf16", help="opt-in lossy modes of the batched path to report ('' for none)")
    ap.add_argument("--ct2", default="fp32,int8", help="precisions of the CTranslate2 backend to report ('' for none)")
    ap.add_argument("--spm-articles", type=int, default=8000, help="train articles for the SentencePiece vocabulary")
    args = ap.parse_args(argv)

    from transformers import AutoTokenizer

    from summarize.segment import split_sentences
    from summarize.summarizers.seq2seq import Seq2SeqSummarizer, length_batches

    # SentencePiece skips inputs over 4,192 bytes: feed it sentences, not whole articles.
    train = [x for r in read_split(args.data, "train", limit=args.spm_articles) for x in split_sentences(r["text"])]
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = Path(tmp) / "barthez-dims-random"
        t0 = time.perf_counter()
        info = build_model(model_dir, train)
        print(f"built the model in {time.perf_counter() - t0:.0f} s: vocabulary {info['vocab']:,}, "
              f"{info['params_unique'] / 1e6:.1f}M unique parameters (embeddings tied), "
              f"{info['params_fairseq_count'] / 1e6:.1f}M counted as fairseq does (3 embedding matrices); "
              f"published: {PUBLISHED_PARAMS / 1e6:.0f}M")
        tok = AutoTokenizer.from_pretrained(model_dir)
        texts = [r["text"] for r in read_split(args.data, "test", limit=200) if len(tok(r["text"])["input_ids"]) <= 1024][: args.articles]
        n_tokens = [len(tok(t)["input_ids"]) for t in texts]
        print(f"{len(texts)} OrangeSum test articles, {np.mean(n_tokens):.0f} input tokens on average; "
              f"{args.new_tokens} new tokens each, {args.beams or 4} beam(s)")
        modes = ["naive", "batched"] + [f"batched-{m}" for m in args.lossy.split(",") if m]
        modes += [f"ct2-{m}" for m in args.ct2.split(",") if m]
        if any(m.startswith("ct2") for m in modes):  # convert once, so that each timed ct2 row finds it cached
            t0 = time.perf_counter()
            run_isolated("ct2-fp32", str(model_dir), texts[:1], 1, args.beams)
            print(f"CTranslate2 conversion (once, cached by content hash): {time.perf_counter() - t0:.0f} s")
        results = {m: run_isolated(m, str(model_dir), texts, args.new_tokens, args.beams) for m in modes}

    bw = memory_bandwidth_gbs()
    step_s = info["decoder_bytes_per_step"] / (bw * 1e9)
    naive, batched = results["naive"], results["batched"]
    print(f"\nmemory bandwidth (NumPy copy): {bw:.1f} GB/s; one decoder step reads "
          f"{info['decoder_bytes_per_step'] / 1e6:.0f} MB of fp32 weights -> >= {step_s * 1e3:.1f} ms per step")
    print(f"\n{'path':16s} {'articles/s':>10s} {'seconds':>8s} {'x naive':>8s} {'peak RSS MB':>11s} "
          f"{'same as naive':>14s} {'common prefix':>14s} {'weight-read bound (s)':>22s}")
    reference = [tok(o, add_special_tokens=False)["input_ids"] for o in naive["outputs"]]
    for mode, r in results.items():
        same = sum(a == b for a, b in zip(r["outputs"], naive["outputs"]))
        mine = [tok(o, add_special_tokens=False)["input_ids"] for o in r["outputs"]]
        prefix = np.mean([_common_prefix(a, b) for a, b in zip(mine, reference)])
        if mode == "naive":
            steps = len(texts) * args.new_tokens
        else:
            defaults = Seq2SeqSummarizer.__init__.__kwdefaults__
            steps = len(length_batches(n_tokens, defaults["batch_tokens"], defaults["max_batch_size"])) * args.new_tokens
        exact = mode in ("naive", "batched", "ct2-fp32")  # fp32 weights: the bound applies
        bound = f"{steps * step_s:14.1f} ({r['time_s'] / (steps * step_s):.1f}x)" if exact else f"{'-':>14s}"
        print(f"{mode:16s} {len(texts) / r['time_s']:10.2f} {r['time_s']:8.1f} {naive['time_s'] / r['time_s']:7.2f}x "
              f"{r['peak_rss_mb']:11.0f} {same:>8d}/{len(texts):<5d} {prefix:9.1f} tok {bound}")
    print(f"\nspeed-up of the batched path (fp32): {naive['time_s'] / batched['time_s']:.2f}x; torch threads: {batched['threads']}"
          + "".join(f"; {m}: {r['time_s'] and naive['time_s'] / r['time_s']:.2f}x ({r['threads']} threads)" for m, r in results.items() if m.startswith("ct2")))
    return 0


def _common_prefix(a: list[int], b: list[int]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


if __name__ == "__main__":
    raise SystemExit(main())
