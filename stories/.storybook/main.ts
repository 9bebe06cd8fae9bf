/**
 * Storybook for the SDK's elements, built to run offline: no addons to download, nothing from a
 * CDN, no telemetry. Stories play media from the local dev stack (`npm start`), never from the web.
 */
import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../src/**/*.stories.ts'],
  addons: [],
  core: {
    disableTelemetry: true,
    disableWhatsNewNotifications: true,
  },
};

export default config;
