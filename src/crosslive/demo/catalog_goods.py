"""Demo catalog, continued: beauty, electronics and home goods (no size charts)."""

from __future__ import annotations

from crosslive.catalog.models import Category
from crosslive.demo.catalog_data import BLACK, Colour, ProductSpec, price

WHITE = Colour("White", "WHT", (240, 240, 238))
GRAPHITE = Colour("Graphite", "GRA", (58, 60, 64))
SAGE = Colour("Sage", "SGE", (156, 175, 149))


BEAUTY: tuple[ProductSpec, ...] = (
    ProductSpec(
        handle="niacinamide-serum",
        title="Niacinamide 10% Serum",
        category=Category.BEAUTY,
        product_type="Serum",
        shape="dropper_bottle",
        sku="QL-NIA",
        description=(
            "A light water-based serum with 10% niacinamide and 1% zinc PCA for visible "
            "pores and uneven tone. Fragrance-free."
        ),
        materials=(
            "Aqua, Niacinamide, Pentylene Glycol, Zinc PCA, Glycerin, Sodium "
            "Hyaluronate, Xanthan Gum, Phenoxyethanol, Ethylhexylglycerin."
        ),
        flaws=(
            "May tingle for a few minutes on sensitive skin: patch-test on the inner arm first.",
            "Can pill under silicone-heavy sunscreens; let it dry for a minute first.",
        ),
        colours=(Colour("Amber glass", "AMB", (168, 101, 42)),),
        colour_option="Bottle",
        size_option="Volume",
        sizes=("30 ml", "50 ml"),
        prices=price("24.00", "24.00", "21.00", "3300", "32000"),
        size_prices={
            "30 ml": price("24.00", "24.00", "21.00", "3300", "32000"),
            "50 ml": price("34.00", "34.00", "29.00", "4600", "45000"),
        },
        grams=110,
        tags=("skincare", "fragrance-free"),
    ),
    ProductSpec(
        handle="tinted-lip-balm",
        title="Tinted Lip Balm",
        category=Category.BEAUTY,
        product_type="Lip balm",
        shape="lip_balm",
        sku="QL-LIP",
        description=(
            "A sheer, buildable tint in a castor-oil and beeswax balm. Four shades "
            "swatched in daylight and in the studio so you can compare."
        ),
        materials=(
            "Ricinus Communis Seed Oil, Cera Alba, Butyrospermum Parkii Butter, "
            "Tocopherol; may contain CI 77491, CI 77492, CI 15850, CI 77891."
        ),
        flaws=(
            "Every shade looks warmer in daylight than under studio light.",
            "Brick reads noticeably darker on pigmented lips than on the swatch.",
        ),
        colours=(
            Colour("Rose Clay", "RSC", (184, 106, 103)),
            Colour("Brick", "BRK", (154, 63, 50)),
            Colour("Peony", "PEO", (210, 125, 142)),
            Colour("Bare", "BAR", (201, 152, 131)),
        ),
        colour_option="Shade",
        prices=price("16.00", "16.00", "14.00", "2200", "21000"),
        grams=30,
        tags=("makeup", "lips"),
    ),
    ProductSpec(
        handle="mineral-sunscreen-spf50",
        title="Mineral Sunscreen SPF 50",
        category=Category.BEAUTY,
        product_type="Sunscreen",
        shape="tube",
        sku="QL-SUN",
        description=(
            "A zinc-oxide sunscreen with a soft matte finish for daily wear, tested for "
            "SPF 50 and broad-spectrum UVA protection."
        ),
        materials="Zinc Oxide 20% (non-nano), Caprylic/Capric Triglyceride, Aqua, ...",
        flaws=(
            "Leaves a slight white cast on deeper skin tones for about ten minutes.",
            "Not water-resistant: reapply after swimming.",
        ),
        colours=(Colour("Tube", "STD", (242, 237, 228)),),
        colour_option="Finish",
        prices=price("22.00", "22.00", "19.00", "2900", "28000"),
        grams=75,
        tags=("skincare", "spf"),
    ),
)


