"""The claim rules' shared shape, and the environmental and FDA rules.

Each rule lists patterns per language. A pattern only matches the wording of a claim, never a
bare word that also names a colour, a climate or a photo's light: "green" alone, "climate"
alone and "natural" are never matched. Latin-script patterns match whole words; CJK patterns
match as substrings (those scripts put no spaces between words).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

SEVERE = "severe"  # banned: hidden from the market until fixed
WARN = "warn"  # allowed only with the credential that proves it

Skip = Callable[[str, re.Match[str]], bool]


def words(*alternatives: str) -> re.Pattern[str]:
    """Whole-word alternatives (case-insensitive)."""
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def chars(*alternatives: str) -> re.Pattern[str]:
    """Substring alternatives, for scripts without spaces between words."""
    return re.compile("|".join(alternatives), re.IGNORECASE)


@dataclass(frozen=True)
class Rule:
    name: str
    severity: str
    patterns: tuple[tuple[str, re.Pattern[str]], ...]  # (language, pattern)
    suggestions: dict[str, str]  # language -> rewording ("en" is the fallback)
    markets: frozenset[str] | None = None  # None: every market
    proof: str | None = None  # the credential that lifts the rule ("warn" rules)
    skip: Skip | None = None  # look-alikes and exemptions

    def applies(self, market: str) -> bool:
        return self.markets is None or market.upper() in self.markets

    def suggestion(self, language: str) -> str:
        return self.suggestions.get(language) or self.suggestions["en"]


def sentence_of(text: str, match: re.Match[str]) -> str:
    """The sentence around MATCH (split on . ! ? 。 ！ ？ and line breaks)."""
    stops = ".!?。！？\n"
    start = max((text.rfind(c, 0, match.start()) for c in stops), default=-1) + 1
    ends = [i for i in (text.find(c, match.end()) for c in stops) if i != -1]
    return text[start : min(ends) if ends else len(text)]


# --- environmental claims (EU Directive 2024/825) ---------------------------------------------

SCHEMES = re.compile(
    r"EU[\s-]?Ecolabel|Ecolabel\s+(?:UE|de\s+la\s+UE|europ\w+)|[ÉE]colabel\s+europ[ée]en|"
    r"Etiqueta\s+Ecol[óo]gica|Blauer?\s+Engel|Blue\s+Angel|Ange\s+Bleu|Nordic\s+(?:Swan|Ecolabel)|"
    r"\bFSC\b|\bPEFC\b|\bGOTS\b|OEKO-TEX|Cradle\s+to\s+Cradle|bluesign|Fairtrade|"
    r"Rainforest\s+Alliance|Ecocert|OK\s+compost|EN\s?13432|DIN\s+CERTCO|Seedling|エコマーク|中国环境标志|十环认证",
    re.IGNORECASE,
)
_OFFSETS = re.compile(
    r"offset|compensat|kompensat|kompensier|ausgegl[iei]+ch|compens|Ausgleich|オフセット|抵消|抵销|상쇄",
    re.IGNORECASE,
)
_NEUTRAL_EN = (
    r"(?:climate|carbon|co2|co₂)[\s-]?(?:neutral|positive|negative|compensated)|net[\s-]zero"
)
_NEUTRAL_DE = r"(?:klima|co2|co₂)-?(?:neutral|positiv|kompensiert)"
_NEUTRAL_FR = r"neutre\s+(?:en\s+carbone|pour\s+le\s+climat)|neutralit[ée]\s+carbone"
_NEUTRAL_ES = (
    r"neutr[oa]s?\s+en\s+(?:carbono|co2)|clim[áa]ticamente\s+neutr[oa]s?|neutralidad\s+de\s+carbono"
)
_NEUTRAL_IT = r"climaticamente\s+neutral[ei]|a\s+impatto\s+zero|carbon\s+neutral"
_NEUTRAL_CJK = r"カーボンニュートラル|気候中立|碳中和|气候中和|탄소\s?중립"

NEUTRAL_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("en", words(_NEUTRAL_EN)),
    ("de", words(_NEUTRAL_DE)),
    ("fr", words(_NEUTRAL_FR)),
    ("es", words(_NEUTRAL_ES)),
    ("it", words(_NEUTRAL_IT)),
    ("ja", chars(_NEUTRAL_CJK)),
)

_GREEN_CONTEXT = (
    r"green(?=\s+(?:choice|option|alternative|products?|brand|company|business|shopping|living|"
    r"lifestyle|credentials|energy|electricity|power|technology|tech|manufacturing|production|"
    r"future|footprint|solutions?|promise))"
    r"|(?<=go\s)green|(?<=going\s)green|(?<=goes\s)green|(?<=100% )green|(?<=truly\s)green"
    r"|greene(?:r|st)(?!\s+(?:shade|tone|hue|colou?r|tint))"
)
GENERIC_ENV_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "en",
        words(
            r"eco[\s-]?friendly",
            r"environment(?:al)?(?:ly)?[\s-](?:friendly|safe|sound|conscious|responsible|correct)",
            r"(?:earth|planet|nature|ocean|climate)[\s-]friendly",
            r"(?:good|gentle|kind)\s+(?:for|on|to)\s+the\s+(?:planet|environment|earth)",
            r"carbon[\s-](?:friendly|free|zero)",
            r"zero[\s-](?:carbon|emissions?)",
            r"sustainabl[ey]",
            r"biodegradable",
            r"ecological(?:ly)?(?!\s+footprint)",
            r"eco[\s-](?:conscious|responsible)",
            r"(?:respectful|better)\s+(?:of|for)\s+the\s+(?:planet|environment|earth)",
            # Directive 2024/825 recital 9 names these too.
            r"energy[\s-]efficient",
            r"bio[\s-]?based",
            r"nature['’]s\s+friend",
            _GREEN_CONTEXT,
        ),
    ),
    (
        "de",
        words(
            r"umweltfreundlich\w*",
            r"umweltschonend\w*",
            r"klimafreundlich\w*",
            r"klimaschonend\w*",
            r"ressourcenschonend\w*",
            r"umweltvertr[äa]glich\w*",
            r"umweltgerecht\w*",
            r"energieeffizient\w*",
            r"biobasiert\w*",
            r"naturfreundlich\w*",
            r"biologisch\s+abbaubar\w*",
            r"[öo]kologisch\w*(?!\s+(?:Landbau|Anbau|Landwirtschaft))",
            r"nachhaltig(?:e[nrms]?)?(?!\s+(?:gepflegt\w*|pflegt|feucht\w*|gl[äa]tt\w*))",
        ),
    ),
    (
        "fr",
        words(
            r"[ée]cologiques?",
            r"[ée]co-?responsables?",
            r"respectueu(?:x|se|ses)\s+de\s+l['’]environnement",
            r"bon(?:ne)?s?\s+pour\s+la\s+plan[èe]te",
            r"respectueu(?:x|se|ses)\s+de\s+la\s+plan[èe]te",
            r"respectueu(?:x|se|ses)\s+du\s+climat",
            r"biosourc[ée]e?s?",
            r"biod[ée]gradables?",
        ),
    ),
    (
        "es",
        words(
            r"ecol[óo]gic[oa]s?",
            r"sostenibles?",
            r"respetuos[oa]s?\s+con\s+el\s+medio\s+ambiente",
            r"amigables?\s+con\s+el\s+(?:medio\s+ambiente|planeta)",
            r"respetuos[oa]s?\s+con\s+el\s+planeta",
            r"eco-?amigables?",
            r"biobasad[oa]s?",
            r"biodegradables?",
        ),
    ),
    (
        "it",
        words(
            r"ecologic[oaie]",
            r"sostenibil[ei]",
            r"eco-?sostenibil[ei]",
            r"rispettos[oaie]\s+dell['’]ambiente",
            r"amic[oaie]\s+dell['’]ambiente",
            r"(?:amic|rispettos)[oaie]\s+del\s+pianeta",
            r"ecocompatibil[ei]",
        ),
    ),
    (
        "nl",
        words(
            r"milieuvriendelijke?",
            r"klimaatneutrale?",
            r"co2-neutrale?",
            r"duurzame?",
            r"duurzaam\s+geproduceerd",
            r"ecologische?",
        ),
    ),
    (
        "pt",
        words(
            r"sustent[áa]ve(?:l|is)", r"amig[oa]s?\s+do\s+ambiente", r"neutr[oa]s?\s+em\s+carbono"
        ),
    ),
    (
        "pl",
        words(
            r"przyjazn\w*\s+dla\s+(?:[śs]rodowiska|planety)",
            r"neutraln\w*\s+dla\s+klimatu",
            r"(?<!rolnictwa\s)(?<!upraw\s)ekologiczn\w*",
            r"zr[óo]wnowa[żz]on\w*",
        ),
    ),
    (
        "sv",
        words(
            r"milj[öo]v[äa]nlig[at]?", r"klimatneutral[at]?", r"klimatsmart[a]?", r"h[åa]llbar[at]?"
        ),
    ),
    (
        "ja",
        chars(
            r"環境に(?:やさしい|優しい)",
            r"地球に(?:やさしい|優しい)",
            r"エコフレンドリー",
            r"サステナブル",
            r"持続可能な",
        ),
    ),
    (
        "zh",
        chars(
            r"环保",
            r"生态友好",
            r"绿色环保",
            r"对环境友好",
            r"環保",
            r"可持续",
            r"零碳",
            r"低碳(?!钢)",
        ),
    ),
    ("ko", chars(r"친환경", r"지속\s?가능", r"탄소\s?제로")),
)

EU = frozenset({"EU"})


def _certified(text: str, match: re.Match[str]) -> bool:
    return bool(SCHEMES.search(text))


def _no_offsets(text: str, match: re.Match[str]) -> bool:
    return not _OFFSETS.search(sentence_of(text, match))


def _neutral_generic(text: str, match: re.Match[str]) -> bool:
    """A neutrality claim: the offsets rule takes it when offsets are named."""
    return _certified(text, match) or not _no_offsets(text, match)


_NOT_BEFORE = re.compile(
    r"(?<!\w)(?:not|never|nicht|pas|no)\s+(?!only\s|nur\s|seulement\s|just\s)(?:\w+\s+)?$",
    re.IGNORECASE,
)


def negated(text: str, match: re.Match[str]) -> bool:
    return bool(_NOT_BEFORE.search(text[max(0, match.start() - 20) : match.start()]))


CLIMATE_NEUTRAL_OFFSETS = Rule(
    name="climate-neutral-offsets",
    severity=SEVERE,
    markets=EU,
    patterns=NEUTRAL_PATTERNS,
    skip=_no_offsets,
    suggestions={
        "en": "Drop the neutrality claim; state the product's measured emissions cut instead "
        "(offsets cannot make a product climate neutral in the EU).",
        "de": "Streichen Sie die Neutralitätsaussage; nennen Sie stattdessen die gemessene "
        "Emissionsminderung des Produkts.",
        "fr": "Supprimez l'allégation de neutralité ; indiquez plutôt la réduction mesurée des "
        "émissions du produit.",
        "es": "Elimine la afirmación de neutralidad; indique la reducción medida de emisiones "
        "del producto.",
        "it": "Eliminate la dichiarazione di neutralità; indicate la riduzione misurata delle "
        "emissioni del prodotto.",
        "ja": "「カーボンニュートラル」の表示を削除し、製品自体の排出削減量を具体的に記載してください。",
        "zh": "删除“碳中和”声明，改为说明产品本身经测量的减排量。",
    },
)

GENERIC_ENVIRONMENTAL = Rule(
    name="generic-environmental",
    severity=SEVERE,
    markets=EU,
    proof="certification_scheme",
    patterns=GENERIC_ENV_PATTERNS + NEUTRAL_PATTERNS,
    skip=lambda text, m: _neutral_generic(text, m) if _is_neutral(m) else _certified(text, m),
    suggestions={
        "en": "Name the certification scheme (e.g. EU Ecolabel) or state the specific fact, "
        'e.g. "made from 80% recycled polyester".',
        "de": "Nennen Sie das Zertifizierungssystem (z. B. EU Ecolabel) oder die konkrete "
        'Tatsache, z. B. "aus 80 % recyceltem Polyester".',
        "fr": "Citez le label (p. ex. Écolabel européen) ou le fait précis, p. ex. "
        "« fabriqué à 80 % en polyester recyclé ».",
        "es": "Indique el sistema de certificación (p. ej. Etiqueta Ecológica de la UE) o el "
        'dato concreto, p. ej. "fabricado con un 80 % de poliéster reciclado".',
        "it": "Indicate il sistema di certificazione (ad es. EU Ecolabel) o il dato concreto, "
        'ad es. "realizzato con l\'80% di poliestere riciclato".',
        "ja": "認証制度名（例：EUエコラベル）か具体的な事実（例：「再生ポリエステル80%使用」）を記載してください。",
        "zh": "请注明认证体系（如欧盟生态标签）或具体事实，例如“采用80%再生涤纶”。",
    },
)


def _is_neutral(match: re.Match[str]) -> bool:
    return any(p.pattern == match.re.pattern for _, p in NEUTRAL_PATTERNS)


# --- "FDA approved" -------------------------------------------------------------------------

FDA_APPROVED = Rule(
    name="fda-approved",
    severity=SEVERE,
    proof="fda_approval",
    skip=negated,
    patterns=(
        (
            "en",
            words(
                r"(?:U\.?S\.?\s+)?FDA[\s-]*approv(?:ed|al)",
                r"approved\s+by\s+(?:the\s+)?(?:U\.?S\.?\s+)?FDA",
                r"Food\s+and\s+Drug\s+Administration[\s-]*approved",
            ),
        ),
        (
            "de",
            words(
                r"FDA[\s-]*(?:zugelassen\w*|Zulassung)",
                r"von\s+der\s+(?:US-)?FDA\s+(?:zugelassen|genehmigt)",
            ),
        ),
        (
            "fr",
            words(
                r"(?:approuv|homologu|agré)[ée]e?s?\s+(?:par\s+la\s+)?FDA", r"FDA\s+approuv[ée]e?s?"
            ),
        ),
        (
            "es",
            words(
                r"aprobad[oa]s?\s+por\s+la\s+FDA", r"con\s+(?:la\s+)?aprobaci[óo]n\s+de\s+la\s+FDA"
            ),
        ),
        ("it", words(r"approvat[oaie]\s+dalla\s+FDA")),
        ("pt", words(r"aprovad[oa]s?\s+pela\s+FDA")),
        ("nl", words(r"goedgekeurd\s+door\s+de\s+FDA", r"FDA-goedgekeurde?")),
        ("pl", words(r"zatwierdzon\w*\s+przez\s+FDA")),
        ("sv", words(r"godk[äa]nd\w*\s+av\s+FDA", r"FDA-godk[äa]nd\w*")),
        ("ja", chars(r"FDA(?:の|が)?(?:承認|認可|認証)")),
        ("zh", chars(r"FDA\s?(?:批准|认证|认可|認證)")),
        ("ko", chars(r"FDA\s?(?:승인|인증)")),
    ),
    suggestions={
        "en": 'Say "made in an FDA-registered facility" if that is what the FDA record shows; '
        "the FDA registers and lists, it only approves drugs and some devices.",
        "de": 'Schreiben Sie "in einer bei der FDA registrierten Anlage hergestellt", wenn das '
        "der FDA-Eintrag belegt; die FDA registriert nur, sie lässt nur Arzneimittel zu.",
        "fr": "Écrivez « fabriqué dans un site enregistré auprès de la FDA » si c'est ce que "
        "montre le registre ; la FDA n'approuve que les médicaments.",
        "es": 'Escriba "fabricado en una instalación registrada ante la FDA" si eso es lo que '
        "consta; la FDA solo aprueba medicamentos.",
        "ja": "FDAの記録どおり「FDA登録施設で製造」と記載してください。FDAが承認するのは医薬品などに限られます。",
        "zh": "如FDA记录所示，请写“在FDA注册的工厂生产”；FDA只批准药品和部分器械。",
    },
)
