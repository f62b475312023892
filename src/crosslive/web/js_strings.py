"""The text the viewer's ES modules show (live room, cart and checkout, size advisor, the
payment notice). Each page hands them over translated, as JSON in <body data-strings>, and
static/shop/strings.js looks them up by their English text. Placeholders are %(name)s."""

from __future__ import annotations

from crosslive.i18n import N_

MESSAGES: tuple[str, ...] = (
    # live/viewer.js
    N_("LIVE"),
    N_("Ended"),
    N_("Soon"),
    N_("The show has ended"),
    N_("The show starts soon"),
    N_("Live video is not available right now"),
    N_("Chat and products work meanwhile; the video comes back by itself."),
    N_("Waiting for the host's camera…"),
    N_("The video starts by itself as soon as the host is on the air."),
    N_("sold out"),
    N_("Added to your cart"),
    N_("Could not add it to the cart"),
    N_("Could not join the chat"),
    N_("Message not sent"),
    # the chat's markers: after a host's name, before a viewer's question
    N_("host"),
    N_("Question"),
    # live/captions.js
    N_("Captions"),
    # live/stage.js
    N_("Join the stage"),
    N_("Not now"),
    N_("%(host)s invites you on stage"),
    N_("Everyone watching will see and hear you. Check your camera and microphone first."),
    N_("Could not use your camera or microphone"),
    N_("Joining the stage…"),
    N_("You are on stage"),
    N_("You are no longer on stage"),
    N_("Leave the stage"),
    # live/consult.js
    N_("Ask for a call"),
    N_("Close"),
    N_("Hang up"),
    N_("Your email, in case nobody is free right now"),
    N_("Video call with the store"),
    N_("Talk one-to-one with someone from the store, on camera. Nothing is recorded."),
    N_("%(host)s is with you"),
    N_("Added to your cart: %(product)s"),
    N_("Nobody is free right now. We will email you at %(email)s."),
    N_("Nobody is free right now. Please try again later."),
    N_("The call has ended"),
    N_("Waiting for someone from the store…"),
    # live/translated.js
    N_("Original"),
    N_("Translation"),
    N_("translation unavailable"),
    # shop/cart.js
    N_("Something went wrong"),
    N_("Country"),
    N_("Quantity of %(product)s"),
    N_("Pay with"),
    N_("Card / wallet"),
    N_("Bank transfer"),
    N_("Email"),
    N_("Full name"),
    N_("Address"),
    N_("Address line 2"),
    N_("City"),
    N_("State / region"),
    N_("Postal code"),
    N_("Place order"),
    N_("Subtotal"),
    N_("Shipping"),
    N_("VAT included"),
    N_("Sales tax"),
    N_("Import duties"),
    N_("Due on delivery (duties and import tax, estimate): %(amount)s"),
    N_("Your cart"),
    N_("Total %(amount)s"),
    N_("Your cart is empty."),
    N_("Placing your order…"),
    N_("Opening the secure payment page…"),
    N_("Order placed: %(amount)s"),
    N_("See your order"),
    # shop/fit-advisor.js
    N_("Size advice is unavailable right now (%(status)s)."),
    N_("%(size)s (%(percent)s fit)"),
    N_(
        "Between %(first)s and %(second)s: neither size is a sure fit for you; check the size "
        "chart for the one you prefer."
    ),
    N_("To be surer, %(hint)s."),
    N_("Network problem: try again."),
    # shop/support-hours.js: days with other hours, after the first ones
    N_("%(hours)s; %(more)s"),
    # shop/paid-order.js
    N_("Payment received — confirming…"),
    N_("Paid"),
    N_("This order was cancelled before the payment arrived; a payment made is refunded in full."),
    N_("We could not find this order in this browser."),
    N_("Payment not confirmed yet. Your order page and email will show it once it is."),
)
