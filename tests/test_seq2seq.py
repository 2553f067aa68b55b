"""Abstractive summarization through transformers, on tiny models the tests build themselves."""

from __future__ import annotations

import json

import pytest

from summarize import Pipeline, PipelineConfig
from summarize.cli import main
from summarize.records import Article
from summarize.segment import segment
from summarize.summarizers import Seq2SeqSummarizer, get_summarizer
from summarize.summarizers.seq2seq import PRESETS, ModelNotAvailableError, download_model


@pytest.fixture(scope="module")
def mbart(tiny_mbart):
    return Seq2SeqSummarizer(str(tiny_mbart), progress=False)


@pytest.fixture(scope="module")
def articles(sample_dir):
    corpus = Pipeline(PipelineConfig(summarizer="lead-1", progress=False)).run(sample_dir)
    return corpus.articles


def test_loads_a_local_directory_through_from_pretrained(mbart, tiny_mbart):
    assert mbart.name == "tiny-mbart" and mbart.device == "cpu"
    assert type(mbart.model).__name__ == "MBartForConditionalGeneration"
    assert type(mbart.tokenizer).__name__ == "BarthezTokenizer"
    assert mbart.window == 128  # the model's position limit
    assert mbart.generation.max_new_tokens == 12 and mbart.generation.do_sample is False


def test_single_and_batched_outputs_are_identical_and_deterministic(mbart, articles):
    one_by_one = [mbart.summarize(a).text for a in articles]
    batched = [s.text for s in mbart.summarize_many(articles)]
    assert batched == one_by_one
    assert [s.text for s in mbart.summarize_many(articles)] == batched
    assert all(s.strip() for s in batched)


