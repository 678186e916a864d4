// The learner's side of grading, as notebooks import it.
export { check } from "./check-answer";
export { progress } from "./exercise-progress";
