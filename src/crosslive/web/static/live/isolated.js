// Text a person wrote (a name, a message) as an isolated run, a <bdi>: it takes its own
// direction and keeps it to itself, so an Arabic page never runs "Mia" and "Message" together
// and an override character in a name cannot reverse the text after it. SEPARATOR goes
// between two such runs; outside both, it follows the page's direction.
export const SEPARATOR = ": ";

export function isolated(className, textContent) {
  return Object.assign(document.createElement("bdi"), { className, textContent });
}
