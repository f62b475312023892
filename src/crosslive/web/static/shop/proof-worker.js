// Solves one checkout challenge off the page's main thread (see proof.js).
import { solve } from "./proof.js";

globalThis.onmessage = async (event) => {
  try {
    globalThis.postMessage({ nonce: await solve(event.data.challenge, event.data.bits) });
  } catch (error) {
    globalThis.postMessage({ error: String(error) });
  }
};
