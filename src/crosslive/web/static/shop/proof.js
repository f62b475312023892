// The checkout's proof of work (crosslive.orders.proof): find a nonce such that
// SHA-256(challenge + ":" + nonce) starts with `bits` zero bits.
//
//   import { solveInWorker } from "/static/shop/proof.js";
//   const nonce = await solveInWorker(challenge, bits);   // off the page's main thread
//
// crypto.subtle hashes where the page is a secure context (https, localhost); elsewhere the
// plain-JavaScript plain-sha.js does. Without Web Workers it runs on the page, in batches.

import { sha256 } from "./plain-sha.js";

const BATCH = 256;

export function meets(digest, bits) {
  let i = 0;
  for (; bits >= 8; bits -= 8, i += 1) if (digest[i] !== 0) return false;
  return bits === 0 || digest[i] >> (8 - bits) === 0;
}

export async function solve(challenge, bits) {
  const encoder = new TextEncoder();
  const subtle = globalThis.isSecureContext ? globalThis.crypto?.subtle : undefined;
  for (let start = 0; ; start += BATCH) {
    const inputs = [];
    for (let n = start; n < start + BATCH; n += 1) inputs.push(encoder.encode(`${challenge}:${n}`));
    const digests = subtle
      ? (await Promise.all(inputs.map((input) => subtle.digest("SHA-256", input)))).map(
          (buffer) => new Uint8Array(buffer))
      : inputs.map(sha256);
    const found = digests.findIndex((digest) => meets(digest, bits));
    if (found >= 0) return String(start + found);
    if (!subtle) await new Promise((resolve) => setTimeout(resolve, 0)); // let the page breathe
  }
}

export function solveInWorker(challenge, bits) {
  if (typeof Worker === "undefined") return solve(challenge, bits);
  const worker = new Worker(new URL("./proof-worker.js", import.meta.url), { type: "module" });
  return new Promise((resolve, reject) => {
    worker.onmessage = (event) => {
      worker.terminate();
      if (event.data.error) reject(new Error(event.data.error));
      else resolve(event.data.nonce);
    };
    worker.onerror = () => {
      worker.terminate();
      solve(challenge, bits).then(resolve, reject); // a worker that cannot start: on the page
    };
    worker.postMessage({ challenge, bits });
  });
}
