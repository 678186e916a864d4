// The course's pipeline(): transformers.js's pipeline on a pinned, verified checkpoint, with
// the offline fallback of resolve.ts. Same arguments as transformers.js.
import { transformers } from "../transformers-env";
import type { Task } from "./manifest";
import { resolveModel, sayOnce } from "./resolve";

/** A transformers.js pipeline: call it with inputs (and options) as in transformers.js. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Pipeline = ((...args: any[]) => Promise<any>) & {
  /** The pipeline's tokenizer (e.g. tokenizer.mask_token) and model (e.g. model.config). */
  tokenizer: any;
  model: any;
  task: string;
  dispose(): Promise<void>;
};

export async function pipeline(task: Task, model?: string, options: Record<string, unknown> = {}): Promise<Pipeline> {
  const resolved = await resolveModel(task, model);
  sayOnce(resolved.notice);
  const { pipeline: create } = transformers();
  return (await create(task as never, resolved.path, { ...(resolved.dtype ? { dtype: resolved.dtype } : {}), ...options } as never)) as unknown as Pipeline;
}
