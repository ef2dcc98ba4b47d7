// A worker thread of `earshot train`: the cross-validation folds it is given, on its own core.
import { parentPort, workerData } from 'node:worker_threads';
import { crossValidate, vectorizeAll, type BuildOptions } from '../core/nlp/train/build-model.ts';
import type { Example } from '../core/nlp/train/examples.ts';

const { examples, options, folds } = workerData as { examples: Example[]; options: BuildOptions; folds: number[] };
const vectors = vectorizeAll(examples, options.bits);
const oof = crossValidate(examples, vectors, options, folds, (line) => parentPort!.postMessage({ log: line }));
parentPort!.postMessage({ oof: [...oof] });
