/** The package version, kept equal to package.json's by a test. */
export const PLAYER_VERSION: string = '0.1.0';
