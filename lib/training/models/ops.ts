// Tensor operations the course's transformers share (TF.js). Weight layouts differ by model:
// PyTorch Linear stores [out, in] (BERT), GPT-2's Conv1D stores [in, out].
import type * as TF from "@tensorflow/tfjs-core";

/** Swaps the last two axes. */
export function swapLast(tf: typeof TF, t: TF.Tensor): TF.Tensor {
  const perm = t.shape.map((_, i) => i);
  [perm[perm.length - 2], perm[perm.length - 1]] = [perm[perm.length - 1], perm[perm.length - 2]];
  return tf.transpose(t, perm);
}

/**
 * a @ b with a gradient that transposes explicitly. The WebAssembly backend multiplies ~10x slower
 * when matMul is asked to transpose an operand (measured: 2.4 s vs 0.24 s for 768x64 @ 64x50257),
 * and TF.js's own matMul gradient asks exactly that; a copy-transpose and a plain multiply is faster.
 */
export function matmul(tf: typeof TF, a: TF.Tensor, b: TF.Tensor): TF.Tensor {
  const f = tf.customGrad(((x: TF.Tensor, y: TF.Tensor, save: (t: TF.Tensor[]) => void) => {
    save([x, y]);
    return {
      value: tf.matMul(x, y),
      gradFunc: (dy: TF.Tensor, saved: TF.Tensor[]) =>
        tf.tidy(() => [tf.matMul(dy, swapLast(tf, saved[1])), tf.matMul(swapLast(tf, saved[0]), dy)]),
    };
  }) as never);
  return (f as unknown as (x: TF.Tensor, y: TF.Tensor) => TF.Tensor)(a, b);
}

/**
 * f()'s value, computed without recording it on the gradient tape: inside a custom gradient's forward
 * pass TensorFlow.js records nothing and disposes f's intermediate tensors at once, so a backward pass
 * keeps none of them. For parts of a model that depend on no trainable parameter (frozen layers):
 * nothing flows back through them (`input`, an integer tensor such as the token ids, gets a zero gradient).
 */
export function withoutGradient(tf: typeof TF, f: () => TF.Tensor, input: TF.Tensor): TF.Tensor {
  const g = tf.customGrad(((x: TF.Tensor) => ({ value: f(), gradFunc: () => tf.zerosLike(x) })) as never);
  return (g as unknown as (x: TF.Tensor) => TF.Tensor)(input);
}

/**
 * x @ W^T + b for W [out, in]; x of any rank (the last axis is the features). One step of the
 * gradient tape with its gradient written out (dx = dy W, dW = dy^T x, db = the sum of dy): the
 * backward pass keeps x and W, not the reshapes, transposes and sums between them, and their gradients.
 */
export function linearOutIn(tf: typeof TF, x: TF.Tensor, w: TF.Tensor, b: TF.Tensor): TF.Tensor {
  const f = tf.customGrad(((input: TF.Tensor, weight: TF.Tensor, bias: TF.Tensor, save: (t: TF.Tensor[]) => void) => {
    const flat = input.reshape([-1, input.shape[input.shape.length - 1]]);
    save([flat, weight]);
    return {
      value: tf.add(
        tf.matMul(flat, tf.transpose(weight)).reshape([...input.shape.slice(0, -1), weight.shape[0]]),
        bias,
      ),
      gradFunc: (dy: TF.Tensor, [flatX, wSaved]: TF.Tensor[]) =>
        tf.tidy(() => {
          const dyFlat = dy.reshape([-1, wSaved.shape[0]]);
          // Explicit transposes: see matmul() on WebAssembly.
          return [
            tf.matMul(dyFlat, wSaved).reshape(input.shape),
            tf.matMul(tf.transpose(dyFlat), flatX),
            tf.sum(dyFlat, 0),
          ];
        }),
    };
  }) as never);
  return (f as unknown as (x: TF.Tensor, w: TF.Tensor, b: TF.Tensor) => TF.Tensor)(x, w, b);
}

/** x @ W + b for W [in, out] (GPT-2's Conv1D). */
export function linearInOut(tf: typeof TF, x: TF.Tensor, w: TF.Tensor, b: TF.Tensor): TF.Tensor {
  const flat = x.reshape([-1, x.shape[x.shape.length - 1]]);
  return tf.add(matmul(tf, flat, w).reshape([...x.shape.slice(0, -1), w.shape[1] as number]), b);
}

/**
 * Mean cross-entropy over rows whose label is not -100 (PyTorch's ignore_index), with its
 * gradient written out (softmax minus one-hot), so no one-hot or max-mask the size of the logits
 * is built: for a 50k-token vocabulary those are as large as the logits themselves.
 */
