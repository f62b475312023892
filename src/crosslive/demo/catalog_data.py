"""The demo store's catalog as plain data: a Hangzhou apparel-and-lifestyle brand.

Qinglan is fictional. Prices are local price points per currency (not conversions), size
charts are garment measurements in centimetres graded from a base size, and every product
discloses the flaws a buyer would otherwise discover at home.
"""

from __future__ import annotations

from dataclasses import dataclass

from crosslive.catalog.models import Category

RGB = tuple[int, int, int]
CURRENCIES = ("USD", "EUR", "GBP", "JPY", "KRW")


@dataclass(frozen=True)
class Colour:
    name: str
    code: str
    rgb: RGB


@dataclass(frozen=True)
class Model:
    """Who wears the sample on camera."""

    height_cm: float
    weight_kg: float
    size_worn: str


@dataclass(frozen=True)
class ProductSpec:
    handle: str
    title: str
    category: Category
    product_type: str
    shape: str
    sku: str
    description: str
    materials: str
    flaws: tuple[str, ...]
    colours: tuple[Colour, ...]
    # Local prices per currency, e.g. {"USD": "32.00", "JPY": "4400"}.
    prices: dict[str, str]
    grams: int
    tags: tuple[str, ...] = ()
    colour_option: str = "Colour"
    size_option: str = "Size"
    sizes: tuple[str, ...] = ()
    # Per size, when sizes cost different amounts (towels, cushion covers).
    size_prices: dict[str, dict[str, str]] | None = None
    size_chart: dict[str, dict[str, float]] | None = None
    model: Model | None = None

    @property
    def option_names(self) -> list[str]:
        names = [self.colour_option]
        return [*names, self.size_option] if self.sizes else names

    def prices_for(self, size: str | None) -> dict[str, str]:
        if size is not None and self.size_prices and size in self.size_prices:
            return self.size_prices[size]
        return self.prices


def graded(
    sizes: tuple[str, ...], base: str, measures: dict[str, float], steps: dict[str, float]
) -> dict[str, dict[str, float]]:
    """A size chart graded from the base size: each size up adds `steps` to each measure."""
    origin = sizes.index(base)
    return {
        size: {
            name: round(value + steps.get(name, 0.0) * (index - origin), 1)
            for name, value in measures.items()
        }
        for index, size in enumerate(sizes)
    }


def price(usd: str, eur: str, gbp: str, jpy: str, krw: str) -> dict[str, str]:
    return dict(zip(CURRENCIES, (usd, eur, gbp, jpy, krw), strict=True))


ALPHA = ("XS", "S", "M", "L", "XL")
ALPHA_MEN = ("S", "M", "L", "XL", "XXL")
EU_SHOES = tuple(f"EU {n}" for n in range(36, 46))
EU_SHOES_MEN = tuple(f"EU {n}" for n in range(39, 46))

BLACK = Colour("Black", "BLK", (33, 33, 35))


