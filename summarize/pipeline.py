"""The whole flow in one object: load → clean → language → segment → summarize → group → merge.

Example:
    >>> from summarize.pipeline import Pipeline
    >>> result = Pipeline().run("../shared/data/articles/blinken-lavrov-2022")  # doctest: +SKIP
    >>> result.to_frame()  # one row per article  # doctest: +SKIP
    >>> result.merged.text  # doctest: +SKIP
    >>> [(s.id, s.size, s.label) for s in result.stories]  # doctest: +SKIP

A run of many articles is grouped into topics (one subject followed over weeks) and, inside each,
stories (one event or episode; :mod:`summarize.group`), each story with its merged summary;
``result.topics`` lists the topics with their stories, ``result.merged`` is the largest story's.
:meth:`Pipeline.process` is the per-article part as a stream (what ``summarize run`` and the Ray
engine use to handle feeds of any size).

An article that cannot be processed (unreadable file, empty after cleaning, too long, wrong
language, summarizer failure) is recorded in ``result.errors`` with the file and the fix, and the
others go on.
"""

from __future__ import annotations

import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd
from tqdm.auto import tqdm

from .checks import merge_with_checks, require_conflicts
from .clean import CleanerConfig, CleanResult, clean_article
from .group import GroupingConfig, StoryGrouper
from .language import UNDETERMINED, detect_language, known_languages, primary_language
from .lexicon import word_count
from .load import Corpus, iter_corpus
from .merge import MERGERS, Merger, check_merger, get_merger, source_order
from .records import Article, ArticleError, Document, Length, MergedSentence, MergedSummary, Story, Summary, html_view
from .segment import Splitter, segment
from .summarizers import Summarizer, SummarizerSpec, resolve_summarizer