ELECTRONICS: tuple[ProductSpec, ...] = (
    ProductSpec(
        handle="anc-wireless-earbuds",
        title="ANC Wireless Earbuds",
        category=Category.ELECTRONICS,
        product_type="Earbuds",
        shape="earbuds",
        sku="QL-EAR",
        description=(
            "Active noise-cancelling earbuds with 10 mm drivers, Bluetooth 5.3 and "
            "multipoint pairing. 7 hours per charge, 28 hours with the case."
        ),
        materials="PC/ABS housings, silicone tips (S/M/L), USB-C case; 12-month warranty.",
        flaws=(
            "A faint ANC hiss is audible in a silent room.",
            "The graphite case shows fingerprints.",
        ),
        colours=(GRAPHITE, Colour("Pearl", "PRL", (236, 234, 228))),
        prices=price("79.00", "79.00", "69.00", "11800", "99000"),
        grams=160,
        tags=("audio", "bluetooth"),
    ),
    ProductSpec(
        handle="magnetic-power-bank-10000",
        title="Magnetic Power Bank 10,000 mAh",
        category=Category.ELECTRONICS,
        product_type="Power bank",
        shape="power_bank",
        sku="QL-PWR",
        description=(
            "A slim 10,000 mAh (38.5 Wh) power bank that snaps onto magnetic phones, with "
            "15 W wireless and 20 W USB-C output. Cabin-baggage safe (under 100 Wh)."
        ),
        materials="Aluminium shell, lithium-polymer cells, USB-C; 18-month warranty.",
        flaws=(
            "Gets warm during wireless charging and slows down when it does.",
            "The magnet holds weakly through cases thicker than 3 mm.",
        ),
        colours=(GRAPHITE, SAGE),
        prices=price("45.00", "45.00", "39.00", "5980", "55000"),
        grams=230,
        tags=("charging", "travel"),
    ),
    ProductSpec(
        handle="gan-charger-65w",
        title="65 W GaN Charger, 3 Ports",
        category=Category.ELECTRONICS,
        product_type="Charger",
        shape="charger",
        sku="QL-GAN",
        description=(
            "A compact gallium-nitride charger with two USB-C ports and one USB-A port, "
            "enough for a laptop and a phone at once. Choose the plug for your country."
        ),
        materials="PC fire-retardant housing; input 100-240 V 50/60 Hz; 18-month warranty.",
        flaws=(
            "With all three ports in use the output splits to 45 W + 10 W + 10 W.",
            "A faint coil whine can be heard at light load, close to the ear.",
        ),
        colours=(WHITE,),
        size_option="Plug",
        # The demo's main market (EU) first: a viewer's select starts on its first in-stock plug.
        sizes=("EU/KR (Type C)", "UK (Type G)", "US/JP (Type A)"),
        prices=price("39.00", "39.00", "35.00", "4980", "45000"),
        grams=140,
        tags=("charging", "travel"),
    ),
    ProductSpec(
        handle="led-desk-lamp",
        title="High-CRI LED Desk Lamp",
        category=Category.ELECTRONICS,
        product_type="Lamp",
        shape="desk_lamp",
        sku="QL-LMP",
        description=(
            "An aluminium task lamp with CRI 95 light, adjustable from 2700 K to 6500 K "
            "and dimmable to 5%; powered over USB-C."
        ),
        materials="Aluminium arm and head, steel base, PC diffuser; 24-month warranty.",
        flaws=(
            "The arm tilts but is not height-adjustable.",
            "The base needs 15 cm of desk depth.",
        ),
        colours=(Colour("Matte White", "WHT", (235, 235, 232)), BLACK),
        prices=price("69.00", "69.00", "59.00", "8980", "85000"),
        grams=1100,
        tags=("lighting", "desk"),
    ),
)


HOME: tuple[ProductSpec, ...] = (
    ProductSpec(
        handle="stoneware-mug",
        title="Hand-Glazed Stoneware Mug, 350 ml",
        category=Category.HOME,
        product_type="Mug",
        shape="mug",
        sku="QL-MUG",
        description=(
            "A straight-sided stoneware mug, glazed by hand in Jingdezhen and fired at "
            "1230 \u00b0C. Dishwasher and microwave safe."
        ),
        materials="Stoneware, lead- and cadmium-free glaze. Height 9.5 cm, diameter 8.5 cm.",
        flaws=(
            "Hand-glazed: the colour varies from mug to mug and small glaze pinholes can occur.",
            "The unglazed foot ring can scratch glass tables.",
        ),
        colours=(
            Colour("Speckled Oat", "OAT", (217, 205, 184)),
            Colour("Celadon", "CEL", (169, 194, 176)),
            Colour("Charcoal", "CHR", (61, 59, 58)),
        ),
        prices=price("26.00", "26.00", "22.00", "3300", "32000"),
        grams=420,
        tags=("kitchen", "ceramics", "fragile"),
    ),
    ProductSpec(
        handle="waffle-cotton-towel",
        title="Waffle Cotton Towel",
        category=Category.HOME,
        product_type="Towel",
        shape="towels",
        sku="QL-TWL",
        description=(
            "A quick-drying waffle-weave towel in long-staple cotton that gets softer "
            "and more absorbent with every wash."
        ),
        materials="100% long-staple cotton waffle weave, 450 g/m\u00b2. Wash at 40 \u00b0C.",
        flaws=(
            "Feels thin until the waffle opens up after two or three washes.",
            "Shrinks about 3% in the first hot wash.",
        ),
        colours=(
            Colour("White", "WHT", (242, 241, 236)),
            Colour("Stone", "STN", (207, 198, 184)),
            SAGE,
        ),
        sizes=("Bath towel 70 x 140 cm", "Bath sheet 90 x 160 cm"),
        prices=price("35.00", "35.00", "29.00", "4400", "39000"),
        size_prices={
            "Bath towel 70 x 140 cm": price("35.00", "35.00", "29.00", "4400", "39000"),
            "Bath sheet 90 x 160 cm": price("49.00", "49.00", "42.00", "6200", "59000"),
        },
        grams=520,
        tags=("bath", "cotton"),
    ),
    ProductSpec(
        handle="linen-cushion-cover",
        title="Stonewashed Linen Cushion Cover",
        category=Category.HOME,
        product_type="Cushion cover",
        shape="cushion",
        sku="QL-CSH",
        description="A stonewashed linen cushion cover with a hidden zip and piped edges.",
        materials="100% linen, stonewashed. Insert not included. Wash at 40 \u00b0C.",
        flaws=(
            "The insert is not included.",
            "Stonewashed linen has slubs and slight colour differences between batches.",
        ),
        colours=(
            Colour("Natural", "NAT", (214, 204, 186)),
            Colour("Terracotta", "TER", (181, 101, 74)),
            Colour("Slate", "SLT", (89, 96, 106)),
        ),
        sizes=("45 x 45 cm", "50 x 50 cm"),
        prices=price("29.00", "29.00", "25.00", "3900", "36000"),
        size_prices={
            "45 x 45 cm": price("29.00", "29.00", "25.00", "3900", "36000"),
            "50 x 50 cm": price("34.00", "34.00", "29.00", "4400", "42000"),
        },
        grams=260,
        tags=("living room", "linen"),
    ),
)
