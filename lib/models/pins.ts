// lib/models/pins.json: the commit each course checkpoint is pinned to (written by `npm run models -- pin`).
import * as fs from "fs";
import * as path from "path";
import { LIB_ROOT } from "../paths";

export const PINS_FILE = path.join(LIB_ROOT, "models", "pins.json");

export function readPins(file = PINS_FILE): Record<string, string> {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>) : {};
}

export function writePins(pins: Record<string, string>, file = PINS_FILE): void {
  const sorted = Object.fromEntries(Object.entries(pins).sort(([a], [b]) => a.localeCompare(b)));
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(sorted, null, 2) + "\n");
  fs.renameSync(`${file}.tmp`, file);
}