@dataclass(frozen=True)
class PipelineConfig:
    """Settings of a run.

    Attributes:
        summarizer: Registry name of the summarizer (``summarize.summarizers.SUMMARIZERS``),
            ``lead-K``, a model directory or a cached Hub id.
        summarizer_options: Parameters of that summarizer (``{"damping": 0.9}``); the summary
            length is ``words``/``sentences``, not an option.
        languages: Accepted languages (ISO 639-1); ``None`` accepts every language. Articles in
            another language are reported and skipped.
        max_chars: Longer inputs are reported and skipped (protects against a wrong file).
        min_words: Articles with fewer words after cleaning are reported and skipped.
        merged_words: Length budget of the merged summary in words (``Length(words=...)`` given to
            the merger).
        merge_strategy: Registry name of the merger (``summarize.merge.MERGERS``): ``extractive``
            (multi-document clustering) or ``hierarchical``.
        merger_options: Parameters of that merger (``{"position_weight": 5}``); its length is
            ``merged_words``, not an option.
        conflicts: Detect conflicting facts and other-episode articles (spaCy NER, the
            ``conflicts`` extra).
        progress: Show progress bars.
        cleaner: Thresholds of the boilerplate rules.
        device: Abstractive models: ``cuda``/``cpu`` (default: CUDA if available).
        precision: Abstractive models: ``fp32`` (default) or the lossy ``bf16``/``fp16``/``int8``
            (and ``int8_float32`` with the ctranslate2 backend).
        backend: Abstractive models: ``transformers`` (default) or ``ctranslate2``.
        words: Length of every article's summary in words (about; sentences are never cut), instead
            of the summarizer's own length; not with ``sentences``.
        sentences: Length of every article's summary in sentences (exactly, when the article has
            that many); not with ``words``.
        stories: ``group`` (default: group the articles into stories, one merged summary each),
            ``one`` (all articles are one story, whatever they say) or ``off`` (per-article
            summaries only, no merged summary).
        grouping: Settings of story grouping.
        engine: ``local`` (default: this process) or ``ray`` (the per-article stages on Ray Data
            workers, the ``ray`` extra; see :mod:`summarize.engines`).
        workers: Ray engine: number of workers (each loads the summarizer once).
        batch_size: Articles summarized together (and per Ray batch).

    Raises:
        ValueError: at construction, for an unknown summarizer or merger, a bad limit, or an
            unknown language code.
        TypeError: at construction, for a setting of the wrong type (``batch_size=2.5``,
            ``summarizer=None``); ``languages`` may be given as a string (``"fr"``, ``"fr,en"``:
            read as ``("fr",)``, ``("fr", "en")``, lower-cased).
    """

    summarizer: str = "auto"
    summarizer_options: Mapping[str, Any] = field(default_factory=dict, hash=False)
    languages: tuple[str, ...] | None = None
    max_chars: int = 500_000
    min_words: int = 10
    merged_words: int = 150
    merge_strategy: str = "extractive"
    merger_options: Mapping[str, Any] = field(default_factory=dict, hash=False)
    conflicts: bool = True
    progress: bool = True
    cleaner: CleanerConfig = field(default_factory=CleanerConfig)
    device: str | None = None
    precision: str = "fp32"
    backend: str = "transformers"
    words: int | None = None
    sentences: int | None = None
    stories: str = "group"
    grouping: GroupingConfig = field(default_factory=GroupingConfig)
    engine: str = "local"
    workers: int = 1
    batch_size: int = 64

    def __post_init__(self) -> None:
        self._check_types()
        if self.stories not in STORY_MODES:
            raise ValueError(f"stories={self.stories!r}: expected one of {', '.join(STORY_MODES)}")
        if self.engine not in ENGINES:
            raise ValueError(f"engine={self.engine!r}: expected one of {', '.join(ENGINES)}")
        if self.workers < 1 or self.batch_size < 1:
            raise ValueError(f"invalid workers={self.workers} or batch_size={self.batch_size} (both >= 1)")
        if self.max_chars < 1 or self.min_words < 0 or self.merged_words < 1:
            raise ValueError(
                f"invalid limits: max_chars={self.max_chars} (>= 1), min_words={self.min_words} (>= 0), "
                f"merged_words={self.merged_words} (>= 1)"
            )
        # A frozen copy: later edits of the caller's dict do not change this config.
        object.__setattr__(self, "summarizer_options", MappingProxyType(dict(self.summarizer_options)))
        object.__setattr__(self, "merger_options", MappingProxyType(dict(self.merger_options)))
        if self.words is not None and self.sentences is not None:
            raise ValueError(
                f"give the summary length in words or in sentences, not both (words={self.words!r}, "
                f"sentences={self.sentences!r})"
            )
        self.length()  # ValueError for a value below 1
        # Names and parameters checked now (nothing is built): ValueError listing what is known.
        self.summarizer_spec  # noqa: B018 - resolves and checks the summarizer once
        if "max_words" in self.merger_options and not MERGERS.entry(self.merge_strategy).accepts("max_words"):
            raise ValueError(
                "the merged summary's length is merged_words (--merged-words), not a merger option (max_words)"
            )
        MERGERS.check(self.merge_strategy, **self.merger_options)
        if self.languages is not None:
            unknown = [lang for lang in self.languages if lang not in known_languages()]
            if unknown:
                raise ValueError(
                    f"unknown language code(s) {unknown}; give ISO 639-1 codes such as 'fr', 'tr', 'zh' "
                    "(summarize.language.known_languages() lists them; every known language is accepted)"
                )

    def _check_types(self) -> None:
        """Check the type of every setting before anything uses it, so that a wrong one is a
        ``TypeError`` naming the setting rather than an error from deep inside the run, and
        normalise the unambiguous ones: ``languages="fr"`` (or ``"FR, en"``) is read as
        ``("fr",)`` (``("fr", "en")``): codes stripped and lower-cased, empty ones dropped, a list
        made a tuple; a ``Path`` as ``summarizer`` (a model folder) is read as its string; a
        NumPy integer as an ``int``.

        Raises:
            TypeError: a setting of the wrong type (``batch_size=2.5``, ``summarizer=None``,
                ``languages=["fr", 1]``...); the message names it and the type expected.
            ValueError: ``languages`` names no language at all (``""``, ``","``), or ``words``
                or ``sentences`` is below 1.
        """
        def put(name: str, value: Any) -> None:
            object.__setattr__(self, name, value)

        if hasattr(self.summarizer, "__fspath__"):  # a model folder given as a Path
            put("summarizer", str(self.summarizer.__fspath__()))
        for name in ("summarizer", "merge_strategy", "precision", "backend", "stories", "engine"):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise TypeError(f"PipelineConfig({name}={value!r}): expected a string, got {type(value).__name__}")
        if self.device is not None and not isinstance(self.device, str):
            raise TypeError(f"PipelineConfig(device={self.device!r}): expected 'cuda', 'cpu' or None")
        for name in ("max_chars", "min_words", "merged_words", "workers", "batch_size", "words", "sentences"):
            value = getattr(self, name)
            if value is None and name in ("words", "sentences"):
                continue
            if isinstance(value, bool) or not hasattr(value, "__index__"):
                raise TypeError(
                    f"PipelineConfig({name}={value!r}): expected a whole number (int), got {type(value).__name__}"
                )
            put(name, int(value.__index__()))
            if name in ("words", "sentences") and getattr(self, name) < 1:
                raise ValueError(
                    f"PipelineConfig({name}={value!r}): a summary length is >= 1 (or None for the summarizer's own)"
                )
        for name in ("conflicts", "progress"):
            value = getattr(self, name)
            if not isinstance(value, bool):
                raise TypeError(f"PipelineConfig({name}={value!r}): expected True or False, got {type(value).__name__}")
        for name in ("summarizer_options", "merger_options"):
            value = getattr(self, name)
            if not isinstance(value, Mapping):
                raise TypeError(
                    f"PipelineConfig({name}={value!r}): expected a mapping of parameters such as {{'damping': 0.9}} "
                    "(or {} for none)"
                )
        for name, kind in (("cleaner", CleanerConfig), ("grouping", GroupingConfig)):
            if not isinstance(getattr(self, name), kind):
                raise TypeError(f"PipelineConfig({name}=...): expected a {kind.__name__}, got {type(getattr(self, name)).__name__}")
        if self.languages is not None:
            langs = self.languages.split(",") if isinstance(self.languages, str) else self.languages
            if not isinstance(langs, Iterable) or not all(isinstance(x, str) for x in langs):
                raise TypeError(
                    f"PipelineConfig(languages={self.languages!r}): expected language codes as a string "
                    "('fr' or 'fr,en') or a tuple of strings (('fr', 'en')), or None for every language"
                )
            codes = tuple(dict.fromkeys(primary_language(x) for x in langs if x.strip()))
            if not codes:
                raise ValueError(
                    f"PipelineConfig(languages={self.languages!r}) names no language; give codes such as 'fr' "
                    "or ('fr', 'en'), or None to accept every language"
                )
            put("languages", codes)

    @cached_property
    def summarizer_spec(self) -> SummarizerSpec:
        """The summarizer resolved and checked (:func:`~summarize.summarizers.resolve_summarizer`):
        its entry, its parameters (``summarizer_options``, plus ``device``/``precision``/``backend``
        when set and taken) and the settings it ignores."""
        settings = {
            key: value for key, value, default in (
                ("device", self.device, None), ("precision", self.precision, "fp32"), ("backend", self.backend, "transformers"),
            ) if value != default
        }
        return resolve_summarizer(self.summarizer, self.summarizer_options, settings=settings)

    def length(self) -> Length | None:
        """The summary length asked for (``words`` or ``sentences``), ``None`` for the summarizer's own."""
        if self.words is None and self.sentences is None:
            return None
        return Length(words=self.words, sentences=self.sentences)

    def merged_length(self) -> Length:
        """The merged summary's length: ``merged_words`` words (a budget)."""
        return Length(words=self.merged_words)


