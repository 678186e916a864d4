// Tensor operations the course's transformers share (TF.js). Weight layouts differ by model:
// PyTorch Linear stores [out, in] (BERT), GPT-2's Conv1D stores [in, out].
import type * as TF from "@tensorflow/tfjs";

/** x @ W^T + b for W [out, in]; x of any rank (the last axis is the features). */
export function linearOutIn(tf: typeof TF, x: TF.Tensor, w: TF.Tensor, b: TF.Tensor): TF.Tensor {
  const flat = x.reshape([-1, x.shape[x.shape.length - 1]]);
  return tf.add(tf.matMul(flat, w, false, true).reshape([...x.shape.slice(0, -1), w.shape[0]]), b);
}

/** x @ W + b for W [in, out] (GPT-2's Conv1D). */
export function linearInOut(tf: typeof TF, x: TF.Tensor, w: TF.Tensor, b: TF.Tensor): TF.Tensor {
  const flat = x.reshape([-1, x.shape[x.shape.length - 1]]);
  return tf.add(tf.matMul(flat, w).reshape([...x.shape.slice(0, -1), w.shape[1] as number]), b);
}

/** LayerNorm over the last axis (biased variance, as PyTorch). */
export function layerNorm(tf: typeof TF, x: TF.Tensor, weight: TF.Tensor, bias: TF.Tensor, eps: number): TF.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), weight), bias);
}

/** GELU with erf (BERT's "gelu"). */
export function geluErf(tf: typeof TF, x: TF.Tensor): TF.Tensor {
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.div(x, Math.SQRT2)), 1));
}

/** GELU's tanh approximation (GPT-2's "gelu_new"). */
export function geluTanh(tf: typeof TF, x: TF.Tensor): TF.Tensor {
  const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}
