"""Rich views of notebooks (summarize.report.html): what each shows, that article text is always
escaped (a page's <script> shows as text), and that the classes' _repr_html_ reach them."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from summarize.pipeline import PipelineConfig, RunResult, Topic
from summarize.records import (
    HTML_VIEWS,
    Article,
    ArticleError,
    AttributionCheck,
    Conflict,
    Document,
    EpisodeFlag,
    MergeChecks,
    MergedSentence,
    MergedSummary,
    Story,
    Summary,
    html_view,
)
from summarize.report import show
from summarize.report.html import MAX_ROWS, esc, merged_html, render, run_html, source_sentences, stories_html
from summarize.scoring import References, RunScores, score_run
from summarize.scoring.files import OutputScores

EVIL = '<script>alert("x")</script>'


class _Tree(HTMLParser):
    """Start tags (with their attributes), and the text as a browser shows it."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def of_class(self, name: str) -> list[dict[str, str | None]]:
        return [a for _, a in self.tags if name in (a.get("class") or "").split()]

    @property
    def shown(self) -> str:
        return "".join(self.text)


def _docs() -> list[Document]:
    texts = {
        "a1": ("Les ministres se sont rencontrés à Genève vendredi.", "Le dialogue continue selon Moscou."),
        "b2": ("Réunion des ministres à Vienne vendredi matin.", f"Un lecteur a écrit {EVIL} dans la page."),
        "c3": ("Les ministres se sont rencontrés à Genève vendredi.", "Aucun accord n'a été trouvé."),
    }
    return [Document(Article(id=i, text="\n".join(s), title=f"Titre {i}"), s, "fr") for i, s in texts.items()]


def _merged() -> MergedSummary:
    conflict = Conflict(
        slot="place", about="Les ministres",
        values={"Genève": ("a1", "c3"), "Vienne": ("b2",)},
        evidence=(("a1", "Les ministres se sont rencontrés à Genève vendredi."), ("b2", "Réunion des ministres à Vienne vendredi matin.")),
    )
    attributed = Conflict(
        slot="number (manifestants)", about="la manifestation", values={"12 000": ("a1",), "40 000": ("b2",)},
        kind="attributed", sources={"12 000": "selon la police", "40 000": "selon les syndicats"},
    )
    return MergedSummary(
        sentences=(
            MergedSentence("Les ministres se sont rencontrés à Genève vendredi.", ("a1", "c3")),
            MergedSentence(f"Un lecteur a écrit {EVIL} ici.", ("b2",)),
        ),
        method="extractive",
        article_ids=("a1", "b2", "c3"),
        conflicts=(conflict, attributed),
        flags=(EpisodeFlag("c3", "other-episode", "dated 2008-07-02, <b>another</b> episode"),),
        checks=MergeChecks(12, AttributionCheck(3, 3, "criterion"), 0.25, {"fr": 3}),
        duplicates=(("a1", "a1-copy"),),
    )


def test_merged_view_shows_each_sentence_with_its_source_badges():
    tree = _Tree(merged_html(_merged()))
    assert "Les ministres se sont rencontrés à Genève vendredi." in tree.shown
    sentences = tree.of_class("sz-sentence")
    assert len(sentences) == 2
    badges = [b["title"] for b in tree.of_class("sz-badge")]
    # 3 sentence badges, then the conflicts' (2 + 1 + 1 + 1), the flag's and the duplicates' (2)
    assert len(badges) == 3 + 5 + 1 + 2
    assert badges[0].startswith("a1 (its sentences on hover") and badges[2].startswith("b2")
    assert "12 words" not in tree.shown and "attribution 100% of 3" in tree.shown


def test_badges_show_the_source_sentence_on_hover_with_the_documents():
    merged, docs = _merged(), _docs()
    tree = _Tree(merged_html(merged, docs))
    titles = [b["title"] for b in tree.of_class("sz-badge")][:3]
    assert titles == [
        "a1: Les ministres se sont rencontrés à Genève vendredi.",
        "c3: Les ministres se sont rencontrés à Genève vendredi.",
        f"b2: Un lecteur a écrit {EVIL} dans la page.",  # the closest sentence of b2, not the merged one
    ]
    assert source_sentences(merged, docs)[1, "b2"] == f"Un lecteur a écrit {EVIL} dans la page."
    # plain articles (no sentences yet) are split into sentences
    assert source_sentences(merged, [d.article for d in docs])[0, "a1"] == "Les ministres se sont rencontrés à Genève vendredi."


def test_article_text_is_escaped_everywhere():
    merged, docs = _merged(), _docs()
    story = Story("story-00001", f"Label {EVIL}", ("a1", "b2", "c3"), merged)
    failed = Story("story-00002", "x", ("d4",), None, error=f"ValueError: {EVIL}")
    for markup in (merged_html(merged, docs), render(story, docs), render(failed), stories_html([story, failed])):
        tree = _Tree(markup)
        assert "script" not in {tag for tag, _ in tree.tags}  # never an element...
        assert EVIL in tree.shown or any(EVIL in (a.get("title") or "") for _, a in tree.tags)  # ...always text
        assert "<b>another</b>" not in markup
    assert esc(None) == "" and esc('a"b') == "a&quot;b"


