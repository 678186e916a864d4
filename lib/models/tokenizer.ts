// autoTokenizer(id): transformers.js's AutoTokenizer on a course checkpoint, resolved like pipeline()
// does (cache, download, or offline the stand-in's tokenizer, with the one-line notice).
import { transformers } from "../transformers-env";
import { findModel } from "./manifest";
import { resolveModel, sayOnce } from "./resolve";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Tokenizer = any;

export async function autoTokenizer(id: string): Promise<Tokenizer> {
  const model = findModel(id);
  if (!model) return transformers().AutoTokenizer.from_pretrained(id);
  const resolved = await resolveModel(model.task, id);
  sayOnce(resolved.notice);
  return transformers().AutoTokenizer.from_pretrained(resolved.path);
}