STORY_MODES = ("group", "one", "off")
ENGINES = ("local", "ray")
# Errors held back (with the articles waiting for their batch) before the batch is summarized
# early: a long run of skipped inputs after one article does not pile up in memory.
QUEUE_MAX = 1024


@dataclass(frozen=True)
class Processed:
    """One article through the per-article stages: its segmented document, cleaning report and
    summary."""

    document: Document
    cleaning: CleanResult
    summary: Summary


@dataclass(frozen=True)
class Topic:
    """One subject followed over time (weeks, months): the stories (events, episodes) of a run
    about it.

    Attributes:
        id: ``topic-00001``, ... numbered in the order of each topic's first article in the input.
        label: The label of its largest story (the first of equals).
        story_ids: Its stories, in the order of their first article.
        size: Its articles in all.
    """

    id: str
    label: str
    story_ids: tuple[str, ...]
    size: int

    def to_dict(self) -> dict[str, Any]:
        return {"topic": self.id, "label": self.label, "size": self.size, "story_ids": list(self.story_ids)}

    def _repr_html_(self) -> str | None:
        return html_view(self)  # a compact table (summarize.report.html)


@dataclass
class RunResult:
    """Everything a run produced.

    Attributes:
        documents: Segmented articles that were summarized, in input order.
        cleaning: Cleaning report per article id (kept/removed lines with reasons).
        summaries: One summary per document in ``documents``.
        merged: The merged summary of the largest story (of the one story, for a set about one
            event); ``None`` when no article could be summarized or stories are off.
        stories: The stories (same event), each with its merged summary.
        topics: The topics (same subject over time), each naming its stories (every story is in
            one topic; empty when stories are off).
        errors: Inputs that were reported and skipped.
        config: The configuration used.
        summarizer: Name of the summarizer that ran (``Summary.model`` names the one that
            summarized each article, e.g. ``ext-fr`` under ``auto``).
        merger: Name of the merger that ran.
        time_s: Wall time of the run.
    """

    documents: list[Document]
    cleaning: dict[str, CleanResult]
    summaries: list[Summary]
    merged: MergedSummary | None
    errors: list[ArticleError]
    config: PipelineConfig
    summarizer: str = ""
    merger: str = ""
    time_s: float = 0.0
    stories: list[Story] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)

    def topic_of(self) -> dict[str, str]:
        """The topic id of every story id."""
        return {sid: t.id for t in self.topics for sid in t.story_ids}

    @property
    def articles(self) -> list[Article]:
        """The cleaned articles that were summarized, in input order."""
        return [d.article for d in self.documents]

    def models(self) -> dict[str, int]:
        """Articles summarized by each model (``{"ext-fr": 5}``)."""
        return dict(Counter(s.model for s in self.summaries))

    def to_frame(self) -> pd.DataFrame:
        """Per-article table (pandas DataFrame): language, lengths, compression, time, summary."""
        rows = []
        for s in self.summaries:
            clean = self.cleaning.get(s.id)
            rows.append(
                {
                    "id": s.id,
                    "title": s.title,
                    "lang": s.lang,
                    "input_words": s.input_words,
                    "summary_words": s.words,
                    "compression": round(s.input_words / s.words, 2) if s.words else None,
                    "removed_lines": len(clean.removed) if clean else 0,
                    "time_s": round(s.time_s, 4),
                    "summary": s.text,
                }
            )
        return pd.DataFrame(rows)

    def _repr_html_(self) -> str | None:
        return html_view(self)  # counts, problems, summaries, stories (summarize.report.html)