APPAREL: tuple[ProductSpec, ...] = (
    ProductSpec(
        handle="heavyweight-cotton-tee",
        title="Heavyweight Cotton Tee",
        category=Category.APPAREL,
        product_type="T-shirt",
        shape="tee",
        sku="QL-TEE",
        description=(
            "A boxy, heavyweight T-shirt knitted and sewn in our Tonglu workshop. "
            "The dense 240 g/m\u00b2 jersey keeps its shape after washing and does not "
            "twist at the side seams."
        ),
        materials=(
            "100% combed cotton single jersey, 240 g/m\u00b2; collar rib 95% cotton, 5% "
            "elastane. Machine wash 30 \u00b0C inside out, do not tumble dry."
        ),
        flaws=(
            "The white colourway is slightly translucent: a dark bra or tattoo shows "
            "through in bright light.",
            "Shrinks about 2% in length on the first wash at 40 \u00b0C; we size for that.",
        ),
        colours=(
            Colour("White", "WHT", (244, 243, 239)),
            BLACK,
            Colour("Sage", "SGE", (156, 175, 149)),
        ),
        prices=price("32.00", "32.00", "28.00", "4400", "42000"),
        grams=280,
        tags=("unisex", "cotton", "bestseller"),
        sizes=ALPHA,
        size_chart=graded(
            ALPHA,
            "M",
            {"chest": 108.0, "length": 72.0, "shoulder": 50.0, "sleeve": 22.0},
            {"chest": 6.0, "length": 2.0, "shoulder": 2.0, "sleeve": 1.0},
        ),
        model=Model(183, 74, "L"),
    ),
    ProductSpec(
        handle="merino-blend-crew-sweater",
        title="Merino-Blend Crew Sweater",
        category=Category.APPAREL,
        product_type="Sweater",
        shape="sweater",
        sku="QL-SWT",
        description=(
            "A relaxed crew-neck sweater in a soft 12-gauge merino blend, with dropped "
            "shoulders and ribbed cuffs that hold their stretch."
        ),
        materials="70% merino wool (19.5 micron), 30% nylon. Hand wash cold, dry flat.",
        flaws=(
            "The oatmeal colour has natural flecks of undyed fibre; no two are identical.",
            "May pill lightly under the arms in the first weeks of wear; a fabric comb removes it.",
        ),
        colours=(
            Colour("Oatmeal", "OAT", (216, 203, 179)),
            Colour("Navy", "NVY", (35, 48, 74)),
            Colour("Forest", "FOR", (47, 74, 58)),
        ),
        prices=price("89.00", "89.00", "79.00", "12800", "119000"),
        grams=420,
        tags=("women", "knitwear", "wool"),
        sizes=ALPHA,
        size_chart=graded(
            ALPHA,
            "S",
            {"chest": 100.0, "length": 60.0, "shoulder": 46.0, "sleeve": 56.0},
            {"chest": 6.0, "length": 1.5, "shoulder": 1.5, "sleeve": 1.0},
        ),
        model=Model(168, 55, "S"),
    ),
    ProductSpec(
        handle="linen-wide-leg-trousers",
        title="Linen-Blend Wide-Leg Trousers",
        category=Category.APPAREL,
        product_type="Trousers",
        shape="trousers",
        sku="QL-TRS",
        description=(
            "High-rise wide-leg trousers with a flat front, side pockets and a half-"
            "elastic back waistband. Full length on someone 165-172 cm tall."
        ),
        materials="55% linen, 45% viscose. Machine wash 30 \u00b0C, iron while damp.",
        flaws=(
            "Linen creases within an hour of wearing; that is the fabric, not a defect.",
            "The sand colour looks a shade lighter in daylight than in our studio photos.",
        ),
        colours=(
            Colour("Sand", "SND", (201, 183, 156)),
            BLACK,
            Colour("Olive", "OLV", (107, 107, 71)),
        ),
        prices=price("68.00", "69.00", "59.00", "9900", "89000"),
        grams=390,
        tags=("women", "linen", "summer"),
        sizes=ALPHA,
        size_chart=graded(
            ALPHA,
            "S",
            {"waist": 68.0, "hip": 104.0, "rise": 31.0, "inseam": 74.0, "leg_opening": 62.0},
            {"waist": 5.0, "hip": 5.0, "rise": 1.0, "inseam": 0.5, "leg_opening": 2.0},
        ),
        model=Model(171, 56, "S"),
    ),
    ProductSpec(
        handle="packable-down-jacket",
        title="Packable Down Jacket",
        category=Category.APPAREL,
        product_type="Jacket",
        shape="jacket",
        sku="QL-DJK",
        description=(
            "A light quilted jacket that packs into its own inside pocket. Warm enough "
            "for 0-10 \u00b0C on its own, or as a layer under a shell."
        ),
        materials=(
            "Shell 100% nylon 20D ripstop with a water-repellent finish; fill 90% duck "
            "down, 10% feathers, 650 fill power; lining 100% nylon."
        ),
        flaws=(
            "A few small feathers may work through the seams in the first weeks.",
            "The shell rustles audibly when you move.",
        ),
        colours=(BLACK, Colour("Moss", "MOS", (85, 96, 63))),
        prices=price("129.00", "139.00", "119.00", "18900", "179000"),
        grams=360,
        tags=("men", "outerwear", "down"),
        sizes=ALPHA_MEN,
        size_chart=graded(
            ALPHA_MEN,
            "M",
            {"chest": 116.0, "length": 70.0, "shoulder": 47.0, "sleeve": 64.0},
            {"chest": 6.0, "length": 2.0, "shoulder": 1.5, "sleeve": 1.5},
        ),
        model=Model(180, 72, "M"),
    ),
    ProductSpec(
        handle="silk-blend-slip-dress",
        title="Silk-Blend Slip Dress",
        category=Category.APPAREL,
        product_type="Dress",
        shape="dress",
        sku="QL-SLP",
        description=(
            "A bias-cut midi slip dress with adjustable straps and a soft V neckline. "
            "Falls mid-calf on someone 168 cm tall."
        ),
        materials="52% mulberry silk, 48% viscose satin. Hand wash cold or dry clean.",
        flaws=(
            "The champagne satin marks if splashed with water; the marks fade once dry "
            "but can show until then.",
            "Bias cut: the hem can vary by about 1 cm from side to side.",
        ),
        colours=(
            Colour("Champagne", "CHA", (227, 207, 174)),
            Colour("Ink", "INK", (31, 35, 51)),
        ),
        prices=price("98.00", "99.00", "89.00", "14300", "129000"),
        grams=210,
        tags=("women", "silk", "occasion"),
        sizes=ALPHA[:4],
        size_chart=graded(
            ALPHA[:4],
            "S",
            {"bust": 86.0, "waist": 76.0, "hip": 98.0, "length": 118.0},
            {"bust": 5.0, "waist": 5.0, "hip": 5.0, "length": 1.0},
        ),
        model=Model(170, 53, "S"),
    ),
)


