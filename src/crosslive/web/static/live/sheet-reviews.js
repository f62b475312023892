// A review of a pinned product was posted, hidden or restored: its card's reviews (rating,
// distribution, list) are re-read from the server and swapped in place, so an open sheet
// stays open and shows the new review.

export function reviewHandlers(pins, fragment) {
  async function refreshReviews(productId) {
    const selector = `.pin[data-product="${Number(productId)}"]`;
    if (!pins.querySelector(selector)) return;
    const response = await fetch(fragment(`/cards/${Number(productId)}`));
    if (response.status !== 200) return;
    const template = document.createElement("template");
    template.innerHTML = await response.text();  // server-rendered, escaped by the template
    const fresh = template.content.querySelector("section.reviews");
    const current = pins.querySelector(`${selector} section.reviews`);
    if (fresh && current) current.replaceWith(fresh);
  }
  const refresh = (e) => refreshReviews(e.data.product_id);
  return { review_posted: refresh, review_hidden: refresh, review_restored: refresh };
}
