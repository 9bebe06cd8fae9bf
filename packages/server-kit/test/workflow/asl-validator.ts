/**
 * asl-validator, the Amazon States Language validator the local interpreter uses. It is
 * aws-local-stepfunctions' own dependency, so it is resolved from there rather than declared twice.
 */
import { createRequire } from 'node:module';

type Validator = (definition: unknown, options?: { checkArn?: boolean; checkPaths?: boolean }) => { isValid: boolean; errorsText: (separator?: string) => string };

const fromInterpreter = createRequire(createRequire(import.meta.url).resolve('aws-local-stepfunctions'));
const validatorModule = fromInterpreter('asl-validator') as Validator | { default: Validator };

export const validateAsl: Validator = typeof validatorModule === 'function' ? validatorModule : validatorModule.default;
