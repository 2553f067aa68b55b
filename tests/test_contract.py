"""Every registered summarizer and merger passes the same checks: output type, sentences taken
from the input (extractive ones), sources that exist, determinism, and a clear error on empty input.
Abstractive presets, whose weights are not on this machine, must say so and how to get them."""

from __future__ import annotations

import pytest

from summarize import MERGERS, SUMMARIZERS, Pipeline, PipelineConfig
from summarize.merge import get_merger
from summarize.records import Article, Document, MergedSummary, Summary
from summarize.segment import segment
from summarize.summarizers import get_summarizer
from summarize.summarizers.seq2seq import PRESETS, ModelNotAvailableError

NEEDS_WEIGHTS = {*PRESETS, "abstractive"}


@pytest.fixture(scope="module")
def documents(sample_dir) -> list[Document]:
    return Pipeline(PipelineConfig(summarizer="lead-1", progress=False, conflicts=False)).run(sample_dir).documents


def _build(name: str, tiny_mbart):
    return get_summarizer(name, model=str(tiny_mbart), progress=False) if name == "seq2seq" else get_summarizer(name)


@pytest.mark.parametrize("name", [n for n in SUMMARIZERS if n not in NEEDS_WEIGHTS])
def test_summarizer_contract(name, documents, tiny_mbart):
    summarizer = _build(name, tiny_mbart)
    summaries = summarizer.summarize_many(documents)
    assert [type(s) for s in summaries] == [Summary] * len(documents)
    for doc, s in zip(documents, summaries):
        assert s.id == doc.id and s.model and s.sentences and all(isinstance(x, str) and x for x in s.sentences)
        assert s.text == " ".join(s.sentences) and s.input_words == len(doc.text.split())
        if summarizer.extractive:
            assert set(s.sentences) <= set(doc.sentences), f"{name} wrote a sentence that is not in {doc.id}"
    again = _build(name, tiny_mbart).summarize_many(documents)  # a fresh instance: same output
    assert [s.sentences for s in again] == [s.sentences for s in summaries]
    assert [summarizer.summarize(d).sentences for d in documents[:2]] == [s.sentences for s in summaries[:2]]
    with pytest.raises(ValueError, match="no text to summarize"):
        summarizer.summarize(Article(id="empty", text="  \n", lang="fr"))


@pytest.mark.parametrize("name", sorted(NEEDS_WEIGHTS))
def test_abstractive_entries_without_weights_say_how_to_get_them(name, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelNotAvailableError, match="summarize download"):
        get_summarizer(name).summarize(segment(Article(id="a", text="Le ministre a parlé à Genève.", lang="fr")))


@pytest.mark.parametrize("name", list(MERGERS))
def test_merger_contract(name, documents):
    summaries = get_summarizer("ext-fr").summarize_many(documents)
    merged = get_merger(name, max_words=100).merge(documents, summaries)
    assert isinstance(merged, MergedSummary) and merged.sentences
    ids = {d.id for d in documents}
    assert set(merged.article_ids) == ids
    assert all(s.sources and set(s.sources) <= ids for s in merged.sentences)
    assert merged.words <= 100 or len(merged.sentences) == 1
    all_sentences = {x for d in documents for x in d.sentences}
    assert all(s.text in all_sentences for s in merged.sentences)  # both registered mergers are extractive
    assert get_merger(name, max_words=100).merge(documents, summaries) == merged
    with pytest.raises(ValueError, match="nothing to merge"):
        get_merger(name).merge([], [])
