export { SwitchyardProvider, type SwitchyardProviderOptions } from './switchyard-provider.js';
export { type TranslatedContext, toLdContext } from './to-ld-context.js';
