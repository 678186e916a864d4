// One full training step (forward, backward, AdamW) of the stand-in's encoder on random token ids:
// what the training benchmark times and the profile breaks down by kernel.
import type * as TF from "@tensorflow/tfjs-core";
import { AdamW } from "../lib/training/optimizer";
import { EncoderModel } from "../lib/training/models/encoder";

export interface TrainingStep {
  step(): Promise<void>;
  parameters: number;
  dispose(): void;
}

export function trainingStep(
  tf: typeof TF,
  config: Record<string, unknown>,
  shape: { batch: number; seq: number },
): TrainingStep {
  const model = EncoderModel.fromConfig(tf, config, { seed: 1 });
  const optimizer = new AdamW(tf, model.params, { weightDecay: 0.01 });
  const ids = tf.randomUniform([shape.batch, shape.seq], 5, Number(config.vocab_size), "int32") as TF.Tensor2D;
  const batch = {
    inputIds: ids,
    attentionMask: tf.onesLike(ids) as TF.Tensor2D,
    labels: tf.randomUniform([shape.batch], 0, 2, "int32") as TF.Tensor1D,
  };
  return {
    async step() {
      const { value, grads } = tf.variableGrads(
        () => model.loss(model.forward(batch, { training: true }), batch),
        model.trainableVariables,
      );
      await value.data();
      value.dispose();
      optimizer.applyVariableGrads(grads, 1e-3);
    },
    parameters: model.trainableVariables.reduce((n, v) => n + v.size, 0),
    dispose() {
      model.dispose();
      optimizer.dispose();
      tf.dispose([ids, batch.attentionMask, batch.labels]);
    },
  };
}