def test_long_article_is_chunked_not_truncated(mbart, sample_dir):
    words = " ".join(p.read_text("utf-8") for p in sorted(sample_dir.glob("*.txt"))).split()
    text = " ".join((words * (20_000 // len(words) + 1))[:20_000])
    chunks = mbart.chunk(text, "fr")
    assert len(chunks) > 100
    assert all(mbart._count(c) <= mbart.chunk_budget for c in chunks)
    assert " ".join(chunks).split() == text.split()  # nothing dropped
    summary = mbart.summarize(Article(id="long", text=text, lang="fr"))
    assert summary.chunks == len(chunks) and summary.passes >= 2
    assert summary.text and mbart._count(summary.text) <= 2 * mbart.max_summary_tokens


def test_batches_respect_the_token_budget(mbart):
    lengths = [5, 128, 40, 40, 7, 128, 90, 1]
    batches = mbart.batches(lengths)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for b in batches:
        assert len(b) * max(lengths[i] for i in b) <= mbart.batch_tokens and len(b) <= mbart.max_batch_size
        assert [lengths[i] for i in b] == sorted((lengths[i] for i in b), reverse=True)


def test_empty_article_is_a_clear_error_and_the_batch_goes_on(mbart, tiny_mbart, articles):
    with pytest.raises(ValueError, match="article 'e' has no text"):
        mbart.summarize(Article(id="e", text="  ", lang="fr"))
    inputs = list(articles[:2]) + [Article(id="blank", text="   ", source="blank.txt")]
    result = Pipeline(PipelineConfig(summarizer=str(tiny_mbart), progress=False)).run(inputs)
    assert [s.id for s in result.summaries] == [a.id for a in articles[:2]]
    assert result.errors[0].id == "blank" and result.errors[0].stage == "clean"
    assert "only 0 words left" in result.errors[0].message


def test_missing_weights_give_one_clear_error(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelNotAvailableError) as exc:
        Seq2SeqSummarizer("barthez", progress=False)
    msg = str(exc.value)
    for part in ("'barthez' (moussaKam/barthez-orangesum-abstract)", "not in the local Hugging Face cache",
                 "loading never downloads", "summarize download barthez",
                 "hf download moussaKam/barthez-orangesum-abstract", "--model path/to/"):
        assert part in msg, part
    with pytest.raises(ModelNotAvailableError, match="not a model directory"):
        Seq2SeqSummarizer("/tmp", progress=False)


@pytest.mark.parametrize("offline", ["1", None])
def test_loading_never_downloads_and_downloading_is_explicit(offline, monkeypatch, tmp_path, tiny_mbart, capsys):
    import huggingface_hub
    import transformers

    if offline:
        monkeypatch.setenv("HF_HUB_OFFLINE", offline)
    else:
        monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    calls = []
    for cls in (transformers.AutoTokenizer, transformers.AutoModelForSeq2SeqLM):
        real = cls.from_pretrained
        monkeypatch.setattr(cls, "from_pretrained", lambda *a, _real=real, **k: calls.append(k) or _real(*a, **k))
    fetched = []
    monkeypatch.setattr(huggingface_hub, "snapshot_download", lambda repo, local_dir=None: fetched.append(repo) or local_dir)
    Seq2SeqSummarizer(str(tiny_mbart), progress=False)
    with pytest.raises(ModelNotAvailableError):
        Seq2SeqSummarizer("t5-fr", progress=False)  # not cached: an error, never a download
    assert calls and all(k.get("local_files_only") is True for k in calls) and fetched == []
    assert download_model("barthez", tmp_path / "b") == tmp_path / "b"
    assert main(["download", "mt5-xlsum", "--to", str(tmp_path / "m")]) == 0
    assert fetched == ["moussaKam/barthez-orangesum-abstract", "csebuetnlp/mT5_multilingual_XLSum"]
    assert f"--model {tmp_path / 'm'}" in capsys.readouterr().out


def test_cli_reports_missing_weights_without_falling_back(tmp_path, sample_dir, monkeypatch, capsys):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    code = main(["run", str(sample_dir), "--out", str(tmp_path / "o"), "--model", "barthez", "-q"])
    assert code == 2 and "hf download" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
    # the router loads its model at the first article: still one line, no traceback, no output
    code = main(["run", str(sample_dir), "--out", str(tmp_path / "r"), "--summarizer", "abstractive", "-q", "--no-conflicts"])
    err = capsys.readouterr().err
    assert code == 2 and "summarize download barthez" in err and "Traceback" not in err
    assert not (tmp_path / "r").exists()


def test_presets_carry_model_card_defaults():
    assert PRESETS["barthez"].max_input_tokens == 1024 and PRESETS["barthez"].generation["num_beams"] == 4
    assert PRESETS["mt5-xlsum"].generation == {"num_beams": 4, "max_length": 84, "no_repeat_ngram_size": 2}
    assert PRESETS["t5-fr"].prefix == "summarize: "


def test_generation_settings_can_be_overridden(tiny_mbart, articles):
    from transformers import GenerationConfig

    short = Seq2SeqSummarizer(str(tiny_mbart), generation={"max_new_tokens": 4, "min_new_tokens": 4}, progress=False)
    assert short._count(short.summarize(articles[0]).text) <= 6
    cfg = GenerationConfig(max_new_tokens=3, min_new_tokens=3, num_beams=2, decoder_start_token_id=2, eos_token_id=2, pad_token_id=1)
    assert Seq2SeqSummarizer(str(tiny_mbart), generation=cfg, progress=False).generation.num_beams == 2


def test_t5_prefix_comes_from_the_checkpoint(tiny_t5, articles):
    t5 = Seq2SeqSummarizer(str(tiny_t5), progress=False)
    assert t5.prefix == "summarize: "
    seen = []
    generate = t5.model.generate

    def spy(**kwargs):
        seen.extend(t5.tokenizer.batch_decode(kwargs["input_ids"], skip_special_tokens=True))
        return generate(**kwargs)

    t5.model.generate = spy
    assert t5.summarize(articles[0]).text
    assert seen and all(x.startswith("summarize: ") for x in seen)
    assert Seq2SeqSummarizer(str(tiny_t5), prefix="", progress=False).prefix == ""


def test_dataset_map_batched(mbart, articles):
    from datasets import Dataset

    ds = Dataset.from_dict({"id": [a.id for a in articles], "text": [a.text for a in articles]})
    out = ds.map(mbart.as_map_function(), batched=True, batch_size=4)
    assert out["summary"] == [s.text for s in mbart.summarize_many(articles)]
    assert out["chunks"] == [mbart.summarize(a).chunks for a in articles]


def test_lossy_precisions_are_opt_in_and_labelled(tiny_mbart, articles):
    int8 = Seq2SeqSummarizer(str(tiny_mbart), precision="int8", progress=False)
    assert int8.name == "tiny-mbart[int8]" and int8.summarize(articles[0]).text
    with pytest.raises(ValueError, match="fp16 generation needs a GPU"):
        Seq2SeqSummarizer(str(tiny_mbart), precision="fp16", device="cpu", progress=False)


def test_abstractive_router_loads_lazily_and_routes_by_language(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    router = get_summarizer("abstractive")  # nothing loaded yet
    with pytest.raises(ModelNotAvailableError, match="mt5-xlsum"):
        router.check(segment(Article(id="e", text="The minister spoke in Geneva.", lang="en")))


def test_summarize_run_with_a_local_model_directory(tmp_path, sample_dir, tiny_mbart):
    out = tmp_path / "out"
    assert main(["run", str(sample_dir), "--out", str(out), "--model", str(tiny_mbart), "-q"]) == 0
    rows = [json.loads(x) for x in (out / "summaries.jsonl").read_text().splitlines()]
    assert len(rows) == 5 and {r["model"] for r in rows} == {"tiny-mbart"}
    assert all(r["chunks"] >= 1 and r["passes"] >= 1 and r["summary"] for r in rows)
    assert json.loads((out / "merged.json").read_text())["summary"]
