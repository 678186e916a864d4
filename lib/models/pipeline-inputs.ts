// Inputs written as in Python's pipelines that transformers.js would take without complaint and answer
// wrongly: said plainly, with the call to write instead.

/** Throws when `args` are Python-style inputs transformers.js misreads for `task`; else does nothing. */
export function checkPipelineInputs(task: string, args: unknown[]): void {
  const first = args[0];
  const isPlainObject = typeof first === "object" && first !== null && !Array.isArray(first);
  if (task === "question-answering" && isPlainObject && ("question" in first || "context" in first)) {
    // transformers.js reads the object as the question and the missing context as empty: { answer: "", score: 0 }.
    throw new TypeError(
      'question-answering takes the question and the context as two arguments: qa("Where do I work?", "My name is Sylvain and I work at …"), ' +
        "not one object as Python's qa(question=…, context=…)",
    );
  }
}
