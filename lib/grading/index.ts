// The learner's side of grading, as notebooks import it.
export { check } from "./check";
export { progress } from "./progress";