class RunSink:
    """Where a run's outcomes go, as :meth:`Pipeline.run_into` produces them: each article's
    outcome (:meth:`add`), then each story with its topic (:meth:`add_story`), whose documents and
    summaries the sink gives back (:meth:`story_inputs`). This base keeps everything in memory (what
    :meth:`Pipeline.run` returns); :class:`summarize.report.FolderSink` streams to files and keeps
    only what a report needs.

    Attributes:
        documents, summaries: The articles summarized (the ones kept for the result), in input order.
        cleaning: Cleaning report per article id, summarized or skipped, in input order.
        errors: What was skipped and why (articles, then failed merges).
        stories: The stories kept for the result.
        topics: Every topic, with all its stories (:meth:`topic_list`).
        largest: The story with the most articles that has a merged summary (the first of equals).
        summarized, skipped: Counts of all outcomes (also those not kept).
        models: Articles summarized by each model.
    """

    def __init__(self) -> None:
        self.documents: list[Document] = []
        self.summaries: list[Summary] = []
        self.cleaning: dict[str, CleanResult] = {}
        self.errors: list[ArticleError] = []
        self.stories: list[Story] = []
        self.largest: Story | None = None
        self.summarized = 0
        self.skipped = 0
        self.models: Counter[str] = Counter()
        self._by_id: dict[str, tuple[Document, Summary]] = {}
        self._topics: dict[str, list[tuple[str, str, int]]] = {}  # topic -> (story id, label, size)

    def resumed_documents(self) -> Iterator[Document]:
        """Documents summarized by an earlier, interrupted run that this one goes on from."""
        return iter(())

    def add(self, outcome: Processed | ArticleError) -> None:
        """Record one article's outcome."""
        if isinstance(outcome, Processed):
            self.summarized += 1
            self.models[outcome.summary.model] += 1
            self.keep(outcome)
        else:
            self.skipped += 1
            self.keep_error(outcome)

    def keep(self, outcome: Processed) -> None:
        """Keep a summarized article for the result (here: always)."""
        self.documents.append(outcome.document)
        self.summaries.append(outcome.summary)
        self.cleaning[outcome.document.id] = outcome.cleaning
        self._by_id[outcome.document.id] = (outcome.document, outcome.summary)

    def keep_error(self, error: ArticleError) -> None:
        """Keep a skipped article for the result (here: always)."""
        self.errors.append(error)
        if error.cleaning is not None:
            self.cleaning[error.id or error.source] = error.cleaning

    def story_inputs(self, ids: Sequence[str]) -> tuple[list[Document], list[Summary]]:
        """The documents and summaries of the articles ``ids``."""
        pairs = [self._by_id[i] for i in ids]
        return [d for d, _ in pairs], [s for _, s in pairs]

    def add_story(self, story: Story, topic: str | None = None) -> None:
        """Record one story and the id of its topic (none given: the story is a topic of its own);
        a failed merge also becomes a problem of the run."""
        if story.merged is not None and (self.largest is None or story.size > self.largest.size):
            self.largest = story
        self._topics.setdefault(topic or story.id, []).append((story.id, story.label, story.size))
        self.keep_story(story)
        if story.error:
            self.skipped += 1
            self.keep_error(story.as_error())

    def keep_story(self, story: Story) -> None:
        """Keep a story for the result (here: always)."""
        self.stories.append(story)

    def topic_list(self) -> list[Topic]:
        """The topics of the stories added, in the order of their first story; a topic is labelled
        by its largest story (the first of equals)."""
        return [
            Topic(tid, max(stories, key=lambda s: s[2])[1], tuple(s[0] for s in stories), sum(s[2] for s in stories))
            for tid, stories in self._topics.items()
        ]


