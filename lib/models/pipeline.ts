// The course's pipeline(): transformers.js's pipeline on a pinned, verified checkpoint, with
// the offline fallback of resolve.ts. Same arguments as transformers.js.
import { transformers } from "../transformers-env";
import type { Task } from "./manifest";
import { checkPipelineInputs } from "./pipeline-inputs";
import { NoStandInError, resolveModel, sayOnce } from "./resolve";

/** A transformers.js pipeline: call it with inputs (and options) as in transformers.js. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Pipeline = ((...args: any[]) => Promise<any>) & {
  /** The pipeline's tokenizer (e.g. tokenizer.mask_token) and model (e.g. model.config). */
  tokenizer: any;
  model: any;
  /** An image or speech pipeline's processor (e.g. processor(image).pixel_values, processor.feature_extractor.config). */
  processor: any;
  task: string;
  dispose(): Promise<void>;
};

export async function pipeline(task: Task, model?: string, options: Record<string, unknown> = {}): Promise<Pipeline> {
  const resolved = await resolveModel(task, model);
  sayOnce(resolved.notice);
  const { pipeline: create } = transformers();
  const created = (await create(task as never, resolved.path, {
    ...(resolved.dtype ? { dtype: resolved.dtype } : {}),
    ...options,
  } as never)) as unknown as Pipeline;
  // Calls go through checkPipelineInputs; everything else (tokenizer, model, dispose…) is the pipeline's own.
  return new Proxy(created, {
    async apply(target, self, args) {
      checkPipelineInputs(task, args); // a rejected promise, as the pipeline's own errors are
      return Reflect.apply(target, self, args);
    },
  });
}

/**
 * pipeline() for a checkpoint the course has no offline stand-in for (speech recognition): where it
 * cannot be had (offline, the Hub out of reach, not in the cache), one line says so and what to run,
 * and the result is undefined instead of an error; any other failure still throws.
 */
export async function pipelineIfAvailable(
  task: Task,
  model?: string,
  options: Record<string, unknown> = {},
): Promise<Pipeline | undefined> {
  try {
    return await pipeline(task, model, options);
  } catch (err) {
    if (!(err instanceof NoStandInError)) throw err;
    console.log(`ℹ Skipped, the course has no offline stand-in for ${task}: ${err.message}`);
    return undefined;
  }
}
