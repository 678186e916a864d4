// Entity-level precision, recall and F1 over BIO tags, as seqeval (default mode, the conlleval
// rules) computes them: an entity counts only when its type and its whole span match.
export interface Entity {
  type: string;
  start: number;
  end: number;
}

function endOfChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  if (prevTag === "E" || prevTag === "S") return true;
  if ((prevTag === "B" || prevTag === "I") && (tag === "B" || tag === "S" || tag === "O")) return true;
  return prevTag !== "O" && prevTag !== "." && prevType !== type;
}

function startOfChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  if (tag === "B" || tag === "S") return true;
  if ((prevTag === "E" || prevTag === "S" || prevTag === "O") && (tag === "E" || tag === "I")) return true;
  return tag !== "O" && tag !== "." && prevType !== type;
}

/** The entities of one or several sentences (sentences are joined with an "O" between them). */
export function getEntities(tags: readonly string[] | readonly (readonly string[])[]): Entity[] {
  const flat: string[] = Array.isArray(tags[0]) ? (tags as string[][]).flatMap((s) => [...s, "O"]) : [...(tags as string[])];
  const entities: Entity[] = [];
  let prevTag = "O";
  let prevType = "";
  let begin = 0;
  [...flat, "O"].forEach((chunk, i) => {
    const tag = chunk[0];
    const type = chunk.split("-").slice(1).join("-");
    if (endOfChunk(prevTag, tag, prevType, type)) entities.push({ type: prevType, start: begin, end: i - 1 });
    if (startOfChunk(prevTag, tag, prevType, type)) begin = i;
    prevTag = tag;
    prevType = type;
  });
  return entities;
}

export interface SeqevalResult {
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  /** Per entity type. */
  types: Record<string, { precision: number; recall: number; f1: number; support: number }>;
}

export function seqeval(predictions: readonly (readonly string[])[], references: readonly (readonly string[])[]): SeqevalResult {
  if (predictions.length !== references.length) throw new Error(`${predictions.length} predicted sentences but ${references.length} reference sentences`);
  predictions.forEach((p, i) => {
    if (p.length !== references[i].length) throw new Error(`sentence ${i}: ${p.length} predicted tags for ${references[i].length} reference tags`);
  });
  const key = (e: Entity) => `${e.type}|${e.start}|${e.end}`;
  const truth = getEntities(references);
  const pred = getEntities(predictions);
  const trueKeys = new Set(truth.map(key));
  const correct = pred.filter((e) => trueKeys.has(key(e)));
  const score = (c: number, p: number, t: number) => {
    const precision = p ? c / p : 0;
    const recall = t ? c / t : 0;
    return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
  };
  const types: SeqevalResult["types"] = {};
  for (const type of [...new Set(truth.map((e) => e.type))].sort()) {
    const c = correct.filter((e) => e.type === type).length;
    const t = truth.filter((e) => e.type === type).length;
    types[type] = { ...score(c, pred.filter((e) => e.type === type).length, t), support: t };
  }
  const flatP = predictions.flat();
  const flatR = references.flat();
  return { ...score(correct.length, pred.length, truth.length), accuracy: flatP.filter((t, i) => t === flatR[i]).length / Math.max(1, flatP.length), types };
}
