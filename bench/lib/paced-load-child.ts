/** Child process entry of pacedLoadInChild: runs one paced load and prints its result as JSON. */
import { pacedLoad, type PacedLoadOptions } from './paced-load.js';

const options = JSON.parse(process.argv[2] ?? '') as PacedLoadOptions;
process.stdout.write(JSON.stringify(await pacedLoad(options)) + '\n');
