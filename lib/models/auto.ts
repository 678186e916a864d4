// autoTokenizer(id) and locateModel(id): a course checkpoint for transformers.js's Auto* classes, resolved as pipeline()
// does (cache, download, or offline the stand-in's tokenizer, with the one-line notice).
import { transformers } from "../transformers-env";
import { findModel } from "./manifest";
import { resolveModel, sayOnce } from "./resolve";

export type Tokenizer = any;

export async function autoTokenizer(id: string): Promise<Tokenizer> {
  const model = findModel(id);
  if (!model) return transformers().AutoTokenizer.from_pretrained(id);
  const resolved = await resolveModel(model.task, id);
  sayOnce(resolved.notice);
  return transformers().AutoTokenizer.from_pretrained(resolved.path);
}

/**
 * Where a course checkpoint's files are (the cache, a fresh download, or offline the stand-in), and the
 * dtype to load its ONNX weights with: for transformers.js's Auto* classes, as pipeline() uses them.
 */
export async function locateModel(id: string): Promise<{ path: string; dtype: string }> {
  const model = findModel(id);
  if (!model)
    throw new Error(
      `${id} is not one of the course's checkpoints (see COURSE_MODELS); load it with transformers.js directly`,
    );
  const resolved = await resolveModel(model.task, id);
  sayOnce(resolved.notice);
  return { path: resolved.path, dtype: resolved.dtype ?? model.dtype };
}
