import { mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

// The workflow parser imports its JSON schema without an import attribute, which Node 20
// rejects; inlining it lets vite transform the JSON import.
export default mergeConfig(sharedTestConfig, {
  test: { server: { deps: { inline: ['@actions/workflow-parser'] } } },
});
