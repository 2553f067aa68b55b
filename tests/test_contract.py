"""Every registered summarizer and merger passes the same checks: output type, sentences taken
from the input (extractive ones), sources that exist, determinism, and a clear error on empty input.
Abstractive presets, whose weights are not on this machine, must say so and how to get them."""

from __future__ import annotations

import pytest

from summarize import Pipeline, PipelineConfig
from summarize.merge import MERGERS, get_merger
from summarize.records import Article, Document, Length, MergedSummary, Summary
from summarize.segment import segment
from summarize.summarizers import SUMMARIZERS, ModelNotAvailableError, Summarizer, get_summarizer, headline
from summarize.summarizers.seq2seq import PRESETS

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
        if summarizer.extractive:  # sentences of the document, or its title as the first one
            title = {headline(doc.title)} if doc.title and s.sentences[0] == headline(doc.title) else set()
            assert set(s.sentences) <= set(doc.sentences) | title, f"{name} wrote a sentence that is not in {doc.id}"
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
    merged = get_merger(name).merge(documents, summaries, length=Length(words=100))
    assert isinstance(merged, MergedSummary) and merged.sentences
    ids = {d.id for d in documents}
    assert set(merged.article_ids) == ids
    assert all(s.sources and set(s.sources) <= ids for s in merged.sentences)
    assert merged.words <= 100 or len(merged.sentences) == 1
    all_sentences = {x for d in documents for x in d.sentences}
    assert all(s.text in all_sentences for s in merged.sentences)  # both registered mergers are extractive
    assert get_merger(name).merge(documents, summaries, length=Length(words=100)) == merged
    with pytest.raises(ValueError, match="nothing to merge"):
        get_merger(name).merge([], [])


@pytest.mark.parametrize("name", [n for n in SUMMARIZERS if n not in NEEDS_WEIGHTS])
def test_every_summarizer_honours_a_length_in_sentences_and_words(name, documents, tiny_mbart):
    summarizer = _build(name, tiny_mbart)
    assert summarizer.supports_length
    by_sentences = summarizer.summarize_many(documents, length=Length(sentences=2))
    for doc, s in zip(documents, by_sentences):
        assert len(doc.sentences) >= 2
        if summarizer.extractive:
            assert len(s.sentences) == 2 and set(s.sentences) <= set(doc.sentences)
        else:  # abstractive: the first two sentences of what the model wrote
            assert 1 <= len(s.sentences) <= 2
    if not summarizer.extractive:
        return  # words for abstractive models: test_abstractive_words_map_to_token_bounds
    for target in (25, 60):
        for doc, s in zip(documents, summarizer.summarize_many(documents, length=Length(words=target))):
            assert s.target_words == target and s.sentences and set(s.sentences) <= set(doc.sentences)
            longest = max(len(x.split()) for x in doc.sentences)
            assert abs(s.words - target) <= longest, (name, s.words, target)  # sentences are never cut


def test_abstractive_words_map_to_token_bounds(documents, tiny_mbart):
    summarizer = _build("seq2seq", tiny_mbart)
    generated = []
    generate = summarizer.backend.generate

    def spy(ids, generation, tokenizer):
        out = generate(ids, generation, tokenizer)
        generated.extend((generation.min_new_tokens, generation.max_new_tokens, x) for x in out)
        return out

    summarizer.backend.generate = spy
    summaries = summarizer.summarize_many(documents, length=Length(words=10))
    for d, s in zip(documents, summaries):  # tokens per word measured on each article
        per_word = summarizer._count(d.text) / len(d.text.split())
        low, high = s.token_bounds
        assert low <= 10 * per_word * 0.8 < low + 1 and high - 1 < 10 * per_word * 1.2 <= high
    assert {s.target_words for s in summaries} == {10}
    special = set(summarizer.tokenizer.all_special_ids)
    bounded = [(low, high, ids) for low, high, ids in generated if (low, high) in {s.token_bounds for s in summaries}]
    assert len(bounded) >= len(summaries)  # the last pass of every article (long ones are chunked first)
    for low, high, ids in bounded:
        assert low <= len([t for t in ids if t not in special]) <= high
    assert summaries[0].to_dict()["token_bounds"] == list(summaries[0].token_bounds)
    alone = summarizer.summarize(documents[0], length=Length(words=10))
    assert alone.token_bounds == summaries[0].token_bounds and alone.text == summaries[0].text  # alone or in a batch


def test_the_pipeline_applies_the_length_and_refuses_it_when_it_cannot(sample_dir):
    result = Pipeline(PipelineConfig(sentences=2, progress=False, conflicts=False)).run(sample_dir)
    assert [len(s.sentences) for s in result.summaries] == [2] * 5 and result.merged.words <= 150
    with pytest.raises(ValueError, match="in words or in sentences, not both"):
        PipelineConfig(words=50, sentences=2)

    class NoRank(Summarizer):
        name = "no-rank"

        def summarize_sentences(self, doc, length=None):
            return list(doc.sentences[:1])

    with pytest.raises(ValueError, match="'no-rank' cannot honour a length"):
        Pipeline(PipelineConfig(sentences=2, conflicts=False), summarizer=NoRank())
    assert Pipeline(PipelineConfig(conflicts=False), summarizer=NoRank())  # without a length it is fine
