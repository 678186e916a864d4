// The Porter stemmer exactly as NLTK's PorterStemmer() (mode NLTK_EXTENSIONS) stems, which is what
// rouge-score's use_stemmer calls. Written here rather than taken from npm: the npm Porter stemmers
// implement Porter's original or Martin's revised algorithm, and NLTK's extensions (irregular forms
// such as "dying" -> "die", "ies"/"ied" on 4-letter words, "alli", "fulli", "logi", the 2-letter cvc
// rule) change the stems of common words, hence ROUGE scores. Ported from nltk/stem/porter.py (3.x).
const VOWELS = new Set(["a", "e", "i", "o", "u"]);

const IRREGULAR: Record<string, string[]> = {
  sky: ["sky", "skies"],
  die: ["dying"],
  lie: ["lying"],
  tie: ["tying"],
  news: ["news"],
  inning: ["innings", "inning"],
  outing: ["outings", "outing"],
  canning: ["cannings", "canning"],
  howe: ["howe"],
  proceed: ["proceed"],
  exceed: ["exceed"],
  succeed: ["succeed"],
};
const POOL = new Map(Object.entries(IRREGULAR).flatMap(([stem, forms]) => forms.map((f) => [f, stem] as const)));

function isConsonant(word: string, i: number): boolean {
  if (VOWELS.has(word[i])) return false;
  if (word[i] === "y") {
    let negate = false;
    while (i > 0 && word[i] === "y") {
      negate = !negate;
      i--;
    }
    return !VOWELS.has(word[i]) !== negate;
  }
  return true;
}

function consonantFlags(word: string): boolean[] {
  const flags: boolean[] = [];
  for (let i = 0; i < word.length; i++) {
    const ch = word[i];
    flags.push(VOWELS.has(ch) ? false : ch === "y" ? (i === 0 ? true : !flags[i - 1]) : true);
  }
  return flags;
}

/** m in [C](VC)^m[V]: the number of vowel-consonant sequences. */
function measure(stem: string): number {
  const cv = consonantFlags(stem)
    .map((c) => (c ? "c" : "v"))
    .join("");
  return cv.split("vc").length - 1;
}

const positiveMeasure = (stem: string) => measure(stem) > 0;
const containsVowel = (stem: string) => !consonantFlags(stem).every(Boolean);
const endsDoubleConsonant = (w: string) =>
  w.length >= 2 && w[w.length - 1] === w[w.length - 2] && isConsonant(w, w.length - 1);
const endsCvc = (w: string) =>
  (w.length >= 3 &&
    isConsonant(w, w.length - 3) &&
    !isConsonant(w, w.length - 2) &&
    isConsonant(w, w.length - 1) &&
    !["w", "x", "y"].includes(w[w.length - 1])) ||
  (w.length === 2 && !isConsonant(w, 0) && isConsonant(w, 1));

type Rule = [suffix: string, replacement: string, condition: ((stem: string) => boolean) | null];

function applyRules(word: string, rules: Rule[]): string {
  for (const [suffix, replacement, condition] of rules) {
    if (suffix === "*d" && endsDoubleConsonant(word)) {
      const stem = word.slice(0, -2);
      return !condition || condition(stem) ? stem + replacement : word;
    }
    if (word.endsWith(suffix)) {
      const stem = word.slice(0, word.length - suffix.length);
      return !condition || condition(stem) ? stem + replacement : word;
    }
  }
  return word;
}

function step1a(word: string): string {
  if (word.endsWith("ies") && word.length === 4) return word.slice(0, -3) + "ie";
  return applyRules(word, [
    ["sses", "ss", null],
    ["ies", "i", null],
    ["ss", "ss", null],
    ["s", "", null],
  ]);
}

