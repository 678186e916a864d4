// Hidden expected values are stored as salted SHA-256 hashes, never as the values themselves.
import { createHash, randomBytes } from "crypto";

/** Canonical text of an answer: trimmed strings, JSON for the rest. */
function canonical(value: unknown): string {
  return typeof value === "string" ? value.trim() : JSON.stringify(value);
}

/** "sha256:<salt>:<hex>" of a value (a fresh salt unless one is given). */
export function saltedHash(value: unknown, salt = randomBytes(8).toString("hex")): string {
  return `sha256:${salt}:${createHash("sha256")
    .update(`${salt}:${canonical(value)}`)
    .digest("hex")}`;
}

export function matchesHash(value: unknown, hash: string): boolean {
  const [scheme, salt] = hash.split(":");
  if (scheme !== "sha256" || !salt) throw new Error(`not a salted hash: ${hash}`);
  return saltedHash(value, salt) === hash;
}
