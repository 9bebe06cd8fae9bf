/**
 * Lambda code for the stack's functions: each entry in src/functions/ bundled with esbuild into
 * one ESM file (server-kit, @surgery-video/client and the pinned AWS SDK clients included, so the
 * function runs the versions the tests ran, not the runtime's copy of the SDK).
 *
 * Bundling is local and synchronous, inside the synth, with the esbuild the workspace already has
 * (the one aws-cdk-lib's own NodejsFunction finds). Docker bundling is never used: when esbuild is
 * not there the synth stops and says so.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/** The file name of the bundled handler module in the asset; the handler is `<this>.handler`. */
export const BUNDLE_MODULE = 'index';

interface EsbuildApi {
  buildSync(options: Record<string, unknown>): { errors: unknown[] };
}

function loadEsbuild(): EsbuildApi {
  const fromCdk = createRequire(createRequire(import.meta.url).resolve('aws-cdk-lib'));
  try {
    return fromCdk('esbuild') as EsbuildApi;
  } catch {
    throw new Error('deploy/aws: esbuild was not found next to aws-cdk-lib; install the workspace (pnpm install) so the Lambda code can be bundled locally. Docker bundling is not used.');
  }
}

export function functionEntry(name: string): string {
  return fileURLToPath(new URL(`./functions/${name}.ts`, import.meta.url));
}

/** The bundled code of `src/functions/<name>.ts`. */
export function bundledCode(name: string): lambda.Code {
  const entry = functionEntry(name);
  const sourceDir = fileURLToPath(new URL('./functions/', import.meta.url));
  return lambda.Code.fromAsset(sourceDir, {
    // Every entry shares the source folder: hash what was bundled, or all functions would get one asset.
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Part of the staging cache key (functions are not), so each entry is bundled on its own.
      environment: { SURGERY_VIDEO_ENTRY: name },
      // Required by the API; never pulled: local bundling below either succeeds or throws.
      image: DockerImage.fromRegistry('docker-bundling-is-disabled'),
      local: {
        tryBundle(outputDir: string): boolean {
          const result = loadEsbuild().buildSync({
            entryPoints: [entry],
            outfile: `${outputDir}/${BUNDLE_MODULE}.mjs`,
            bundle: true,
            platform: 'node',
            target: 'node22',
            format: 'esm',
            minify: true,
            sourcemap: false,
            legalComments: 'none',
            logLevel: 'silent',
            // Some AWS SDK dependencies are CommonJS and call require().
            banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
          });
          if (result.errors.length > 0) throw new Error(`deploy/aws: bundling ${name} failed.`);
          return true;
        },
      },
    },
  });
}
