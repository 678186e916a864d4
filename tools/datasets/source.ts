// The course's source datasets folder: where `npm run data` and `npm run zoo` read the public
// datasets when given `--source DIR`, instead of the Hub (both read them with ./source-datasets.ts).
// Its layout (Hub ids as folders):
//   nyu-mll/glue/parquet/<mrpc|sst2>/<split>/0000.parquet
//   Salesforce/wikitext/wikitext-2-v1/{valid,test}.txt
//   eriktks/conll2003/{train,valid,test}.txt
//   rajpurkar/squad/dev-v1.1.json
//   stanfordnlp/imdb/aclImdb/{train,test}/{neg,pos}/<id>_<rating>.txt
import * as fs from "fs";
import * as path from "path";

export const SOURCE_LAYOUT =
  "nyu-mll/glue/parquet/<config>/<split>/0000.parquet, Salesforce/wikitext/wikitext-2-v1/valid.txt, eriktks/conll2003/train.txt, rajpurkar/squad/dev-v1.1.json, stanfordnlp/imdb/aclImdb/train/pos/<id>_<rating>.txt";

/** A file or folder of the source folder; a missing one is an error that says what the folder must hold. */
export function sourcePath(source: string, ...parts: string[]): string {
  const p = path.join(source, ...parts);
  if (!fs.existsSync(p)) {
    throw new Error(
      `${p} does not exist: --source must name the course's source datasets folder (Hub ids as folders: ${SOURCE_LAYOUT}); leave --source out to read the datasets from the Hub`,
    );
  }
  return p;
}

/** `--source DIR` (or `--source=DIR`) taken out of a command's arguments; the rest are returned as they were. */
export function parseSourceOption(argv: string[]): { source?: string; rest: string[] } {
  const rest: string[] = [];
  let source: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    let value: string | undefined;
    if (a === "--source") {
      value = argv[++i];
      if (value === undefined || value.startsWith("--"))
        throw new Error("--source needs a folder: --source DIR (the course's source datasets folder)");
    } else if (a.startsWith("--source=")) {
      value = a.slice("--source=".length);
      if (!value) throw new Error("--source needs a folder: --source DIR (the course's source datasets folder)");
    } else {
      rest.push(a);
      continue;
    }
    if (source !== undefined) throw new Error("--source is given twice");
    source = path.resolve(value);
    if (!fs.existsSync(source) || !fs.statSync(source).isDirectory()) {
      throw new Error(
        `--source ${value}: no such folder. Pass the course's source datasets folder (Hub ids as folders: ${SOURCE_LAYOUT}), or leave --source out to read the datasets from the Hub`,
      );
    }
  }
  return { source, rest };
}
