/** The package version, kept equal to package.json's. */
export const EDITOR_VERSION: string = '0.1.0';