export function crossEntropy(tf: typeof TF, logits: TF.Tensor, labels: TF.Tensor): TF.Scalar {
  const classes = logits.shape[logits.shape.length - 1];
  const flat = logits.reshape([-1, classes]);
  const rows = flat.shape[0];
  const ids = labels.reshape([-1]).toInt();
  const keep = tf.cast(tf.notEqual(ids, -100), "float32");
  const count = tf.maximum(tf.sum(keep), 1);
  const safe = tf.maximum(ids, tf.scalar(0, "int32")).toInt();
  const targets = tf.stack([tf.range(0, rows, 1, "int32"), safe], 1);
  // Flat positions of the targets (one per row, so unique: what sparseToDense needs).
  const flatTargets = tf.add(tf.mul(tf.range(0, rows, 1, "int32"), tf.scalar(classes, "int32")), safe).toInt();
  const f = tf.customGrad(((x: TF.Tensor, save: (t: TF.Tensor[]) => void) => {
    const shifted = tf.sub(x, tf.max(x, -1, true));
    const logZ = tf.log(tf.sum(tf.exp(shifted), -1, true));
    const picked = tf.gatherND(shifted, targets);
    const value = tf.div(tf.sum(tf.mul(tf.sub(logZ.reshape([-1]), picked), keep)), count) as TF.Scalar;
    // Tensors the gradient reads must be saved: closed-over ones are disposed before it runs.
    save([shifted, logZ, flatTargets, keep, count]);
    return {
      value,
      gradFunc: (dy: TF.Tensor, saved: TF.Tensor[]) =>
        tf.tidy(() => {
          const [sh, z, flatT, kept, n] = saved;
          const probs = tf.exp(tf.sub(sh, z));
          const oneHot = tf.sparseToDense(flatT, kept, [rows * classes], 0).reshape([rows, classes]);
          return tf.mul(tf.mul(tf.sub(probs, oneHot), kept.reshape([rows, 1])), tf.div(dy, n));
        }),
    };
  }) as never);
  return (f as unknown as (x: TF.Tensor) => TF.Scalar)(flat);
}

/**
 * LayerNorm over the last axis (biased variance, as PyTorch), with its gradient written out: the
 * backward pass keeps the normalised input and the standard deviations, not the formula's ten steps.
 */
export function layerNorm(tf: typeof TF, x: TF.Tensor, weight: TF.Tensor, bias: TF.Tensor, eps: number): TF.Tensor {
  const f = tf.customGrad(((input: TF.Tensor, w: TF.Tensor, b: TF.Tensor, save: (t: TF.Tensor[]) => void) => {
    const { mean, variance } = tf.moments(input, -1, true);
    const std = tf.sqrt(tf.add(variance, eps));
    const normalised = tf.div(tf.sub(input, mean), std);
    save([normalised, std, w]);
    return {
      value: tf.add(tf.mul(normalised, w), b),
      gradFunc: (dy: TF.Tensor, [xHat, sd, wSaved]: TF.Tensor[]) =>
        tf.tidy(() => {
          const outer = dy.shape.slice(0, -1).map((_, i) => i); // every axis but the features
          const dxHat = tf.mul(dy, wSaved);
          const dx = tf.div(
            tf.sub(tf.sub(dxHat, tf.mean(dxHat, -1, true)), tf.mul(xHat, tf.mean(tf.mul(dxHat, xHat), -1, true))),
            sd,
          );
          return [dx, tf.sum(tf.mul(dy, xHat), outer), tf.sum(dy, outer)];
        }),
    };
  }) as never);
  return (f as unknown as (x: TF.Tensor, w: TF.Tensor, b: TF.Tensor) => TF.Tensor)(x, weight, bias);
}

/** GELU with erf (BERT's "gelu"), with its gradient written out (Φ(x) + x φ(x)): the backward pass keeps x only. */
export function geluErf(tf: typeof TF, x: TF.Tensor): TF.Tensor {
  const f = tf.customGrad(((input: TF.Tensor, save: (t: TF.Tensor[]) => void) => {
    save([input]);
    return {
      value: tf.mul(tf.mul(input, 0.5), tf.add(tf.erf(tf.div(input, Math.SQRT2)), 1)),
      gradFunc: (dy: TF.Tensor, [xSaved]: TF.Tensor[]) =>
        tf.tidy(() => {
          const cdf = tf.mul(tf.add(tf.erf(tf.div(xSaved, Math.SQRT2)), 1), 0.5);
          const pdf = tf.mul(tf.exp(tf.mul(tf.square(xSaved), -0.5)), 1 / Math.sqrt(2 * Math.PI));
          return tf.mul(dy, tf.add(cdf, tf.mul(xSaved, pdf)));
        }),
    };
  }) as never);
  return (f as unknown as (x: TF.Tensor) => TF.Tensor)(x);
}

/**
 * tf.dropout(x, rate, undefined, seed) (the same mask), with its gradient written out (dy times the
 * mask): the backward pass keeps the mask only, not x and the steps that drew the mask.
 */
export function dropout(tf: typeof TF, x: TF.Tensor, rate: number, seed: number): TF.Tensor {
  const keep = 1 - rate;
  const f = tf.customGrad(((input: TF.Tensor, save: (t: TF.Tensor[]) => void) => {
    const mask = tf.div(tf.floor(tf.add(tf.randomUniform(input.shape, 0, 1, "float32", seed), keep)), keep);
    save([mask]);
    return { value: tf.mul(input, mask), gradFunc: (dy: TF.Tensor, [m]: TF.Tensor[]) => tf.tidy(() => tf.mul(dy, m)) };
  }) as never);
  return (f as unknown as (x: TF.Tensor) => TF.Tensor)(x);
}

/** GELU's tanh approximation (GPT-2's "gelu_new"). */
export function geluTanh(tf: typeof TF, x: TF.Tensor): TF.Tensor {
  const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}
