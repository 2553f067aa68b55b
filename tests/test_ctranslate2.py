"""The ctranslate2 backend: conversion cached by content, the same outputs as transformers on the
tiny models the tests build, the generation settings mapped, and clear errors."""

from __future__ import annotations

import json
import shutil

import pytest

from summarize import Pipeline, PipelineConfig
from summarize.cli import main
from summarize.extras import MissingExtraError
from summarize.summarizers import Seq2SeqSummarizer
from summarize.summarizers.seq2seq import translate_options

pytest.importorskip("ctranslate2")  # the ctranslate2 extra; `make test` installs it


@pytest.fixture(scope="module")
def documents(sample_dir):
    return Pipeline(PipelineConfig(summarizer="lead-1", progress=False, conflicts=False)).run(sample_dir).documents


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("ct2-cache")


def _pair(model, cache, **kwargs):
    hf = Seq2SeqSummarizer(str(model), progress=False, **kwargs)
    ct = Seq2SeqSummarizer(str(model), progress=False, backend="ctranslate2", backend_options={"cache_dir": cache}, **kwargs)
    return hf, ct


@pytest.mark.parametrize("which", ["tiny_mbart", "tiny_t5"])
@pytest.mark.parametrize("beams", [1, 4])
def test_outputs_are_identical_to_transformers(which, beams, request, cache, documents):
    model = request.getfixturevalue(which)
    hf, ct = _pair(model, cache, generation={"num_beams": beams})
    assert ct.name.endswith("[ct2]") and ct.backend.compute_type == "float32"
    ids = [hf.tokenizer(hf.prefix + d.text, truncation=True, max_length=hf.window)["input_ids"] for d in documents]
    special = set(hf.tokenizer.all_special_ids)
    strip = lambda out: [[t for t in x if t not in special] for x in out]  # noqa: E731
    assert strip(ct.backend.generate(ids, ct.generation, ct.tokenizer)) == strip(hf.backend.generate(ids, hf.generation, hf.tokenizer))
    assert [s.text for s in ct.summarize_many(documents)] == [s.text for s in hf.summarize_many(documents)]


def test_conversion_is_cached_by_content_and_a_converted_folder_is_a_model(tiny_mbart, cache, tmp_path, documents):
    first = Seq2SeqSummarizer(str(tiny_mbart), backend="ctranslate2", backend_options={"cache_dir": cache}, progress=False)
    stamp = (first.backend.model_dir / "model.bin").stat().st_mtime_ns
    again = Seq2SeqSummarizer(str(tiny_mbart), backend="ctranslate2", backend_options={"cache_dir": cache}, progress=False)
    assert again.backend.model_dir == first.backend.model_dir
    assert (again.backend.model_dir / "model.bin").stat().st_mtime_ns == stamp  # not converted again
    assert json.loads((first.backend.model_dir / "config.json").read_text())["decoder_start_token"] == "</s>"
    changed = shutil.copytree(tiny_mbart, tmp_path / "changed")
    config = json.loads((changed / "generation_config.json").read_text())
    (changed / "generation_config.json").write_text(json.dumps({**config, "max_new_tokens": 10}))
    other = Seq2SeqSummarizer(str(changed), backend="ctranslate2", backend_options={"cache_dir": cache}, progress=False)
    assert other.backend.model_dir != first.backend.model_dir  # other content, other folder
    converted = Seq2SeqSummarizer(str(first.backend.model_dir), backend="ctranslate2", progress=False)
    assert [s.text for s in converted.summarize_many(documents[:2])] == [s.text for s in first.summarize_many(documents[:2])]
    with pytest.raises(ValueError, match="is a CTranslate2 model; use backend='ctranslate2'"):
        Seq2SeqSummarizer(str(first.backend.model_dir), progress=False)


def test_lossy_compute_types_are_labelled_and_checked(tiny_mbart, cache, documents):
    int8 = Seq2SeqSummarizer(str(tiny_mbart), backend="ctranslate2", precision="int8", backend_options={"cache_dir": cache}, progress=False)
    assert int8.name == "tiny-mbart[ct2,int8]" and int8.backend.compute_type == "int8"
    assert all(s.text for s in int8.summarize_many(documents[:2]))
    with pytest.raises(ValueError, match="fp16 runs on CUDA only with ctranslate2"):
        Seq2SeqSummarizer(str(tiny_mbart), backend="ctranslate2", precision="fp16", device="cpu", progress=False)
    with pytest.raises(ValueError, match="'int8_float32' is not run by the transformers backend"):
        Seq2SeqSummarizer(str(tiny_mbart), precision="int8_float32", progress=False)
    with pytest.raises(ValueError, match="unknown backend 'onnx'"):
        Seq2SeqSummarizer(str(tiny_mbart), backend="onnx", progress=False)


def test_missing_ctranslate2_names_the_extra(tiny_mbart, monkeypatch):
    import importlib.util

    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "ctranslate2" else find_spec(name, *a))
    with pytest.raises(MissingExtraError, match=r"needs the 'ctranslate2' extra .*pip install 'summarize\[ctranslate2\]'"):
        Seq2SeqSummarizer(str(tiny_mbart), backend="ctranslate2", progress=False)


def test_generation_settings_map_onto_translate_batch():
    from transformers import GenerationConfig

    barthez = GenerationConfig(num_beams=4, max_length=100, min_length=10, length_penalty=2.0, no_repeat_ngram_size=3, forced_eos_token_id=2)
    options = translate_options(barthez, None)
    assert options == {
        "beam_size": 4, "max_decoding_length": 98, "min_decoding_length": 9, "length_penalty": 2.0,
        "repetition_penalty": 1.0, "no_repeat_ngram_size": 3, "max_input_length": 0,
    }
    fixed = translate_options(GenerationConfig(max_new_tokens=12, min_new_tokens=12), None)
    assert fixed["max_decoding_length"] == 12 and fixed["min_decoding_length"] == 12 and fixed["beam_size"] == 1
    with pytest.raises(ValueError, match="cannot apply forced_bos_token_id"):  # refused, never dropped
        translate_options(GenerationConfig(forced_bos_token_id=5), None)


def test_summarize_run_with_the_ctranslate2_backend(tmp_path, sample_dir, tiny_mbart, monkeypatch):
    monkeypatch.setenv("SUMMARIZE_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "out"
    assert main(["run", str(sample_dir), "--model", str(tiny_mbart), "--backend", "ctranslate2", "--out", str(out), "-q"]) == 0
    rows = [json.loads(x) for x in (out / "summaries.jsonl").read_text().splitlines()]
    assert len(rows) == 5 and {r["model"] for r in rows} == {"tiny-mbart[ct2]"} and all(r["summary"] for r in rows)
    assert list((tmp_path / "cache" / "ctranslate2").iterdir())  # converted into the cache named by SUMMARIZE_CACHE
