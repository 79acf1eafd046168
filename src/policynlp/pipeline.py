"""The one module that wires every stage: ingest → clean → segment → classify → extract."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from policynlp.classify import MODEL_DIR, Classifier, Labels, load_default_classifier, model_dir, predict_labels
from policynlp.classify.context import RuralContext
from policynlp.classify.model import heading_of
from policynlp.classify.structure import StructureRules, paragraph_starts
from policynlp.clean import CleanText, clean_text, to_simplified
from policynlp.extract import extract_facts, extract_targets
from policynlp.extract.deadlines import deadline_clean_spans
from policynlp.extract.targets import label_targets
from policynlp.ingest import RawDocument, read_path
from policynlp.segment import ClauseSpan, segment
from policynlp.types import Clause, Document

_JOIN = re.compile(r"\n[#\s]*")


@dataclass(frozen=True, slots=True)
class _Prepared:
    clean: CleanText
    spans: list[ClauseSpan]
    doc: Document
    title_span: tuple[int, int] | None


def _is_path(item: str | os.PathLike[str]) -> bool:
    """A ``Path``, or a string that names an existing file (texts have newlines or are long)."""
    return isinstance(item, os.PathLike) or ("\n" not in item and len(item) < 4096 and Path(item).is_file())


PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class PipelineConfig:
    """Everything that decides a pipeline's output besides the package itself (picklable, so
    worker processes build the same pipeline).

    ``use_model``: combine the rules with the model in ``model_dir`` (default: the shipped model,
    see :func:`policynlp.classify.model_dir`); without a usable model (no ``labels.json`` in the
    folder, or torch not installed) the rules classify alone.
    """

    use_model: bool = True
    model_dir: str | None = None

    def model_path(self) -> Path:
        """The model folder this configuration names."""
        return Path(self.model_dir) if self.model_dir else model_dir()

    def classifier_kind(self) -> str:
        """``"combined"`` when a model will be loaded, else ``"rules"`` (decided without loading it)."""
        if not self.use_model or not (self.model_path() / "labels.json").is_file():
            return "rules"
        return "combined" if importlib.util.find_spec("torch") is not None else "rules"


BIG_FILE = 64 * 1024 * 1024  # larger files (a pretrained encoder, say) count by size and modification time


def _hash_tree(h: Any, root: Path, label: str) -> None:
    """Feed every regular file under ``root`` (relative name and bytes, sorted) into ``h``."""
    if not root.is_dir():
        h.update(f"{label}:absent\n".encode())
        return
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"):
        st = path.stat()
        h.update(f"{label}:{path.relative_to(root).as_posix()}:{st.st_size}\n".encode())
        if st.st_size > BIG_FILE:
            h.update(str(st.st_mtime_ns).encode())
            continue
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)


def fingerprint_of(config: PipelineConfig, *, package_dir: Path = PACKAGE_DIR, models_dir: Path | None = None) -> str:
    """Hash of what decides the records: every file of the package (source and resources), every
    model beside the shipped classifier (``models/``: the classifier, the clause-function model,
    …), the configured model folder when it is elsewhere, and the options. Any change gives
    another fingerprint."""
    h = hashlib.sha256()
    kind = config.classifier_kind()
    h.update(json.dumps({**asdict(config), "model_dir": None, "classifier": kind}, sort_keys=True).encode())
    _hash_tree(h, package_dir, "package")
    models = models_dir or MODEL_DIR.resolve().parent  # the repository's models/ folder
    _hash_tree(h, models, "models")
    chosen = config.model_path().resolve()
    if config.use_model and models not in chosen.parents:
        _hash_tree(h, chosen, "model")
    return h.hexdigest()[:24]


def _load_classifier(config: PipelineConfig) -> Classifier:
    """The shipped choice (:func:`~policynlp.classify.load_default_classifier`) for the default
    model folder; for another folder, its model and ``combine.json`` with the rules."""
    if config.model_dir is None:
        return load_default_classifier(use_model=config.use_model)
    from policynlp.classify.rules import RuleClassifier

    rules = RuleClassifier()
    if config.classifier_kind() == "rules":
        return rules
    from policynlp.classify.combine import CombinedClassifier

    return CombinedClassifier.from_dir(config.model_path(), rules)


def doc_id_of(text: str) -> str:
    """Content hash of a document's decoded text (16 hex digits of SHA-256)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


