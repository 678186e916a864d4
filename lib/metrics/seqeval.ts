// Entity-level precision, recall and F1 over BIO tags, as seqeval 1.2 computes them. Default mode
// (the conlleval rules): an entity counts only when its type and its whole span match; a tag
// without a type ("B", "I") has the type "_". mode "strict" with scheme "IOB2" is seqeval's strict
// mode: only well-formed IOB2 entities count (an entity must begin with B-), any other prefix is
// an error. The per-type report lists every type that was expected or predicted (support = the
// number expected, 0 for a type only predicted).
import { describe, expectArray, expectNonEmpty } from "./args";
import { pyCompare } from "./python-text";

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

/** seqeval's chunk type: what follows the first "-" after the prefix letter ("B-PER" -> "PER", "B" -> "_"). */
function typeOf(chunk: string): string {
  const rest = [...chunk].slice(1).join("");
  const dash = rest.indexOf("-");
  return (dash < 0 ? rest : rest.slice(dash + 1)) || "_";
}

/** The entities of one or several sentences (sentences are joined with an "O" between them). */
export function getEntities(tags: readonly string[] | readonly (readonly string[])[]): Entity[] {
  const flat: string[] = tags.some((s) => Array.isArray(s))
    ? (tags as string[][]).flatMap((s) => [...s, "O"])
    : [...(tags as string[])];
  flat.forEach((t, i) => {
    if (typeof t !== "string" || t === "")
      throw new TypeError(`tag ${i} must be a non-empty string such as "B-PER" or "O"; got ${describe(t)}`);
  });
  const entities: Entity[] = [];
  let prevTag = "O";
  let prevType = "";
  let begin = 0;
  [...flat, "O"].forEach((chunk, i) => {
    const tag = [...chunk][0];
    const type = typeOf(chunk);
    if (endOfChunk(prevTag, tag, prevType, type)) entities.push({ type: prevType, start: begin, end: i - 1 });
    if (startOfChunk(prevTag, tag, prevType, type)) begin = i;
    prevTag = tag;
    prevType = type;
  });
  return entities;
}

// seqeval.scheme.IOB2 with Tokens.entities: prefix B starts an entity, I of the same type continues it.
interface Token {
  prefix: string;
  type: string;
}

function iob2Token(tag: string, where: string): Token {
  const prefix = tag[0];
  if (prefix !== "B" && prefix !== "I" && prefix !== "O")
    throw new RangeError(`${where} is ${describe(tag)}: scheme IOB2 allows the prefixes B, I and O`);
  return { prefix, type: tag.slice(1).replace(/^-+|-+$/g, "") || "_" };
}

const isStart = (_prev: Token, t: Token) => t.prefix === "B";
const isInside = (prev: Token, t: Token) =>
  (prev.prefix === "B" || prev.prefix === "I") && t.prefix === "I" && prev.type === t.type;
const isEnd = (prev: Token, t: Token) =>
  (prev.prefix === "B" || prev.prefix === "I") &&
  (t.prefix === "O" || t.prefix === "B" || (t.prefix === "I" && prev.type !== t.type));

/** Strict IOB2 entities of one sentence; `end` is the last tag of the entity. */
export function getEntitiesStrict(tags: readonly string[], where = "tag"): Entity[] {
  const outside: Token = { prefix: "O", type: "_" };
  const tokens = [...tags.map((t, i) => iob2Token(t, `${where}[${i}]`)), outside];
  const entities: Entity[] = [];
  let i = 0;
  let prev = outside;
  while (i < tokens.length) {
    const token = tokens[i];
    if (isStart(prev, token)) {
      let end = i + 1;
      let p = token;
      while (end < tokens.length && isInside(p, tokens[end])) p = tokens[end++];
      if (end === tokens.length) end = tags.length - 1;
      if (isEnd(tokens[end - 1], tokens[end])) entities.push({ type: token.type, start: i, end: end - 1 });
      i = end;
    } else i++;
    prev = tokens[i - 1];
  }
  return entities;
}

export interface TypeScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface SeqevalResult {
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  /** Per entity type, in sorted order. */
  types: Record<string, TypeScores>;
}

export interface SeqevalOptions {
  /** "strict" counts only entities well formed in `scheme`; by default, seqeval's lenient conlleval rules. */
  mode?: "strict" | null;
  /** The tagging scheme of strict mode; the course implements "IOB2". */
  scheme?: "IOB2" | null;
}

function checkSentences(name: string, v: unknown): asserts v is string[][] {
  expectArray(name, v, "an array of sentences, each an array of tags");
  v.forEach((s, i) => {
    expectArray(`${name}[${i}]`, s, 'an array of tags such as "B-PER" or "O"');
    s.forEach((t, j) => {
      if (typeof t !== "string" || t === "")
        throw new TypeError(`${name}[${i}][${j}] must be a tag such as "B-PER" or "O"; got ${describe(t)}`);
    });
  });
}

export function seqeval(
  predictions: readonly (readonly string[])[],
  references: readonly (readonly string[])[],
  options: SeqevalOptions = {},
): SeqevalResult {
  checkSentences("predictions", predictions);
  checkSentences("references", references);
  expectNonEmpty("references", references, "there is no sentence to score");
  if (predictions.length !== references.length)
    throw new RangeError(`${predictions.length} predicted sentences but ${references.length} reference sentences`);
  predictions.forEach((p, i) => {
    if (p.length !== references[i].length)
      throw new RangeError(`sentence ${i}: ${p.length} predicted tags for ${references[i].length} reference tags`);
  });
  const { mode = null, scheme = null } = options;
  if (mode !== null && mode !== "strict")
    throw new TypeError(`mode must be "strict" or null (seqeval's default, lenient rules); got ${describe(mode)}`);
  if (scheme !== null && scheme !== "IOB2")
    throw new TypeError(
      `scheme must be "IOB2" (the only scheme the course implements) or null; got ${describe(scheme)}`,
    );
  if (mode === "strict" && scheme === null)
    throw new TypeError(`mode "strict" needs scheme: "IOB2" (the only scheme the course implements)`);
  if (mode === null && scheme !== null) throw new TypeError(`scheme is only used with mode: "strict"`);
  type Keyed = Entity & { key: string };
  const entities = (name: string, sentences: readonly (readonly string[])[]): Keyed[] =>
    mode === "strict"
      ? sentences.flatMap((s, i) =>
          getEntitiesStrict(s, `${name}[${i}]`).map((e) => ({ ...e, key: `${i}|${e.type}|${e.start}|${e.end}` })),
        )
      : getEntities(sentences).map((e) => ({ ...e, key: `${e.type}|${e.start}|${e.end}` }));
  const truth = entities("references", references);
  const pred = entities("predictions", predictions);
  const trueKeys = new Set(truth.map((e) => e.key));
  const correct = pred.filter((e) => trueKeys.has(e.key));
  const score = (c: number, p: number, t: number) => {
    const precision = p ? c / p : 0;
    const recall = t ? c / t : 0;
    return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
  };
  const types: SeqevalResult["types"] = {};
  const count = (list: Keyed[], type: string) => list.filter((e) => e.type === type).length;
  for (const type of [...new Set([...truth, ...pred].map((e) => e.type))].sort(pyCompare)) {
    types[type] = {
      ...score(count(correct, type), count(pred, type), count(truth, type)),
      support: count(truth, type),
    };
  }
  const flatP = predictions.flat();
  const flatR = references.flat();
  return {
    ...score(correct.length, pred.length, truth.length),
    accuracy: flatP.filter((t, i) => t === flatR[i]).length / Math.max(1, flatP.length),
    types,
  };
}
