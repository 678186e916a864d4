// The course's pipeline(): transformers.js's pipeline on a pinned, verified checkpoint, with
// the offline fallback of resolve.ts. Same arguments as transformers.js.
import { transformers } from "../transformers-env";
import type { Task } from "./manifest";
import { resolveModel } from "./resolve";

/** A transformers.js pipeline: call it with inputs (and options) as in transformers.js. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Pipeline = (...args: any[]) => Promise<any>;

// The offline notice is said once per model and session, not at every pipeline() call.
const noticed = new Set<string>();

export async function pipeline(task: Task, model?: string, options: Record<string, unknown> = {}): Promise<Pipeline> {
  const resolved = await resolveModel(task, model);
  if (resolved.notice && !noticed.has(resolved.notice)) {
    noticed.add(resolved.notice);
    console.log(resolved.notice);
  }
  const { pipeline: create } = transformers();
  return (await create(task as never, resolved.path, { ...(resolved.dtype ? { dtype: resolved.dtype } : {}), ...options } as never)) as unknown as Pipeline;
}
