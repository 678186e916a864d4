// The models the course trains itself, one folder each under data/models/ (`npm run zoo`; each has a
// recipe in tools/zoo/recipes.ts, which a type error keeps in step with this list). The manifest names
// them as the offline stand-ins and as the course's fine-tunes. In build order: a stand-in built from
// another's weights comes after it.
export const STAND_INS = [
  "minilm-sst2",
  "minilm-conll2003",
  "minilm-squad",
  "minilm-nli",
  "sentiment",
  "text-generation",
  "fill-mask",
  "feature-extraction",
  "text2text",
  "vit-digits",
] as const;

export type StandIn = (typeof STAND_INS)[number];
