import { createHash } from "node:crypto";

/**
 * The lottery's order: a Fisher–Yates shuffle of the entrant ids (sorted ascending first, so
 * the input order cannot be gamed) driven by SHA-256 of the seed and a counter. Anyone with the
 * seed and the entrant list can re-run it and get the same order.
 */
export function drawOrder(entrantIds: number[], seed: string): number[] {
  const order = [...entrantIds].sort((a, b) => a - b);
  let counter = 0;
  const randomBelow = (n: number) => {
    // Rejection sampling over 48-bit values keeps every index equally likely.
    const limit = Math.floor(2 ** 48 / n) * n;
    for (;;) {
      const digest = createHash("sha256").update(`${seed}:${counter++}`).digest();
      const value = digest.readUIntBE(0, 6);
      if (value < limit) return value % n;
    }
  };
  for (let i = order.length - 1; i > 0; i--) {
    const j = randomBelow(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