def test_conflicts_are_a_table_of_who_says_what():
    merged = _merged()
    tree = _Tree(merged._repr_html_() or "")
    conflict_rows = tree.of_class("sz-disagree")
    attributed_rows = tree.of_class("sz-attributed")
    assert len(conflict_rows) == 2 and len(attributed_rows) == 2
    shown = tree.shown
    for text in ("Genève", "Vienne", "selon la police", "selon les syndicats", "attributed: who says what",
                 "Réunion des ministres à Vienne vendredi matin."):
        assert text in shown
    one = _Tree(merged.conflicts[0]._repr_html_() or "")
    assert "the sources disagree" in one.shown and len(one.of_class("sz-disagree")) == 2
    assert "No conflict found" in merged_html(MergedSummary((), "extractive"))


def _run(n: int = 3) -> RunResult:
    docs = _docs()
    summaries = [
        Summary(id=d.id, text=d.sentences[0], sentences=d.sentences[:1], model="lead-1", lang="fr",
                title=None if d.id == "c3" else f"{d.id} {EVIL}", input_words=12, time_s=0.01)
        for d in docs[:n]
    ]
    stories = [Story("story-00001", "Les ministres", ("a1", "b2", "c3"), _merged()), Story("story-00002", "Autre", ("x",), None, "boom")]
    return RunResult(
        documents=docs[:n], cleaning={}, summaries=summaries, merged=stories[0].merged,
        errors=[ArticleError("feed.jsonl:4", "clean", f"only 2 words left {EVIL}", id="d4")],
        config=PipelineConfig(conflicts=False, progress=False), summarizer="lead-1", merger="extractive", time_s=1.5,
        stories=stories, topics=[Topic("topic-00001", "Les ministres", ("story-00001", "story-00002"), 4)],
    )


def test_run_view_counts_errors_and_a_link_free_table_of_summaries():
    result = _run()
    markup = result._repr_html_() or ""
    tree = _Tree(markup)
    assert {tag for tag, _ in tree.tags}.isdisjoint({"a", "script", "img", "iframe"})
    shown = tree.shown
    assert "articles summarized3lead-1: 3" in shown and "skipped1" in shown and "stories / topics2 / 1" in shown
    assert "feed.jsonl:4" in shown and f"only 2 words left {EVIL}" in shown
    assert "—" in shown and "nan" not in shown.lower()  # a missing title is a dash, never NaN
    assert "story-00002" in shown and "boom" in shown  # the stories table, with the failed merge
    assert tree.of_class("sz-badge") and tree.of_class("sz-sentence")  # the largest story's merged summary
    assert repr(result).startswith("RunResult(")  # the plain repr is unchanged


def test_long_tables_are_cut_with_a_count():
    result = _run()
    many = [Summary(id=f"id{i}", text="x y z", sentences=("x y z",), model="lead-1") for i in range(MAX_ROWS + 7)]
    result.summaries = many
    assert "... and 7 more" in _Tree(run_html(result)).shown


def test_story_and_topic_lists_are_compact_tables():
    result = _run()
    view = show(result.stories, result.topics)
    tree = _Tree(view._repr_html_())
    rows = [r for r in tree.text if r.startswith("story-")]
    assert rows == ["story-00001", "story-00002"] and "topic-00001" in tree.shown
    assert repr(view) == repr(result.stories)
    topics = _Tree(show(result.topics)._repr_html_())
    assert "topic-00001" in topics.shown and "Les ministres" in topics.shown
    assert "topic-00001" in (result.topics[0]._repr_html_() or "")
    story = _Tree(result.stories[0]._repr_html_() or "")
    assert "story-00001" in story.shown and story.of_class("sz-sentence")
    with pytest.raises(TypeError, match="no HTML view of int"):
        show(3)


def test_scores_show_their_confidence_intervals():
    result = _run()
    refs = References({"a1": ["Les ministres se sont rencontrés à Genève."], "b2": ["Réunion à Vienne."], "c3": ["Aucun accord."]},
                      ["Les ministres se sont rencontrés."], "refs.jsonl")
    scores = score_run(result, refs, n_bootstrap=50)
    assert isinstance(scores, RunScores)
    tree = _Tree(scores._repr_html_() or "")
    f1 = scores.articles["fr"].aggregate["rouge1"]["fmeasure"]
    assert f"{f1.mean * 100:.2f}" in tree.shown and f"[{f1.low * 100:.2f}, {f1.high * 100:.2f}]" in tree.shown
    assert "95% bootstrap CI" in tree.shown and "refs.jsonl" in tree.shown and "compat" in tree.shown
    out = _Tree(OutputScores(scores, "fr", note="the merged summary is not scored")._repr_html_() or "")
    assert "compat" not in out.shown and "the merged summary is not scored" in out.shown


def test_html_view_is_none_without_a_registered_view():
    assert html_view(Article(id="x", text="y")) is None
    assert not hasattr(Article, "_repr_html_")


def test_every_class_with_a_rich_view_finds_it():
    """The views are registered by "module.Class" (the classes never import the report stage): a class
    moved or renamed must still find its view."""
    for cls in (RunResult, Topic, MergedSummary, Story, Conflict, RunScores, OutputScores):
        assert f"{cls.__module__}.{cls.__qualname__}" in HTML_VIEWS, cls
        assert callable(getattr(cls, "_repr_html_", None)), cls
