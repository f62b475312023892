"""The text the seller's ES modules show (the host console's host.js, camera.js, rtmp.js and
translated.js; the shows admin's shows.js). Admin pages hand them over in the seller's
language, as JSON in <body data-strings>, like the viewer's pages do (web.js_strings);
static/shop/strings.js looks them up by their English text. Placeholders are %(name)s."""

from __future__ import annotations

from crosslive.i18n import A_

MESSAGES: tuple[str, ...] = (
    # live/host.js
    A_("Request failed (%(status)s)"),
    A_("Delete"),
    A_("Mute"),
    A_("Answer now"),
    A_("Done"),
    A_("Not answered automatically: waiting for you"),
    A_("Answered automatically (%(sources)s): %(answer)s"),
    A_("End the show for everyone?"),
    A_("SCHEDULED"),
    A_("LIVE"),
    A_("ENDED"),
    # live/translated.js (the chat's translation toggle)
    A_("Original"),
    A_("Translation"),
    A_("translation unavailable"),
    # live/camera.js
    A_("Camera off"),
    A_("Starting the camera…"),
    A_("On the air"),
    A_("Connection lost, reconnecting…"),
    A_("The server refused this camera"),
    A_("The camera could not start"),
    A_("publish token refused (%(status)s)"),
    # live/rtmp.js
    A_("OBS is on air: viewers get it in three quality layers."),
    A_("Waiting for OBS: start streaming there."),
    A_("RTMP: %(status)s"),
    # admin/shows.js
    A_("Move %(title)s up"),
    A_("Move %(title)s down"),
    A_("Remove %(title)s"),
)

# Values the admin pages show through `| tr` (web/admin_language.py): enum values and labels
# that other domains keep in English (roles, show and return states, categories, lighting,
# the payment methods' summary).
WORDS: tuple[str, ...] = (
    A_("owner"),
    A_("host"),
    A_("moderator"),
    A_("Owner"),
    A_("Host"),
    A_("Moderator"),
    A_("scheduled"),
    A_("live"),
    A_("ended"),
    A_("Scheduled"),
    A_("Live"),
    A_("Ended"),
    A_("apparel"),
    A_("shoes"),
    A_("beauty"),
    A_("electronics"),
    A_("home"),
    A_("other"),
    A_("studio"),
    A_("natural"),
    A_("unspecified"),
    A_("studio light"),
    A_("natural light"),
    A_("unspecified light"),
    A_("started"),
    A_("requested"),
    A_("approved"),
    A_("received"),
    A_("refunded"),
    A_("exchanged"),
    A_("rejected"),
    A_("keep it"),
    A_("exchange"),
    A_("return refund"),
    A_("pending"),
    A_("paid"),
    A_("failed"),
    A_("Bank transfer"),
    A_("Card and wallet (Stripe)"),
    A_("on"),
    A_("not configured"),
    A_("set"),
    A_("missing"),
    A_("test"),
    # admin_lanes.py's costs, as its errors name them
    A_("outbound shipping"),
    A_("return shipping"),
    A_("handling a return"),
    # the credential list's badges (admin_credentials.badge), when they are one word
    A_("expired"),
    A_("not yet valid"),
    A_("claim not allowed"),
    # what a credential lacks before viewers may see it (the console's badge, one at a time)
    A_("issuer"),
    A_("identifier"),
    A_("scope"),
    A_("evidence"),
    # size-chart columns (web/product_form.MEASUREMENTS)
    A_("chest"),
    A_("waist"),
    A_("hips"),
    A_("length"),
    A_("shoulder"),
    A_("sleeve"),
    A_("inseam"),
    # the host console's on-camera checklist (returns/camera.py; a test keeps them in step)
    A_("Measure it against the size chart"),
    A_("Show it in natural light, not only studio light"),
    A_("Say the model's height and the size worn"),
    A_("Point out any small flaw up front"),
    A_("Give the size conversion for the viewers' markets"),
    A_("Say whether it runs narrow or wide"),
    A_("Show it on foot, walking, in natural light"),
    A_("Show the sole and the inside lining"),
    A_("Swatch it in daylight"),
    A_("Swatch it on several skin tones"),
    A_("Name the key ingredients and allergens"),
    A_("Unbox it: show everything in the box"),
    A_("Use it on camera, switched on"),
    A_("Name the warranty and where repairs go"),
    A_("Say which plug and voltage it ships with"),
    A_("Show it next to a reference object for scale"),
    A_("Say the material and how it feels"),
    A_("Read out the dimensions"),
    A_("Show the details up close and say the material"),
)
