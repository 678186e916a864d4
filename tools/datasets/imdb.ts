// The original Large Movie Review Dataset folder (aclImdb/<split>/<neg|pos>/<id>_<rating>.txt) as the
// rows of the Hub's `stanfordnlp/imdb` (config plain_text): text = the file's content, label 0 = neg, 1 = pos.
import * as fs from "fs";
import * as path from "path";

/** The Hub dataset's label names, in its order. */
export const IMDB_LABELS = ["neg", "pos"] as const;

// A type, not an interface, so that rows of it are also plain `Row`s (Record<string, unknown>).
export type ImdbRow = { text: string; label: number };

const REVIEW_FILE = /^(\d+)_(\d+)\.txt$/;

/** The labelled reviews of one split (train or test): the neg reviews, then the pos ones, each by review id. */
export function readAclImdb(aclImdb: string, split: "train" | "test"): ImdbRow[] {
  return IMDB_LABELS.flatMap((name, label) => {
    const dir = path.join(aclImdb, split, name);
    if (!fs.existsSync(dir))
      throw new Error(`${dir} does not exist: an aclImdb folder holds train/neg, train/pos, test/neg and test/pos`);
    const files = fs.readdirSync(dir).filter((f) => REVIEW_FILE.test(f));
    if (files.length === 0) throw new Error(`${dir} holds no review files (<id>_<rating>.txt)`);
    const id = (f: string) => Number(f.match(REVIEW_FILE)![1]);
    return files
      .sort((a, b) => id(a) - id(b))
      .map((f) => ({ text: fs.readFileSync(path.join(dir, f), "utf8"), label }));
  });
}