SHOES: tuple[ProductSpec, ...] = (
    ProductSpec(
        handle="knit-everyday-sneaker",
        title="Knit Everyday Sneaker",
        category=Category.SHOES,
        product_type="Sneakers",
        shape="sneaker",
        sku="QL-SNK",
        description=(
            "A breathable knit sneaker on a cushioned EVA midsole with a rubber "
            "outsole; the insole lifts out for orthotics."
        ),
        materials=(
            "Upper 100% polyester knit; lining polyester mesh; removable EVA insole; "
            "rubber outsole."
        ),
        flaws=(
            "Runs about half a size small for wide feet: go up one size if you are between sizes.",
            "The knit upper is not water-resistant.",
        ),
        colours=(Colour("Cloud Grey", "GRY", (191, 195, 199)), BLACK),
        prices=price("89.00", "95.00", "85.00", "12900", "119000"),
        grams=620,
        tags=("unisex", "sneakers"),
        sizes=EU_SHOES,
        size_chart=graded(
            EU_SHOES,
            "EU 40",
            {"foot_length": 25.0, "insole_length": 25.7},
            {"foot_length": 0.65, "insole_length": 0.65},
        ),
    ),
    ProductSpec(
        handle="leather-chelsea-boot",
        title="Leather Chelsea Boot",
        category=Category.SHOES,
        product_type="Boots",
        shape="boot",
        sku="QL-CHB",
        description=(
            "A Chelsea boot in full-grain leather with elastic side panels, a pull tab "
            "and a stitched rubber sole with a 3 cm heel."
        ),
        materials=(
            "Upper full-grain cowhide; lining pigskin; elastic gusset; stitched rubber sole."
        ),
        flaws=(
            "Stiff for the first week of wear; the leather softens and darkens with use.",
            "Standard width (E): narrow feet may want an extra insole.",
        ),
        colours=(Colour("Dark Brown", "BRN", (74, 51, 36)), BLACK),
        prices=price("159.00", "169.00", "149.00", "23800", "219000"),
        grams=1350,
        tags=("men", "leather", "boots"),
        sizes=EU_SHOES_MEN,
        size_chart=graded(
            EU_SHOES_MEN,
            "EU 42",
            {"foot_length": 26.5, "insole_length": 27.3, "ball_width": 9.6},
            {"foot_length": 0.65, "insole_length": 0.65, "ball_width": 0.2},
        ),
    ),
    ProductSpec(
        handle="canvas-slip-on",
        title="Canvas Slip-On",
        category=Category.SHOES,
        product_type="Slip-ons",
        shape="slipon",
        sku="QL-SLO",
        # "Best-selling" without a sales-proof credential: the admin's claims table shows
        # it as a claim that needs proof in every market (docs/trust.md).
        description="Our best-selling plimsoll-style slip-on in heavy cotton canvas with "
        "elastic gores.",
        materials="12 oz cotton canvas upper; cotton lining; vulcanised rubber sole.",
        flaws=(
            "The natural canvas marks easily; spot clean with a soft brush.",
            "The rubber sole smells of rubber for a day or two out of the box.",
        ),
        colours=(
            Colour("Natural", "NAT", (232, 224, 204)),
            Colour("Navy", "NVY", (35, 48, 74)),
        ),
        prices=price("49.00", "49.00", "45.00", "6900", "65000"),
        grams=540,
        tags=("unisex", "canvas"),
        sizes=EU_SHOES,
        size_chart=graded(
            EU_SHOES,
            "EU 40",
            {"foot_length": 25.0, "insole_length": 25.6},
            {"foot_length": 0.65, "insole_length": 0.65},
        ),
    ),
)
