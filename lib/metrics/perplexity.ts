// Perplexity: exp of the mean negative log-likelihood per token, PP(W) = P(w1..wN)^(-1/N)
// (Jurafsky & Martin, Speech and Language Processing, 3rd ed., section 3.2.1).
export function perplexityFromNll(nll: readonly number[]): number {
  if (nll.length === 0) throw new Error("perplexity needs at least one token");
  return Math.exp(nll.reduce((a, x) => a + x, 0) / nll.length);
}

/** From next-token logits [tokens][vocab] and the tokens that actually came next. */
export function perplexity(logits: readonly (readonly number[])[], targets: readonly number[]): number {
  if (logits.length !== targets.length) throw new Error(`${logits.length} rows of logits for ${targets.length} target tokens`);
  return perplexityFromNll(logits.map((row, i) => {
    const max = Math.max(...row);
    const logSum = max + Math.log(row.reduce((a, x) => a + Math.exp(x - max), 0));
    return logSum - row[targets[i]];
  }));
}
