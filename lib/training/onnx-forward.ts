// Evaluation and prediction through ONNX Runtime: the Trainer exports the model it is training with
// the course's own ONNX exporter (the graph savePretrained writes) and runs the forward passes of
// evaluate()/predict() there, several times faster than TensorFlow.js on WebAssembly. The logits are
// the same (the export is tested against EncoderModel.forward); the loss is computed from them by
// the model's own loss function.
import * as path from "path";
import type * as TF from "@tensorflow/tfjs-core";
import type { CollatedBatch } from "./collator";
import { HEADS } from "./heads";
import type { HeadOutput } from "./model";
import type { EncoderModel } from "./models/encoder";
import { exportEncoderOnnx } from "./onnx/export-encoder";

// The few parts of onnxruntime-node used here.
interface Ort {
  InferenceSession: { create(bytes: Uint8Array, options?: object): Promise<OrtSession> };
  Tensor: new (type: "int64", data: BigInt64Array, dims: readonly number[]) => unknown;
}
interface OrtTensor {
  data: Float32Array;
  dims: readonly number[];
}
interface OrtSession {
  inputNames: readonly string[];
  outputNames: readonly string[];
  run(feeds: Record<string, unknown>, fetches: readonly string[]): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}

/** ONNX Runtime for Node: the runtime transformers.js itself runs models on (its dependency). */
function onnxRuntime(): Ort {
  const from = path.dirname(require.resolve("@huggingface/transformers"));
  return require(require.resolve("onnxruntime-node", { paths: [from] })) as Ort;
}

export type OnnxForward = ((batch: CollatedBatch) => Promise<HeadOutput>) & { release(): Promise<void> };

/** A forward pass of the model's current weights on ONNX Runtime, returning the head's TF.js tensors as model.forward does. */
export async function onnxForward(model: EncoderModel): Promise<OnnxForward> {
  const tf: typeof TF = model.tf;
  const ort = onnxRuntime();
  const session = await ort.InferenceSession.create(await exportEncoderOnnx(model), { logSeverityLevel: 3 });
  const int64 = (t: TF.Tensor) =>
    new ort.Tensor(
      "int64",
      BigInt64Array.from(t.dataSync() as Int32Array, (v) => BigInt(v)),
      t.shape,
    );
  const heads = HEADS[model.head].onnxOutputs; // not last_hidden_state: the Trainer reads the head only
  const forward = async (batch: CollatedBatch): Promise<HeadOutput> => {
    const feeds: Record<string, unknown> = {
      input_ids: int64(batch.inputIds),
      attention_mask: int64(batch.attentionMask),
    };
    if (session.inputNames.includes("token_type_ids")) {
      feeds.token_type_ids = batch.tokenTypeIds
        ? int64(batch.tokenTypeIds)
        : new ort.Tensor("int64", new BigInt64Array(batch.inputIds.size), batch.inputIds.shape);
    }
    const out = await session.run(feeds, heads);
    const tensor = (name: string) => tf.tensor(out[name].data, [...out[name].dims]);
    const result: HeadOutput = {};
    if (out.logits) result.logits = tensor("logits");
    if (out.start_logits) {
      result.startLogits = tensor("start_logits") as TF.Tensor2D;
      result.endLogits = tensor("end_logits") as TF.Tensor2D;
    }
    return result;
  };
  return Object.assign(forward, { release: () => session.release() });
}