class Pipeline:
    """Load the stages once, analyze many documents.

    >>> p = Pipeline(classifier=None)
    >>> doc = p.analyze("到2025年，农村互联网普及率达到60%。")
    >>> doc.targets[0].deadline.end, doc.targets[0].metric.value
    ('2025-12-31', 60.0)
    """

    def __init__(self, *, classifier: Classifier | str | None = "auto", structure: StructureRules | None = None) -> None:
        self.config: PipelineConfig | None = PipelineConfig() if classifier == "auto" and structure is None else None
        self.classifier: Classifier | None = (_load_classifier(PipelineConfig()) if classifier == "auto"
                                              else classifier)  # type: ignore[assignment]
        self.context = RuralContext.from_taxonomy()
        # the label gate reads the scores of the classifier's own rules (one scorer, one scan per clause)
        rules = getattr(self.classifier, "rules", self.classifier)
        self.structure = structure or StructureRules.default(scorer=rules if hasattr(rules, "predict_scores") else None)
        self._fingerprint: str | None = None

    @classmethod
    def from_config(cls, config: PipelineConfig | None = None, **options: object) -> Pipeline:
        """The pipeline a configuration describes (``PipelineConfig`` fields may be given as
        keyword arguments): the one way batch runs, workers and integrations build it.

        >>> Pipeline.from_config(use_model=False).classifier.__class__.__name__
        'RuleClassifier'
        """
        cfg = replace(config or PipelineConfig(), **options)  # type: ignore[arg-type]
        pipe = cls(classifier=_load_classifier(cfg))
        pipe.config = cfg
        return pipe

    @property
    def fingerprint(self) -> str:
        """Changes whenever the package source, a resource, a model or an option changes (a
        pipeline built around given classifier or structure objects hashes their class names)."""
        if self._fingerprint is None:
            if self.config is not None:
                self._fingerprint = fingerprint_of(self.config)
            else:
                h = hashlib.sha256(fingerprint_of(PipelineConfig(use_model=False)).encode())
                h.update(f"{type(self.classifier).__qualname__}/{type(self.structure).__qualname__}".encode())
                self._fingerprint = h.hexdigest()[:24]
        return self._fingerprint

    def analyze(self, text_or_path: str | os.PathLike[str], *, source: str | None = None) -> Document:
        """Analyze a text, or the file at a path (``Path`` or an existing file name)."""
        if _is_path(text_or_path):
            return self.analyze_raw(read_path(text_or_path))
        return self.analyze_raw(RawDocument(source or "<text>", str(text_or_path), "text"))

    def analyze_raw(self, raw: RawDocument) -> Document:
        """Analyze one decoded document."""
        return next(iter(self.pipe_raw([raw])))

    def pipe(self, items: Iterable[str | os.PathLike[str]], *, batch_size: int = 32) -> Iterator[Document]:
        """Analyze many texts or paths; the classifier sees ``batch_size`` documents at once."""
        def raws() -> Iterator[RawDocument]:
            for item in items:
                if _is_path(item):
                    yield read_path(item)
                else:
                    yield RawDocument("<text>", str(item), "text")
        return self.pipe_raw(raws(), batch_size=batch_size)

    def pipe_raw(self, raws: Iterable[RawDocument], *, batch_size: int = 32) -> Iterator[Document]:
        """Analyze decoded documents in batches."""
        batch: list[_Prepared] = []
        for raw in raws:
            batch.append(self._structure(raw))
            if len(batch) >= batch_size:
                yield from self._finish(batch)
                batch = []
        if batch:
            yield from self._finish(batch)

    def _structure(self, raw: RawDocument) -> _Prepared:
        # PDF text layers are hard-wrapped; plain text is unwrapped when it looks hard-wrapped
        clean = clean_text(raw.text, unwrap=True if raw.format == "pdf" else None if raw.format == "text" else False)
        st = segment(clean.simplified, display=clean.text, hints=raw.meta)
        clauses = []
        for i, span in enumerate(st.clauses):
            s, e = clean.source_span(span.start, span.end)
            text = _JOIN.sub("", clean.text[span.start : span.end])  # wrapped lines (and a title's heading marks) joined
            clauses.append(Clause(i, s, e, text, span.section, span.kind))
        extra = {k: v for k, v in raw.meta.items() if k not in ("title", "issued", "doc_number", "issuers")}
        doc = Document(
            doc_id=doc_id_of(raw.text),
            source=raw.source,
            text=raw.text,
            title=st.title,
            issued=st.issued,
            script=clean.script,
            clauses=tuple(clauses),
            doc_number=st.doc_number,
            issuers=tuple(st.issuers),
            facts={"format": raw.format, **extra, **({"issued_partial": st.issued_partial} if st.issued_partial else {}),
                   **({"warnings": list(raw.warnings)} if raw.warnings else {})},
        )
        return _Prepared(clean, st.clauses, doc, st.title_span)

    def finalize_labels(self, texts: Sequence[str], kinds: Sequence[str], sections: Sequence[str], title: str | None,
                        labels: Sequence[Labels], starts: Sequence[bool] | None = None) -> tuple[list[str], list[Labels], dict[str, object]]:
        """Document-level decisions on a document's classified clauses (simplified texts, in order):
        scope by the taxonomy (:mod:`~policynlp.classify.context`), then each clause's function and
        the headings that govern it (:mod:`~policynlp.classify.structure`)."""
        facts: dict[str, object] = {}
        mine = list(labels)
        share = self.context.share(texts)
        facts["rural_share"] = round(share, 3)
        if not self.context.is_rural_document(title, texts, share=share):
            facts["rural_context"] = False  # village-bound labels kept only where a clause names rural matters
            mine = self.context.keep_rural(texts, mine)
        simplified = {sec: to_simplified(sec) for sec in set(sections)}  # a section path repeats for every clause under it
        funcs, mine = self.structure.apply(texts, kinds, [simplified[s] for s in sections], mine, starts)
        return funcs, mine, facts

    def _finish(self, batch: list[_Prepared]) -> Iterator[Document]:
        labels = None
        if self.classifier is not None:
            texts = [p.clean.simplified[s.start : s.end] for p in batch for s in p.spans]
            # the heading each clause sits under, for a model that reads a clause after its heading
            sections = {c.section for p in batch for c in p.doc.clauses}
            heads = {sec: heading_of(to_simplified(sec)) for sec in sections}
            labels = predict_labels(self.classifier, texts, [heads[c.section] for p in batch for c in p.doc.clauses])
        k = 0
        for p in batch:
            clean, doc = p.clean, p.doc
            clauses = list(doc.clauses)
            facts = dict(doc.facts)
            if labels is not None:
                texts = [clean.simplified[s.start : s.end] for s in p.spans]
                title = clean.simplified[p.title_span[0] : p.title_span[1]] if p.title_span else None
                funcs, mine, found_facts = self.finalize_labels(texts, [c.kind for c in clauses], [c.section for c in clauses],
                                                                title, labels[k : k + len(clauses)],
                                                                paragraph_starts(doc.text, [(c.start, c.end) for c in clauses]))
                facts.update(found_facts)
                for i, c in enumerate(clauses):
                    d, a, t = mine[i]
                    clauses[i] = replace(c, domains=d, actions=a, tasks=t, function=funcs[i])
                k += len(clauses)
            found = deadline_clean_spans(clean, issued=doc.issued, skip=p.title_span)
            targets = extract_targets(clean, p.spans, clauses, found)
            if self.classifier is not None and targets:  # issue 15: a target's labels come from its own words
                own = self.classifier.predict([to_simplified(t.text) for t in targets])
                targets = label_targets(targets, [(tuple(x.id for x in d), tuple(x.id for x in a)) for d, a, _ in own], clauses)
            deadlines = [d for _, _, d in found]
            facts.update(extract_facts(clean.simplified))
            yield replace(doc, clauses=tuple(clauses), deadlines=tuple(deadlines), targets=tuple(targets), facts=facts)


def analyze(text_or_path: str | os.PathLike[str]) -> Document:
    """Analyze one text or file with a default :class:`Pipeline` (loads the models each call)."""
    return Pipeline().analyze(text_or_path)
