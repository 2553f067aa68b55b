"""Tiny seq2seq checkpoints built locally (no download), for tests, CI and the notebooks: an MBart
with a SentencePiece BarthezTokenizer trained on some text (BARThez's classes), and a T5 with a
T5Tokenizer (for the "summarize: " prefix path). Random weights, seeded: they exercise the code
path of a real model (loading, chunking, batching, generation), not its quality.

Needs the ``abstractive`` extra (torch, transformers, sentencepiece), imported by the functions
that use it: importing this module does not.
"""

from __future__ import annotations

import io
from pathlib import Path


def _spm_vocab(texts: list[str], vocab_size: int, **ids) -> list[tuple[str, float]]:
    import sentencepiece as spm

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(texts), model_writer=buf, vocab_size=vocab_size, model_type="unigram",
        character_coverage=1.0, minloglevel=2, num_threads=1, **ids,
    )
    sp = spm.SentencePieceProcessor(model_proto=buf.getvalue())
    return [(sp.id_to_piece(i), sp.get_score(i)) for i in range(sp.get_piece_size())]


def corpus_lines(sample_dir: Path) -> list[str]:
    """Non-empty lines of the ``.txt`` files of a folder (text to train the tiny vocabularies)."""
    return [ln.strip() for p in sorted(sample_dir.glob("*.txt")) for ln in p.read_text("utf-8").splitlines() if ln.strip()]


def build_tiny_mbart(out: Path, texts: list[str], *, max_positions: int = 128) -> Path:
    """Save a tiny random MBart + BarthezTokenizer (vocabulary trained on ``texts``) to ``out``."""
    import torch
    from transformers import BarthezTokenizer, GenerationConfig, MBartConfig, MBartForConditionalGeneration

    vocab = _spm_vocab(texts * 3, 600, bos_id=0, pad_id=1, eos_id=2, unk_id=3)
    tokenizer = BarthezTokenizer(vocab=vocab)
    torch.manual_seed(0)
    config = MBartConfig(
        vocab_size=len(tokenizer), d_model=32, encoder_layers=2, decoder_layers=2, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64, max_position_embeddings=max_positions,
        pad_token_id=1, bos_token_id=0, eos_token_id=2, decoder_start_token_id=2, forced_eos_token_id=None,
        scale_embedding=False,
    )
    model = MBartForConditionalGeneration(config).eval()
    # Random weights rarely emit EOS, so every output runs to max_new_tokens: fixed, short, deterministic.
    model.generation_config = GenerationConfig(
        decoder_start_token_id=2, eos_token_id=2, pad_token_id=1, bos_token_id=0, num_beams=1, do_sample=False,
        max_new_tokens=12, min_new_tokens=12,
    )
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


def build_tiny_t5(out: Path, texts: list[str]) -> Path:
    """Save a tiny random T5 whose config asks for the "summarize: " prefix to ``out``."""
    import torch
    from transformers import GenerationConfig, T5Config, T5ForConditionalGeneration, T5Tokenizer

    vocab = _spm_vocab(["summarize: " + t for t in texts] * 3, 500, pad_id=0, eos_id=1, unk_id=2, bos_id=-1)
    tokenizer = T5Tokenizer(vocab=vocab, extra_ids=0)
    torch.manual_seed(0)
    # T5Config's annotated signature omits the generic config keywords it accepts at run time
    config = T5Config(  # type: ignore[call-arg]
        vocab_size=len(tokenizer), d_model=32, d_kv=16, d_ff=64, num_layers=2, num_decoder_layers=2, num_heads=2,
        pad_token_id=0, eos_token_id=1, decoder_start_token_id=0,
        task_specific_params={"summarization": {"prefix": "summarize: "}},  # as real T5 checkpoints
    )
    model = T5ForConditionalGeneration(config).eval()
    model.generation_config = GenerationConfig(
        decoder_start_token_id=0, eos_token_id=1, pad_token_id=0, num_beams=1, do_sample=False,
        max_new_tokens=10, min_new_tokens=10, suppress_tokens=[0, 2],
    )
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out
