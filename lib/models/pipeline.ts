// The course's pipeline(): transformers.js's pipeline on a pinned, verified checkpoint, with
// the offline fallback of resolve.ts. Same arguments as transformers.js.
import { transformers } from "../transformers-env";
import type { Task } from "./manifest";
import { resolveModel } from "./resolve";

export async function pipeline(task: Task, model?: string, options: Record<string, unknown> = {}) {
  const resolved = await resolveModel(task, model);
  if (resolved.notice) console.log(resolved.notice);
  const { pipeline: create } = transformers();
  return create(task as never, resolved.path, { ...(resolved.dtype ? { dtype: resolved.dtype } : {}), ...options } as never);
}
