// lib/models/pins.json: the commit each course checkpoint is pinned to (written by `npm run models -- pin`, tools/models/pin-models.ts).
import * as fs from "fs";
import * as path from "path";
import { LIB_ROOT } from "../paths";

export const PINS_FILE = path.join(LIB_ROOT, "models", "pins.json");

export function readPins(file = PINS_FILE): Record<string, string> {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>) : {};
}
