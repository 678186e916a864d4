// Perplexity: exp of the mean negative log-likelihood per token, PP(W) = P(w1..wN)^(-1/N)
// (Jurafsky & Martin, Speech and Language Processing, 3rd ed., section 3.2.1).
import { describe, expectArray } from "./args";

export function perplexityFromNll(nll: readonly number[]): number {
  expectArray("nll", nll, "an array of negative log-likelihoods, one per token");
  if (nll.length === 0) throw new RangeError("perplexity needs at least one token (nll is empty)");
  nll.forEach((x, i) => {
    if (typeof x !== "number" || Number.isNaN(x)) throw new TypeError(`nll[${i}] must be a number; got ${describe(x)}`);
  });
  return Math.exp(nll.reduce((a, x) => a + x, 0) / nll.length);
}

/** log(sum(exp(row))) without overflow, in a loop (a spread of a 262k-value row overflows the call stack). */
function logSumExp(row: readonly number[]): number {
  let max = -Infinity;
  for (let j = 0; j < row.length; j++) if (row[j] > max) max = row[j];
  let sum = 0;
  for (let j = 0; j < row.length; j++) sum += Math.exp(row[j] - max);
  return max + Math.log(sum);
}

/** From next-token logits [tokens][vocab] (predictions) and the tokens that actually came next (references). */
export function perplexity(logits: readonly (readonly number[])[], targets: readonly number[]): number {
  expectArray("predictions", logits, "next-token logits, one row per token");
  expectArray("references", targets, "the token ids that came next, one per row of logits");
  if (logits.length !== targets.length)
    throw new RangeError(
      `${logits.length} rows of logits (predictions) for ${targets.length} target tokens (references)`,
    );
  return perplexityFromNll(
    logits.map((row, i) => {
      if (!Array.isArray(row) && !ArrayBuffer.isView(row))
        throw new TypeError(`predictions[${i}] must be a row of logits; got ${describe(row)}`);
      if (row.length === 0) throw new RangeError(`predictions[${i}] is an empty row of logits`);
      const t = targets[i];
      if (!Number.isInteger(t) || t < 0 || t >= row.length)
        throw new RangeError(
          `references[${i}] must be a token id from 0 to ${row.length - 1} (the row's vocabulary); got ${describe(t)}`,
        );
      for (let j = 0; j < row.length; j++)
        if (Number.isNaN(row[j]) || row[j] === Infinity)
          throw new RangeError(`predictions[${i}][${j}] is ${row[j]}: logits must be numbers below Infinity`);
      return logSumExp(row) - row[t];
    }),
  );
}
