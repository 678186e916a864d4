// Which Parquet files hold which config and split, from a repo's file list. The Hub's layouts:
//   a repo's own files:   data/<split>-00000-of-00001.parquet   or   <config>/<split>-00000-of-00001.parquet
//   the converter branch: <config>/<split>/0000.parquet  (revision refs/convert/parquet)
export interface ParquetFiles {
  /** config -> split -> file paths, sorted */
  configs: Map<string, Map<string, string[]>>;
}

const OWN = /^(?:(.+)\/)?([A-Za-z0-9_.]+?)-\d{5}-of-\d{5}\.parquet$/;
const CONVERTED = /^([^/]+)\/([^/]+)\/\d{4}\.parquet$/;
const DEFAULT = "default";

export function parquetLayout(paths: string[], converted: boolean): ParquetFiles {
  const configs = new Map<string, Map<string, string[]>>();
  const add = (config: string, split: string, file: string) => {
    if (!configs.has(config)) configs.set(config, new Map());
    const splits = configs.get(config)!;
    splits.set(split, [...(splits.get(split) ?? []), file].sort());
  };
  for (const p of paths) {
    if (converted) {
      const m = p.match(CONVERTED);
      if (m && !m[2].startsWith("partial-")) add(m[1], m[2], p);
      continue;
    }
    const m = p.match(OWN);
    if (m) add(!m[1] || m[1] === "data" ? DEFAULT : m[1].replace(/\/data$/, ""), m[2], p);
  }
  return { configs };
}

const SPLIT_ORDER = ["train", "validation", "test"];

/** Splits in the order Python shows them: train, validation, test, then the rest by name. */
export function orderSplits(names: string[]): string[] {
  const rank = (s: string) => (SPLIT_ORDER.includes(s) ? SPLIT_ORDER.indexOf(s) : SPLIT_ORDER.length);
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The files of one config's splits; errors list what there is. */
export function pickConfig(
  layout: ParquetFiles,
  repo: string,
  config?: string,
): { config: string; splits: Map<string, string[]> } {
  const names = [...layout.configs.keys()];
  if (config === undefined) {
    if (names.length === 1) return { config: names[0], splits: layout.configs.get(names[0])! };
    if (layout.configs.has(DEFAULT)) return { config: DEFAULT, splits: layout.configs.get(DEFAULT)! };
    throw new Error(
      `${repo} has several configurations: name one, e.g. loadDataset("${repo}", "${names[0]}"). Configurations: ${names.join(", ")}`,
    );
  }
  const splits = layout.configs.get(config);
  if (!splits) throw new Error(`${repo} has no configuration "${config}". Configurations: ${names.join(", ")}`);
  return { config, splits };
}