class Pipeline:
    """load → clean → language → segment → summarize → merge, with a report of what was skipped
    and why. Each article is split into sentences once (a :class:`~summarize.records.Document`),
    and every later stage reads those sentences.

    Args:
        config: Run settings.
        summarizer: A ready summarizer (overrides ``config.summarizer``).
        merger: A ready :class:`~summarize.merge.Merger` (overrides ``config.merge_strategy``).
        splitter: Sentence splitter of the segment stage (any :class:`~summarize.segment.Splitter`;
            default: the rule-based one).

    Raises:
        ValueError: a summarizer or merger parameter the entry does not take.
        MissingExtraError: conflict detection or an abstractive model without its pip extra.
        ModelNotAvailableError: an abstractive model whose weights are not here.
    """

    def __init__(
        self,
        config: PipelineConfig | None = None,
        *,
        summarizer: Summarizer | None = None,
        merger: Merger | None = None,
        splitter: Splitter | None = None,
    ) -> None:
        self.config = config or PipelineConfig()
        cfg = self.config
        if cfg.conflicts:
            require_conflicts()  # fail before any work, naming the extra (or --no-conflicts)
        for key in cfg.summarizer_spec.ignored if summarizer is None else ():
            warnings.warn(
                f"{key}={getattr(cfg, key)!r} applies to abstractive models only; summarizer "
                f"'{cfg.summarizer}' ignores it",
                stacklevel=2,
            )
        self.summarizer = summarizer or cfg.summarizer_spec.build()
        self.summarizer.check_length(cfg.length())
        if merger is not None:
            check_merger(merger)
        self.merger = merger or get_merger(cfg.merge_strategy, **cfg.merger_options)
        self.splitter = splitter
        # the per-article stages given as objects: an engine's workers get them too
        self.stages: dict[str, Any] = {k: v for k, v in (("summarizer", summarizer), ("splitter", splitter)) if v is not None}

    def run(self, source: str | Path | Iterable[Any] | Corpus, *, known: Sequence[str] = ()) -> RunResult:
        """Run the flow on a folder, file, dataset or list of articles (see :func:`load_corpus`) in
        this process, keeping everything in memory (for feeds of any size, ``summarize run``
        streams to files on the engine the config names: :func:`summarize.run.run_to_folder`).

        ``known``: sentences the reader already has (an earlier run's articles): the merged
        summaries are update summaries, what the new articles add (see :meth:`merge_story`)."""
        items: Iterable[Article | ArticleError] = (
            [*source.articles, *source.errors] if isinstance(source, Corpus) else iter_corpus(source)
        )
        return self.run_into(items, RunSink(), known=known)

    def run_into(
        self,
        items: Iterable[Article | ArticleError],
        sink: RunSink,
        process: Callable[[Iterable[Article | ArticleError]], Iterable[Processed | ArticleError]] | None = None,
        *,
        known: Sequence[str] = (),
    ) -> RunResult:
        """The one run loop: every article through the per-article stages (``process``, default
        :meth:`process`; the engines give theirs) into ``sink``, then the stories, each merged from
        the documents the sink gives back (``known``: update summaries, see :meth:`merge_story`),
        into ``sink``.

        Returns:
            The run, from what ``sink`` kept.

        Raises:
            TypeError: ``items`` is not an iterable (or is a string), ``sink`` is not a
                :class:`RunSink`, ``process`` is not callable, or ``known`` is not a sequence
                of sentences (a string would be read letter by letter).
        """
        if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
            raise TypeError(
                f"run_into(items=...): expected an iterable of Article or ArticleError, got {type(items).__name__}; "
                "Pipeline.run takes a folder, a file, a dataset or a list of articles"
            )
        if not isinstance(sink, RunSink):
            raise TypeError(f"run_into(sink=...): expected a RunSink, got {type(sink).__name__}")
        if process is not None and not callable(process):
            raise TypeError(f"run_into(process=...): expected a callable or None, got {type(process).__name__}")
        known_error = TypeError(
            "known=...: expected a sequence of sentences (strings) the reader already has, e.g. "
            f"['Première phrase.', 'Deuxième phrase.'], got {type(known).__name__}"
        )
        if isinstance(known, (str, bytes)) or not isinstance(known, Iterable):
            raise known_error
        known = tuple(known)  # read once (a generator is not read twice)
        if not all(isinstance(x, str) for x in known):
            raise known_error
        t0 = time.perf_counter()
        grouper = StoryGrouper(self.config.grouping)
        for doc in sink.resumed_documents():
            grouper.add_document(doc)
        for outcome in (process or self.process)(items):
            sink.add(outcome)
            if isinstance(outcome, Processed):
                grouper.add_document(outcome.document)
        if self.config.stories != "off":
            for topic_id, story_id, ids in self.stories_of(grouper):
                sink.add_story(self.merge_story(story_id, *sink.story_inputs(ids), known=known), topic_id)
        return RunResult(
            documents=sink.documents,
            cleaning=sink.cleaning,
            summaries=sink.summaries,
            merged=sink.largest.merged if sink.largest else None,
            errors=sink.errors,
            config=self.config,
            summarizer=self.summarizer.name,
            merger=self.merger.name,
            time_s=time.perf_counter() - t0,
            stories=sink.stories,
            topics=sink.topic_list(),
        )

    def process(self, items: Iterable[Article | ArticleError]) -> Iterator[Processed | ArticleError]:
        """The per-article stages as a stream: each article comes out as :class:`Processed` or as
        the :class:`ArticleError` saying why it was skipped (load errors pass through), in input
        order (an error waits for the summaries of the articles before it). Articles are
        summarized ``batch_size`` at a time, so memory does not grow with the input."""
        batch: list[tuple[Document, CleanResult]] = []
        # the outcomes in input order: an error that comes while articles wait for their batch
        # waits too (None: the place of the batch's next summary)
        queue: list[ArticleError | None] = []
        bar = tqdm(desc="summarizing", unit="article", disable=not self.config.progress)

        def summarize_waiting() -> Iterator[Processed | ArticleError]:
            done = self._summarize_batch(batch)
            for waiting in queue:
                yield next(done) if waiting is None else waiting
            bar.update(len(batch))
            batch.clear()
            queue.clear()

        for item in items:
            outcome = item if isinstance(item, ArticleError) else self._prepare_one(item)
            if isinstance(outcome, ArticleError):
                if not batch:
                    yield outcome
                    continue
                queue.append(outcome)
            else:
                batch.append(outcome)
                queue.append(None)
            if len(batch) >= self.config.batch_size or len(queue) >= QUEUE_MAX:
                yield from summarize_waiting()
        if batch:
            yield from summarize_waiting()
        bar.close()

    def _prepare_one(self, raw: Article) -> tuple[Document, CleanResult] | ArticleError:
        try:
            cleaned, doc = self.prepare(raw)
        except ArticleRejected as exc:
            return ArticleError(raw.source or raw.id, exc.stage, str(exc), id=raw.id, cleaning=exc.cleaning)
        except (OSError, ModuleNotFoundError):  # a model or extra missing: the run cannot go on
            raise
        except Exception as exc:  # one article must never stop the batch
            return ArticleError(raw.source or raw.id, "prepare", f"{type(exc).__name__}: {exc}", id=raw.id)
        return doc, cleaned

    def _summarize_batch(self, batch: list[tuple[Document, CleanResult]]) -> Iterator[Processed | ArticleError]:
        docs = [d for d, _ in batch]
        for (doc, cleaned), outcome in zip(batch, self._summarize_all(docs)):
            if isinstance(outcome, Summary) and not outcome.text.strip():
                # e.g. a seq2seq model that generated nothing: no summary, not an empty one
                outcome = (
                    f"the summarizer '{outcome.model}' gave an empty summary (of {outcome.input_words} words of text); "
                    "check the model (an abstractive one may be untrained or need other generation settings) "
                    "or choose another summarizer"
                )
            if isinstance(outcome, Summary):
                yield Processed(doc, cleaned, outcome)
            else:
                yield ArticleError(doc.article.source or doc.id, "summarize", outcome, id=doc.id, cleaning=cleaned)

    def stories_of(self, grouper: StoryGrouper) -> list[tuple[str, str, list[str]]]:
        """The stories of the articles added to ``grouper`` as ``(topic id, story id, article
        ids)``, in the order of their first article: its grouping into topics and stories, or all
        of them as one story of one topic under ``stories="one"``."""
        if not grouper.ids:
            return []
        topics = [[list(range(len(grouper.ids)))]] if self.config.stories == "one" else grouper.topic_groups()
        return number_topics(topics, grouper.ids)

    def merge_story(
        self, story_id: str, documents: Sequence[Document], summaries: Sequence[Summary], *, known: Sequence[str] = ()
    ) -> Story:
        """The :class:`Story` of ``documents``: their merged summary with conflicts and checks (one
        article: its own summary). A failed merge is recorded in ``Story.error``, never raised.

        ``known``: sentences the reader already has (``--since``): the merged summary says what
        the story's articles add to them (the merger must take ``known``, as ``extractive`` does)."""
        ids = tuple(d.id for d in documents)
        label = story_label(documents, summaries)
        if len(documents) == 1:
            s = summaries[0]
            merged = MergedSummary(
                sentences=tuple(MergedSentence(x, (s.id,)) for x in s.sentences),
                method=f"single-article({s.model})", article_ids=ids,
            )
            return Story(story_id, label, ids, merged)
        try:
            merged = merge_with_checks(
                self.merger, documents, summaries, length=self.config.merged_length(), conflicts=self.config.conflicts,
                known=known,
            )
        except Exception as exc:  # the per-article summaries stand without the merged one
            return Story(story_id, label, ids, None, f"{type(exc).__name__}: {exc}")
        return Story(story_id, label, ids, merged)

    def _summarize_all(self, docs: list[Document]) -> list[Summary | str]:
        """Summaries together (batching models batch); if that fails, one by one so that one
        article's failure is reported and the others still get their summary."""
        try:
            return list(self.summarizer.summarize_many(docs, progress=False, length=self.config.length()))
        except Exception:  # isolate the failing article(s) below
            pass
        out: list[Summary | str] = []
        for doc in docs:
            try:
                out.append(self.summarizer.summarize(doc, length=self.config.length()))
            except Exception as exc:  # one article's failure must not stop the batch
                out.append(f"{type(exc).__name__}: {exc}")
        return out

    def _check_language(self, lang: str, cleaning: CleanResult) -> None:
        """Every language is accepted unless ``languages`` restricts them (``--lang``)."""
        accepted = self.config.languages
        if accepted and lang not in accepted:
            raise ArticleRejected(
                "language",
                f"detected language '{lang}', expected one of {', '.join(accepted)}; "
                "pass --lang with it to accept it, or remove the file",
                cleaning=cleaning,
            )

    def _reject_excluded_language(self, raw: str, cleaning: CleanResult) -> None:
        """Text in a language that ``--lang`` excludes may leave few words after cleaning; saying
        which language it is tells the user more than the word count."""
        if not self.config.languages:  # every language is accepted: nothing to tell
            return
        guess = detect_language(raw)
        if guess.lang != UNDETERMINED:
            self._check_language(guess.lang, cleaning)

    def prepare(self, article: Article) -> tuple[CleanResult, Document]:
        """Clean one article, detect its language, split it into sentences and check that it
        can be summarized.

        Returns:
            The cleaning report and the segmented document.

        Raises:
            ArticleRejected: too long, nothing left after cleaning, a language --lang excludes, or
                refused by the summarizer's check.
        """
        cfg = self.config
        if len(article.text) > cfg.max_chars:
            raise ArticleRejected(
                "check",
                f"too long ({len(article.text):,} characters > max_chars={cfg.max_chars:,}); "
                "split the file, or raise the limit (--max-chars)",
            )
        result = clean_article(article, cfg.cleaner)
        body = result.article.text
        n_words = word_count(body)
        if n_words < max(cfg.min_words, 1):
            self._reject_excluded_language(article.text, result)  # a clearer reason when there is one
            raise ArticleRejected(
                "clean",
                f"only {n_words} words left after removing {len(result.removed)} boilerplate "
                "lines; check that the file holds the article text (see the cleaning audit)",
                cleaning=result,
            )
        lang = primary_language(result.article.lang) if result.article.lang else None
        if lang is None:
            guess = detect_language(body)
            lang = guess.lang
            if lang == UNDETERMINED:
                raise ArticleRejected(
                    "language",
                    "language could not be determined from its text (too few words or letters?); check "
                    "that the file holds an article, or give its language (JSONL: a 'lang' field)",
                    cleaning=result,
                )
        self._check_language(lang, result)
        prepared = replace(result.article, lang=lang)
        doc = segment(prepared, self.splitter)
        try:
            self.summarizer.check(doc)
        except ValueError as exc:
            raise ArticleRejected("summarize", str(exc), cleaning=result) from None
        return replace(result, article=prepared), doc