function step1b(word: string): string {
  if (word.endsWith("ied")) return word.slice(0, -3) + (word.length === 4 ? "ie" : "i");
  if (word.endsWith("eed")) {
    const stem = word.slice(0, -3);
    return measure(stem) > 0 ? stem + "ee" : word;
  }
  let intermediate: string | undefined;
  for (const suffix of ["ed", "ing"]) {
    if (word.endsWith(suffix) && containsVowel(word.slice(0, -suffix.length))) {
      intermediate = word.slice(0, -suffix.length);
      break;
    }
  }
  if (intermediate === undefined) return word;
  const last = intermediate[intermediate.length - 1];
  return applyRules(intermediate, [
    ["at", "ate", null],
    ["bl", "ble", null],
    ["iz", "ize", null],
    ["*d", last, () => !["l", "s", "z"].includes(last)],
    ["", "e", (stem) => measure(stem) === 1 && endsCvc(stem)],
  ]);
}

function step1c(word: string): string {
  return applyRules(word, [["y", "i", (stem) => stem.length > 1 && isConsonant(stem, stem.length - 1)]]);
}

function step2(word: string): string {
  if (word.endsWith("alli") && positiveMeasure(word.slice(0, -4))) return step2(word.slice(0, -4) + "al");
  const p = positiveMeasure;
  return applyRules(word, [
    ["ational", "ate", p],
    ["tional", "tion", p],
    ["enci", "ence", p],
    ["anci", "ance", p],
    ["izer", "ize", p],
    ["bli", "ble", p],
    ["alli", "al", p],
    ["entli", "ent", p],
    ["eli", "e", p],
    ["ousli", "ous", p],
    ["ization", "ize", p],
    ["ation", "ate", p],
    ["ator", "ate", p],
    ["alism", "al", p],
    ["iveness", "ive", p],
    ["fulness", "ful", p],
    ["ousness", "ous", p],
    ["aliti", "al", p],
    ["iviti", "ive", p],
    ["biliti", "ble", p],
    ["fulli", "ful", p],
    ["logi", "log", () => positiveMeasure(word.slice(0, -3))],
  ]);
}

function step3(word: string): string {
  const p = positiveMeasure;
  return applyRules(word, [
    ["icate", "ic", p],
    ["ative", "", p],
    ["alize", "al", p],
    ["iciti", "ic", p],
    ["ical", "ic", p],
    ["ful", "", p],
    ["ness", "", p],
  ]);
}

function step4(word: string): string {
  const m1 = (stem: string) => measure(stem) > 1;
  return applyRules(word, [
    ["al", "", m1],
    ["ance", "", m1],
    ["ence", "", m1],
    ["er", "", m1],
    ["ic", "", m1],
    ["able", "", m1],
    ["ible", "", m1],
    ["ant", "", m1],
    ["ement", "", m1],
    ["ment", "", m1],
    ["ent", "", m1],
    ["ion", "", (stem) => measure(stem) > 1 && ["s", "t"].includes(stem[stem.length - 1])],
    ["ou", "", m1],
    ["ism", "", m1],
    ["ate", "", m1],
    ["iti", "", m1],
    ["ous", "", m1],
    ["ive", "", m1],
    ["ize", "", m1],
  ]);
}

function step5a(word: string): string {
  if (word.endsWith("e")) {
    const stem = word.slice(0, -1);
    if (measure(stem) > 1) return stem;
    if (measure(stem) === 1 && !endsCvc(stem)) return stem;
  }
  return word;
}

function step5b(word: string): string {
  return applyRules(word, [["ll", "l", () => measure(word.slice(0, -1)) > 1]]);
}

/** NLTK's PorterStemmer().stem(word) (lower-cases first, as NLTK does). */
export function porterStem(word: string): string {
  const lower = word.toLowerCase();
  const irregular = POOL.get(lower);
  if (irregular !== undefined) return irregular;
  if (word.length <= 2) return lower;
  return [step1a, step1b, step1c, step2, step3, step4, step5a, step5b].reduce((w, step) => step(w), lower);
}
