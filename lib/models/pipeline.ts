// The course's pipeline(): transformers.js's pipeline on a pinned, verified checkpoint, with
// the offline fallback of resolve.ts. Same arguments as transformers.js.
import { transformers } from "../transformers-env";
import type { Task } from "./manifest";
import { checkPipelineInputs } from "./pipeline-inputs";
import type { Pipeline } from "./pipeline-types";
import { NoStandInError, resolveModel, sayOnce } from "./resolve";

export type { Pipeline };

export async function pipeline<T extends Task>(
  task: T,
  model?: string,
  options: Record<string, unknown> = {},
): Promise<Pipeline<T>> {
  const resolved = await resolveModel(task, model);
  sayOnce(resolved.notice);
  const { pipeline: create } = transformers();
  const created = (await create(task as never, resolved.path, {
    ...(resolved.dtype ? { dtype: resolved.dtype } : {}),
    ...options,
  } as never)) as unknown as Pipeline<T>;
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
export async function pipelineIfAvailable<T extends Task>(
  task: T,
  model?: string,
  options: Record<string, unknown> = {},
): Promise<Pipeline<T> | undefined> {
  try {
    return await pipeline(task, model, options);
  } catch (err) {
    if (!(err instanceof NoStandInError)) throw err;
    console.log(`ℹ Skipped, the course has no offline stand-in for ${task}: ${err.message}`);
    return undefined;
  }
}