class ArticleRejected(ValueError):
    """An article failed a check; ``stage`` says which, the message says what to do."""

    def __init__(self, stage: str, message: str, cleaning: CleanResult | None = None) -> None:
        super().__init__(message)
        self.stage = stage
        self.cleaning = cleaning


def number_topics(topics: Sequence[Sequence[Sequence[int]]], ids: Sequence[str]) -> list[tuple[str, str, list[str]]]:
    """``(topic id, story id, article ids)`` of every story of ``topics`` (lists of stories, lists
    of positions in ``ids``): stories numbered ``story-00001``, ... in the order of their first
    article, topics ``topic-00001``, ... in the order of theirs."""
    first = sorted((story[0], t, k) for t, topic in enumerate(topics) for k, story in enumerate(topic))
    topic_rank = {t: r for r, t in enumerate(sorted(range(len(topics)), key=lambda t: min(s[0] for s in topics[t])), 1)}
    tw, sw = max(5, len(str(len(topics)))), max(5, len(str(len(first))))
    return [
        (f"topic-{topic_rank[t]:0{tw}d}", f"story-{n:0{sw}d}", [ids[i] for i in topics[t][k]])
        for n, (_, t, k) in enumerate(first, 1)
    ]


def story_label(documents: Sequence[Document], summaries: Sequence[Summary]) -> str:
    """The title of the story's earliest article (by date, then input order), else the start of
    its first summary."""
    order = source_order(documents)
    for d in sorted(documents, key=lambda d: order[d.id]):
        if d.title:
            return d.title
    text = summaries[0].text if summaries else ""
    return text[:97] + "..." if len(text) > 100 else text
